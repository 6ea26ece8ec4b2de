import ExcelJS from 'exceljs';
import { householdLedgerColumns } from '@meshwork/contracts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInAs, useMeshwork } from './harness.js';

/** Opens a branch of the region tree by clicking the switcher of the node with this title. */
async function expand(page: Page, title: string): Promise<void> {
  const node = page.getByTestId('region-tree').locator('.ant-tree-treenode').filter({ has: page.getByText(title, { exact: true }) }).first();
  await node.locator('.ant-tree-switcher').click();
}

async function select(page: Page, title: string): Promise<void> {
  await page.getByTestId('region-tree').getByText(title, { exact: true }).first().click();
  await expect.poll(() => page.getByTestId('region-detail').locator('.detail-name').textContent()).toBe(title);
}

async function ledger(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow([...householdLedgerColumns]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('foundation: a community keeps its grid, the auditor sees it', () => {
  const e2e = useMeshwork();

  it('community admin browses the tree, adds a household and imports a ledger; the auditor finds both in the log', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'community');
    await page.goto('/regions');

    await expect.poll(() => page.getByTestId('region-tree').textContent()).toContain('华阳社区');
    await expand(page, '华阳社区');
    await expand(page, '第一网格');
    await expand(page, '1栋');
    await select(page, '1单元');

    await page.getByTestId('region-add-child').click();
    await page.getByTestId('region-form-name').fill('999');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('region-tree').textContent()).toContain('999');

    await select(page, '华阳社区');
    const before = Number(await page.getByTestId('region-household-count').textContent());
    const upload = page.getByTestId('households-import');
    await upload.locator('input[type=file]').setInputFiles({
      name: '华阳社区台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await ledger([
        ['第三网格', '8栋', '1单元', '101', '自住'],
        ['第三网格', '8栋', '1单元', '102', '出租'],
        ['第三网格', '8栋', '', '商铺1', '空置'],
      ]),
    });
    await expect.poll(() => upload.getByTestId('import-summary').textContent(), { timeout: 15_000 }).toMatch(/3/);
    await expect.poll(async () => Number(await page.getByTestId('region-household-count').textContent())).toBe(before + 3);

    // A ledger with a bad row is refused whole, row by row.
    await upload.locator('input[type=file]').setInputFiles({
      name: '有错误的台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await ledger([['第四网格', '', '1单元', '101', '']]),
    });
    await expect.poll(() => upload.getByTestId('import-errors').textContent()).toContain('楼栋');

    const auditor = await e2e.newPage();
    await signInAs(auditor, 'auditor');
    await auditor.goto('/audit');
    await auditor.getByTestId('audit-action').fill('region.');
    await auditor.getByTestId('audit-search').click();
    const table = auditor.getByTestId('audit-table');
    await expect.poll(() => table.textContent()).toContain('region.import-households');
    expect(await table.textContent()).toContain('region.create');
    expect(await table.textContent()).toContain('community');
  });

  it('works at phone width: the menu opens as a drawer and leads to the tree', async () => {
    const page = await e2e.newPage({ phone: true });
    await signInAs(page, 'gridworker');
    await page.getByTestId('nav-menu-button').click();
    await page.getByTestId('nav-regions').click();
    await expect.poll(() => page.getByTestId('region-tree').textContent()).toContain('第一网格');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
  });

  it('refuses a wrong password with a message, and switches language', async () => {
    const page = await e2e.newPage();
    await page.goto('/login');
    await expect.poll(() => page.getByTestId('demo-password').textContent()).toContain('Demo@2026');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');

    await signInAs(page, 'admin');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('nav-regions').textContent()).toMatch(/Region/);
  });
});
