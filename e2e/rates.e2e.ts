import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { idNumber, signInAs, useMeshwork } from './harness.js';

const UNIT = '南关区卫生健康局';
const BRANCH = '中共南关区卫生健康局支部委员会';
const GROUP = '报到情况测试党小组';

async function api<T>(page: Page, method: 'get' | 'post', url: string, data?: unknown): Promise<T> {
  const res = method === 'get' ? await page.request.get(url) : await page.request.post(url, { data: data ?? {} });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

type Grant = { role: string; orgId: number | null; regionId: number | null };
const grantOf = async (page: Page, role: string) => (await api<{ grants: Grant[] }>(page, 'get', '/api/auth/me')).grants.find((g) => g.role === role)!;

/** The cells of a table row whose first cell is `name`. */
async function rowCells(page: Page, name: string): Promise<string[]> {
  const row = page.getByTestId('rates-table').locator('tbody tr').filter({ has: page.locator('td:first-child', { hasText: name }) });
  return row.first().locator('td').allInnerTexts();
}

async function openRates(page: Page): Promise<void> {
  await page.getByTestId('nav-rates').click();
  await page.waitForURL('**/rates**');
  await page.getByTestId('rates-table').waitFor();
}

describe('rates (报到情况): admins see enrolment rolled up their tree', () => {
  const e2e = useMeshwork();

  it('an org admin sees its units’ rates, drills down and back, and exports the ledger', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'orgadmin');
    // A party group with two members under the unit's branch, so that there is a level to drill into.
    const unit = await grantOf(page, 'org_admin');
    const branch = (await api<{ children: Array<{ id: number; name: string }> }>(page, 'get', `/api/rates/orgs/${unit.orgId}`)).children.find(
      (c) => c.name === BRANCH,
    )!;
    const group = await api<{ id: number }>(page, 'post', '/api/orgs', { parentId: branch.id, type: 'party_group', name: GROUP });
    for (const [i, name] of ['钱报到', '孙报到'].entries()) {
      await api(page, 'post', `/api/orgs/${group.id}/members`, { name, idNumber: idNumber(`22010219850310${i}12`), party: { status: 'formal' } });
    }

    await openRates(page);
    // One tab only: the org admin holds no region grant.
    await expect.poll(() => page.getByTestId('rates-tab-org').count()).toBe(1);
    expect(await page.getByTestId('rates-tab-region').count()).toBe(0);
    await expect.poll(() => page.getByTestId('rates-breadcrumb').innerText()).toContain(UNIT);
    expect(await page.getByTestId('rates-help').innerText()).toContain('报到率＝已报到÷成员数');
    const cells = await rowCells(page, BRANCH);
    expect(cells[0]).toBe(BRANCH);
    expect(Number(cells[2])).toBeGreaterThanOrEqual(2);
    await page.getByTestId('rates-chart').locator('canvas').waitFor();

    await page.getByTestId('rates-table').getByTestId('rates-drill').filter({ hasText: BRANCH }).click();
    await expect.poll(() => page.getByTestId('rates-breadcrumb').innerText()).toContain(BRANCH);
    await expect.poll(() => rowCells(page, GROUP)).toEqual([GROUP, '党小组', '2', '0', '0', '0', '0.0%', '0.0%']);
    expect(page.url()).toContain(`org=${branch.id}`);

    await page.getByTestId('rates-breadcrumb').getByText(UNIT, { exact: true }).click();
    await expect.poll(() => rowCells(page, BRANCH).then((c) => c[0])).toBe(BRANCH);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rates-export').click()]);
    expect(download.suggestedFilename()).toBe(`${UNIT}-报到情况台账.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const ws = workbook.getWorksheet('组织报到情况')!;
    expect(String(ws.getCell(1, 1).value)).toContain(`${UNIT} 报到情况台账`);
    expect(ws.getRow(2).values).toEqual([undefined, '组织', '类型', '成员数', '已报到', '已确认', '近7天活跃', '报到率', '确认率']);
    expect(ws.getCell(3, 1).value).toBe(`${UNIT}（合计）`);
  });

  it('a region admin sees the region tab and drills from the street to its communities', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'street');
    await openRates(page);
    await expect.poll(() => page.getByTestId('rates-tab-region').count()).toBe(1);
    expect(await page.getByTestId('rates-tab-org').count()).toBe(0);
    await expect.poll(() => page.getByTestId('rates-breadcrumb').innerText()).toContain('南岭街道');
    expect(await page.getByTestId('rates-help').innerText()).toContain('已报到单位');
    await expect.poll(() => rowCells(page, '华阳社区').then((c) => c[1])).toBe('社区/村');

    const district = await e2e.newPage();
    await signInAs(district, 'district');
    await openRates(district);
    await expect.poll(() => district.getByTestId('rates-breadcrumb').innerText()).toContain('南关区');
    await district.getByTestId('rates-table').getByTestId('rates-drill').filter({ hasText: '南岭街道' }).click();
    await expect.poll(() => district.getByTestId('rates-breadcrumb').innerText()).toMatch(/南关区\s*\/\s*南岭街道/);
    await expect.poll(() => rowCells(district, '华阳社区').then((c) => c[0])).toBe('华阳社区');

    // The same screen in traditional characters: headers and definitions follow the language.
    await district.getByTestId('lang-switch').click();
    await district.getByTestId('lang-zh-TW').click();
    await expect.poll(() => district.getByTestId('rates-tab-region').innerText()).toBe('屬地');
    expect(await district.getByTestId('rates-help').innerText()).toContain('已報到單位');
  });

  it('the unit’s org sees its rate change once the community confirms a member who enrolled by its invitation', async () => {
    const orgAdmin = await e2e.newPage();
    await signInAs(orgAdmin, 'orgadmin');
    const unit = await grantOf(orgAdmin, 'org_admin');
    const branchRow = async () =>
      (await api<{ children: Array<{ name: string; enrolled: number; confirmed: number }> }>(orgAdmin, 'get', `/api/rates/orgs/${unit.orgId}`)).children.find(
        (c) => c.name === BRANCH,
      )!;
    await openRates(orgAdmin);
    const before = await branchRow();
    await expect.poll(() => rowCells(orgAdmin, BRANCH).then((c) => c[4])).toBe(String(before.confirmed));

    const community = await e2e.newPage();
    await signInAs(community, 'community');
    const huayang = (await grantOf(community, 'region_admin')).regionId!;
    const branchId = (await api<{ children: Array<{ id: number; name: string }> }>(orgAdmin, 'get', `/api/rates/orgs/${unit.orgId}`)).children.find(
      (c) => c.name === BRANCH,
    )!.id;
    const invitation = await api<{ token: string }>(orgAdmin, 'post', '/api/invitations', { orgId: branchId });

    const member = await e2e.newPage({ phone: true });
    await member.goto('/');
    await api(member, 'post', `/api/invitations/${invitation.token}/register`, { name: '周报到', phone: '13712340001', password: 'Rate#2026-ok' });
    const enrolment = await api<{ id: number }>(member, 'post', '/api/me/enrolments', { communityId: huayang, invitation: invitation.token });
    await expect.poll(async () => (await branchRow()).enrolled).toBe(before.enrolled + 1);

    await api(community, 'post', `/api/enrolments/${enrolment.id}/confirm`, {});
    await orgAdmin.reload();
    await expect.poll(() => rowCells(orgAdmin, BRANCH).then((c) => c[4])).toBe(String(before.confirmed + 1));
    expect((await rowCells(orgAdmin, BRANCH))[3]).toBe(String(before.enrolled + 1));
  });
});
