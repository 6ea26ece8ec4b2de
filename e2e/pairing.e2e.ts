import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dropdown, eventually, rowOf } from './antd.js';
import { signInAs, useMeshwork } from './harness.js';

/** Answers the open Popconfirm with its OK button. */
const confirmPop = (page: Page) => page.locator('.ant-popover:not(.ant-popover-hidden) .ant-btn-primary').click();

const UNIT = '南关区卫生健康局';
const TEAM = '卫健局核酸检测志愿服务队';

describe('pairing and teams: a unit forms a team, pairs with a community and offers it; the community confirms', () => {
  const e2e = useMeshwork();

  it('the unit’s org admin forms a team of its members and names a leader', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'orgadmin');
    await page.getByTestId('nav-teams').click();
    await page.waitForURL('**/teams');
    const table = page.getByTestId('teams-table');
    // The demo's commando team of the unit is there already.
    await eventually(() => table.textContent()).toContain('卫健局党员突击队');

    await page.getByTestId('team-create').click();
    await page.getByTestId('team-form-kind').click();
    await dropdown(page).locator('.ant-select-item-option').filter({ hasText: '志愿服务队' }).click();
    await page.getByTestId('team-form-name').fill(TEAM);
    await page.getByTestId('team-form-submit').click();
    await eventually(() => rowOf(table, TEAM).count()).toBe(1);

    await rowOf(table, TEAM).getByTestId('team-manage').click();
    const detail = page.getByTestId('team-detail');
    await eventually(() => detail.textContent()).toContain(UNIT);
    // Candidates are the unit's own members (the enrolment demo's 卫健局 branch members).
    await page.getByTestId('team-member-picker').click();
    await page.keyboard.type('陈丽华');
    // Picked once the search has answered, so that the list does not change under the click.
    const options = dropdown(page).locator('.ant-select-item-option');
    await eventually(() => options.allTextContents()).toEqual([expect.stringContaining('陈丽华')]);
    await options.first().click();
    await eventually(() => page.getByTestId('team-member-add').isEnabled()).toBe(true);
    await page.getByTestId('team-member-add').click();
    const members = page.getByTestId('team-members');
    await eventually(() => rowOf(members, '陈丽华').count()).toBe(1);
    expect(await rowOf(members, '陈丽华').textContent()).toMatch(/139\*{4}\d{4}/);

    await rowOf(members, '陈丽华').getByTestId('team-member-leader').click();
    await eventually(() => detail.locator('.ant-descriptions').textContent()).toContain('陈丽华');
    await page.locator('.ant-drawer-open .ant-drawer-close').click();
    await eventually(() => rowOf(table, TEAM).textContent()).toContain('陈丽华');

    // The roster (队伍花名册) takes the list's filters: searched down to the new team, it holds only its member.
    await page.getByTestId('team-search').fill(TEAM);
    await eventually(() => table.locator('tbody tr.ant-table-row').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('team-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^队伍花名册-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Array.isArray) as unknown[][];
    expect(String(rows[0]![1])).toContain('队伍花名册');
    expect(rows.slice(2).map((r) => r.slice(1, 7))).toEqual([[TEAM, '志愿服务队', UNIT, '是', '陈丽华', expect.stringMatching(/^139\*{4}\d{4}$/)]]);
  });

  it('the unit pairs with 华阳社区 offering the team; the community sees the liaison and the team and confirms; the unit sees it confirmed', async () => {
    const unit = await e2e.newPage();
    await signInAs(unit, 'orgadmin');
    await unit.getByTestId('nav-pairings').click();
    await unit.waitForURL('**/pairings');
    const unitTable = unit.getByTestId('pairings-unit-table');
    // The demo pairing with 恒安社区, confirmed.
    await eventually(() => rowOf(unitTable, '恒安社区').textContent()).toContain('已确认');

    await unit.getByTestId('pairing-create').click();
    await eventually(() => unit.getByTestId('pairing-form-unit').textContent()).toContain(UNIT);
    await unit.getByTestId('pairing-form-place').click();
    await unit.keyboard.type('华阳');
    await dropdown(unit).locator('.ant-select-item-option[aria-label$="南岭街道 / 华阳社区"]').click();
    await unit.getByTestId('pairing-form-liaison-name').fill('钱联络');
    await unit.getByTestId('pairing-form-liaison-phone').fill('13712340000');
    await unit.getByTestId('pairing-form-people').fill('15');
    await unit.getByTestId('pairing-form-funds').fill('20000');
    await unit.getByTestId('pairing-form-materials').fill('测温枪 10 把');
    await unit.getByTestId('pairing-form-teams').click();
    await dropdown(unit).locator('.ant-select-item-option').filter({ hasText: TEAM }).click();
    await unit.keyboard.press('Escape');
    await unit.getByTestId('pairing-form-submit').click();
    await eventually(() => rowOf(unitTable, '华阳社区').textContent()).toContain('待确认');
    expect(await rowOf(unitTable, '华阳社区').textContent()).toContain(TEAM);
    // While pending the unit may change what it offers (in the edit drawer, once the other has gone).
    const openDrawer = unit.locator('.ant-drawer-open');
    await eventually(() => openDrawer.count()).toBe(0);
    await rowOf(unitTable, '华阳社区').getByTestId('pairing-edit').click();
    await eventually(() => openDrawer.getByTestId('pairing-form-people').inputValue()).toBe('15');
    await openDrawer.getByTestId('pairing-form-people').fill('18');
    await openDrawer.getByTestId('pairing-form-submit').click();
    await eventually(() => rowOf(unitTable, '华阳社区').textContent()).toContain('18 人');

    const place = await e2e.newPage();
    await signInAs(place, 'community');
    await place.getByTestId('nav-pairingReview').click();
    await place.waitForURL('**/pairing-review');
    const placeTable = place.getByTestId('pairings-place-table');
    const row = rowOf(placeTable, UNIT);
    await eventually(() => row.textContent()).toContain('待确认');
    // The liaison is named to be contacted: in clear. Team members' phones are masked.
    expect(await row.textContent()).toContain('13712340000');
    await row.locator('.ant-table-row-expand-icon').click();
    const teams = placeTable.getByTestId('pairing-teams');
    await eventually(() => teams.textContent()).toContain(TEAM);
    expect(await teams.textContent()).toMatch(/陈丽华（队长） 139\*{4}\d{4}/);
    // Out of its scope: the demo pairing at 南岭街道 (the street's) does not show here.
    expect(await placeTable.textContent()).not.toContain('城市建设投资集团');

    await row.getByTestId('pairing-confirm').click();
    await confirmPop(place);
    await eventually(() => row.textContent()).toContain('已确认');

    await unit.reload();
    await eventually(() => rowOf(unitTable, '华阳社区').textContent()).toContain('已确认');

    // The community's ledger lists it with the liaison and the team.
    const [download] = await Promise.all([place.waitForEvent('download'), place.getByTestId('pairing-export').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Array.isArray) as unknown[][];
    const found = rows.find((r) => r[1] === UNIT)!;
    expect(found.slice(1, 11)).toEqual([UNIT, '机关', '华阳社区', '钱联络', '13712340000', 18, 20000, '测温枪 10 把', `${TEAM}（志愿服务队，1人）`, '已确认']);
  });

  it('the community declines a pending pairing with a reason, which the list shows', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.goto('/pairing-review');
    const table = page.getByTestId('pairings-place-table');
    const row = rowOf(table, '南关区住房和城乡建设局');
    await eventually(() => row.textContent()).toContain('待确认');
    await row.getByTestId('pairing-decline').click();
    await page.locator('.ant-modal').getByRole('button', { name: '退回' }).click();
    await eventually(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContain('请填写退回原因');
    await page.getByTestId('pairing-decline-reason').fill('本社区已有住建力量');
    await page.locator('.ant-modal').getByRole('button', { name: '退回' }).click();
    await eventually(() => row.textContent()).toContain('本社区已有住建力量');
    expect(await row.textContent()).toContain('已退回');
  });
});
