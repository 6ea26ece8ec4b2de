import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAs, useMeshwork } from './harness.js';

const eventually = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });

/** The open dropdown of an antd Select (closed ones stay in the DOM, hidden). */
const dropdown = (page: Page) => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

const rowOf = (table: Locator, text: string) => table.locator('tbody tr.ant-table-row').filter({ hasText: text });

/** The confirmed members of the enrolment demo who live in 华阳社区's 第一网格. */
const MEMBERS = ['刘卫民', '陈丽华'];
const BRANCH = '华阳社区第一网格封控区临时党支部';

describe('temporary branches: a community sets one up for a sealed grid, staffs it and dissolves it', () => {
  const e2e = useMeshwork();

  it('community admin sets up, adds two confirmed members, names a secretary, dissolves; the history keeps it', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.getByTestId('nav-temporaryBranches').click();
    await page.waitForURL('**/temporary-branches');
    const table = page.getByTestId('tb-table');
    // The demo's dissolved branch is in the history already; the street's branch is out of sight.
    await eventually(() => rowOf(table, '华阳社区第二网格封控区临时党支部').textContent()).toContain('已撤销');
    expect(await table.textContent()).not.toContain('南岭宾馆');

    await page.getByTestId('tb-create').click();
    await page.getByTestId('tb-form-name').fill(BRANCH);
    await page.getByTestId('tb-form-region').click();
    await page.keyboard.type('第一网格');
    await dropdown(page).locator('.ant-select-item-option[aria-label$="/ 华阳社区 / 第一网格"]').click();
    await page.getByTestId('tb-form-parent').click();
    await dropdown(page).locator('.ant-select-item-option[title="中共华阳社区委员会"]').click();
    await page.getByTestId('tb-form-submit').click();

    const detail = page.getByTestId('tb-detail');
    await eventually(() => detail.textContent()).toContain('中共华阳社区委员会');
    expect(await detail.textContent()).toContain('第一网格');

    await page.getByTestId('tb-add-members').click();
    const candidates = page.getByTestId('tb-candidates');
    for (const name of MEMBERS) await rowOf(candidates, name).locator('input[type=checkbox]').check();
    await page.getByTestId('tb-add-members-submit').click();
    const members = page.getByTestId('tb-members');
    await eventually(() => members.locator('tbody tr.ant-table-row').count()).toBe(2);
    for (const name of MEMBERS) expect(await members.textContent()).toContain(name);

    await rowOf(members, '刘卫民').getByTestId('tb-member-secretary').click();
    await eventually(() => page.getByTestId('tb-secretary').textContent()).toBe('刘卫民');
    await eventually(() => rowOf(members, '刘卫民').textContent()).toContain('书记');

    await page.getByTestId('tb-dissolve').click();
    await page.getByTestId('tb-dissolve-reason').fill('第一网格解除封控');
    await page.locator('.ant-modal').getByRole('button', { name: '撤销支部' }).click();
    await eventually(() => detail.textContent()).toContain('第一网格解除封控');
    expect(await detail.textContent()).toContain('已撤销');
    expect(await page.getByTestId('tb-add-members').count()).toBe(0);
    // The history: both members, 刘卫民 first as a member then as secretary, every row ended.
    const history = page.getByTestId('tb-history').locator('tbody tr.ant-table-row');
    const rows = await history.evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells).map((td) => td.textContent?.trim() ?? '')));
    expect(rows.map((r) => `${r[0]}:${r[1]}`).sort()).toEqual(['刘卫民:党员', '刘卫民:书记', '陈丽华:党员'].sort());
    expect(rows.every((r) => r[3] !== '—')).toBe(true);

    await page.locator('.ant-drawer-open .ant-drawer-close').click();
    await eventually(() => detail.count()).toBe(0);
    await eventually(() => rowOf(table, BRANCH).textContent()).toContain('已撤销');

    // The ledger holds it, with its secretary gone and its dates.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('tb-export').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('临时党支部台账')!;
    const found = sheet.getSheetValues().find((r) => Array.isArray(r) && r[1] === BRANCH) as unknown[];
    expect(found.slice(1, 4)).toEqual([BRANCH, '封控区域', expect.stringContaining('华阳社区 / 第一网格')]);
    expect(found[10]).toBe('第一网格解除封控');
    const memberSheet = wb.getWorksheet('成员')!;
    const memberRows = memberSheet.getSheetValues().filter((r) => Array.isArray(r) && r[1] === BRANCH);
    expect(memberRows).toHaveLength(3);
  });
});
