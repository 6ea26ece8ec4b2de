import ExcelJS from 'exceljs';
import { memberLedgerColumns } from '@meshwork/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { choose } from './antd.js';
import { idNumber, signInAs, useMeshwork } from './harness.js';

const BRANCH = '中共南关区卫生健康局支部委员会';

/** The same digits with a check character that is not the right one. */
function withWrongCheck(first17: string): string {
  const right = idNumber(first17).slice(-1);
  return first17 + (right === '0' ? '1' : '0');
}

async function ledger(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成员台账');
  ws.addRow([...memberLedgerColumns]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Opens the members screen from the menu and waits for the default org's table. */
async function openMembers(page: Page): Promise<void> {
  await page.getByTestId('nav-members').click();
  await page.waitForURL('**/members');
  await expect.poll(() => page.getByTestId('member-org').textContent()).toContain('南关区卫生健康局');
  await page.getByTestId('members-table').waitFor();
}

describe('people: an org admin keeps the members of the unit', () => {
  const e2e = useMeshwork();

  it('org admin adds a member with a valid ID number, sees it masked, and reveals it', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'orgadmin');
    await openMembers(page);

    const id = idNumber('22010219900101123');
    await page.getByTestId('member-create').click();
    await page.getByTestId('member-form-name').fill('赵测试');
    await page.getByTestId('member-form-id-number').fill(id);
    await page.getByTestId('member-form-phone').fill('13812345678');
    await choose(page, 'member-form-gender', '男');
    await choose(page, 'member-form-branch', BRANCH);
    await choose(page, 'member-form-skills', '医疗');
    await page.keyboard.press('Escape');
    await page.getByTestId('member-form-submit').click();

    const table = page.getByTestId('members-table');
    const row = table.locator('tr').filter({ hasText: '赵测试' });
    await expect.poll(() => row.textContent()).toContain(`2201**********${id.slice(-4)}`);
    const text = (await row.textContent()) ?? '';
    expect(text).not.toContain(id);
    expect(text).toContain('138****5678');
    expect(text).toContain(BRANCH);
    expect(text).toContain('正式党员');
    expect(text).toContain('医疗');

    await row.getByTestId('member-reveal').click();
    const dialog = page.getByRole('dialog', { name: /完整信息/ });
    await expect.poll(() => page.getByTestId('member-reveal-id-number').textContent()).toBe(id);
    expect(await page.getByTestId('member-reveal-phone').textContent()).toBe('13812345678');
    expect(await dialog.textContent()).toContain('审计');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    // The same ID number again links the existing person rather than creating another.
    await page.getByTestId('member-create').click();
    await page.getByTestId('member-form-name').fill('赵测试');
    await page.getByTestId('member-form-id-number').fill(id);
    await page.getByTestId('member-form-submit').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已关联已有人员');
    await expect.poll(() => table.locator('tr').filter({ hasText: '赵测试' }).count()).toBe(1);

    // Editing changes the person (PATCH /api/people/:id).
    await row.getByTestId('member-edit').click();
    await page.getByTestId('member-form-name').fill('赵改名');
    await page.getByTestId('member-form-submit').click();
    await expect.poll(() => table.textContent()).toContain('赵改名');
    expect(await table.textContent()).toContain('138****5678');
  });

  it('an invalid ID number is refused in the form and nothing is created', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'orgadmin');
    await openMembers(page);

    await page.getByTestId('member-create').click();
    await page.getByTestId('member-form-name').fill('钱无效');
    await page.getByTestId('member-form-id-number').fill(withWrongCheck('22010219850315456'));
    await page.getByTestId('member-form-submit').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContain('身份证号校验位不正确');

    // Nothing reached the server: the org has no such member.
    const roots = (await (await page.request.get('/api/orgs/roots')).json()) as Array<{ id: number }>;
    const found = (await (await page.request.get(`/api/orgs/${roots[0]!.id}/members`, { params: { q: '钱无效' } })).json()) as { total: number };
    expect(found.total).toBe(0);
  });

  it('org admin imports a small member ledger and sees the summary and the rows', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'orgadmin');
    await openMembers(page);

    const upload = page.getByTestId('members-import');
    await upload.locator('input[type=file]').setInputFiles({
      name: '成员台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await ledger([
        ['孙导入', '女', idNumber('22010219920202234'), '13900001111', BRANCH, '预备党员', '', '否', '护理、驾驶', ''],
        ['李导入', '男', idNumber('22010219880808345'), '', '', '', '南关区卫生健康局', '是', '', '周末'],
      ]),
    });
    await expect.poll(() => upload.getByTestId('import-summary').textContent(), { timeout: 15_000 }).toMatch(/2/);
    const table = page.getByTestId('members-table');
    await expect.poll(() => table.textContent()).toContain('孙导入');
    expect(await table.textContent()).toContain('李导入');

    // A bad row refuses the whole file, row by row.
    await upload.locator('input[type=file]').setInputFiles({
      name: '有错误的台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await ledger([['周错误', '男', withWrongCheck('22010219700101111'), '', BRANCH, '正式党员', '', '', '', '']]),
    });
    await expect.poll(() => upload.getByTestId('import-errors').textContent()).toContain('身份证号');
  });

  it('works at phone width: the table scrolls inside its card, the page does not', async () => {
    const page = await e2e.newPage({ phone: true });
    await signInAs(page, 'orgadmin');
    await page.goto('/members');
    await page.getByTestId('members-table').waitFor();
    await expect.poll(() => page.getByTestId('member-org').textContent()).toContain('南关区卫生健康局');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT, fullPage: true });
  });
});
