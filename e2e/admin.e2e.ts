import ExcelJS from 'exceljs';
import {
  orgLedgerColumns,
  orgType,
  type GrantView,
  type Me,
  type OrgDetail,
  type OrgNode,
  type OrgSearchHit,
  type RegionSearchHit,
  type UserView,
} from '@meshwork/contracts';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { choose, eventually, pick } from './antd.js';
import { signInAs, useMeshwork } from './harness.js';

/**
 * The administration screens, end to end: the org tree and its ledger (org admin), users and
 * grants (security admin) down to the new user's first sign-in, the division import (platform
 * admin), and the accounts without a screen of their own at phone width.
 */

// ---- antd controls ----

/** The rows of an antd table as cell texts. */
const tableRows = (table: Locator) =>
  table
    .locator('tbody tr.ant-table-row')
    .evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells).map((td) => td.textContent?.trim() ?? '')));

/** The rows of a tree (rc-tree adds a hidden one for measuring). */
const treeRows = (tree: Locator) => tree.locator('.ant-tree-treenode:not([aria-hidden])');

/** The names of a tree's top-level rows, whose indent is empty. */
const rootNames = (tree: Locator) =>
  treeRows(tree)
    .filter({ hasNot: tree.page().locator('.ant-tree-indent-unit') })
    .locator('.tree-title > span:first-child')
    .allTextContents();

const detailName = (page: Page, testId: string) => page.getByTestId(testId).locator('.detail-name').textContent();

async function getJson<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as T;
}

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// ---- orgs ----

type LedgerRecord = Partial<Record<(typeof orgLedgerColumns)[number], string>>;

/** An org ledger as an office fills it in: the contract's header row, then one org a row. */
async function orgLedger(records: LedgerRecord[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织台账');
  ws.addRow([...orgLedgerColumns]);
  for (const r of records) ws.addRow(orgLedgerColumns.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const orgTree = (page: Page) => page.getByTestId('org-tree');

async function selectOrg(page: Page, name: string): Promise<void> {
  await orgTree(page).getByText(name, { exact: true }).click();
  await eventually(() => detailName(page, 'org-detail')).toBe(name);
}

async function searchOrgs(page: Page, q: string): Promise<OrgSearchHit[]> {
  return getJson<OrgSearchHit[]>(page, `/api/orgs/search?q=${encodeURIComponent(q)}`);
}

// ---- users ----

async function usersNamed(page: Page, username: string): Promise<UserView[]> {
  const { items } = await getJson<{ items: UserView[] }>(page, `/api/users?q=${encodeURIComponent(username)}`);
  return items.filter((u) => u.username === username);
}

const grantText = (g: GrantView) => `${g.role}@${g.regionName ?? g.orgName ?? ''}`;

// ---- divisions ----

function csvFile(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text) };
}

describe('administration', () => {
  const e2e = useMeshwork();

  // Uncaught errors in the app fail the test that caused them, whatever it was looking at.
  const pageErrors: string[] = [];
  const open = async (options?: { phone?: boolean }): Promise<Page> => {
    const page = await e2e.newPage(options);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  };
  afterEach(() => {
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  it('org admin adds a child org to its unit, edits it, and closes it', async () => {
    const page = await open();
    await signInAs(page, 'orgadmin');
    await page.getByTestId('nav-orgs').click();
    await page.waitForURL('**/orgs');

    // The grant's org is the top of the tree; nothing above or beside it shows.
    await eventually(() => rootNames(orgTree(page))).toEqual(['南关区卫生健康局']);
    expect(await orgTree(page).textContent()).not.toContain('中共吉林省委组织部');
    const [root] = await getJson<OrgNode[]>(page, '/api/orgs/roots');
    expect(root).toMatchObject({ name: '南关区卫生健康局', type: 'organ' });

    await selectOrg(page, '南关区卫生健康局');
    await page.getByTestId('org-add-child').click();
    const drawer = page.getByRole('dialog', { name: '在“南关区卫生健康局”下添加组织' });
    await eventually(() => drawer.count()).toBe(1);
    await choose(page, 'org-form-type', orgType.label('branch'));
    await page.getByTestId('org-form-name').fill('卫健局第二党支部');
    await page.getByTestId('org-form-submit').click();
    await eventually(() => orgTree(page).getByText('卫健局第二党支部', { exact: true }).count()).toBe(1);
    await eventually(() => drawer.count()).toBe(0);

    const [created, ...others] = await searchOrgs(page, '卫健局第二党支部');
    expect(others).toEqual([]);
    expect(created).toMatchObject({ name: '卫健局第二党支部', type: 'branch', parentId: root!.id, status: 'active', inScope: true });
    expect(created!.pathNames.at(-1)).toBe('南关区卫生健康局');

    // Edit: a new name and type, and a region picked from the division search.
    await selectOrg(page, '卫健局第二党支部');
    await page.getByTestId('org-edit').click();
    await eventually(() => page.getByTestId('org-form-name').inputValue()).toBe('卫健局第二党支部');
    await page.getByTestId('org-form-name').fill('卫健局第二党小组');
    await choose(page, 'org-form-type', orgType.label('party_group'));
    await pick(page, 'org-form-region', '南岭街道', '/ 南关区 / 南岭街道');
    await page.getByTestId('org-form-submit').click();
    await eventually(() => detailName(page, 'org-detail')).toBe('卫健局第二党小组');
    const detail = page.getByTestId('org-detail');
    await eventually(() => detail.textContent()).toContain('党小组');
    expect(await detail.textContent()).toContain('南岭街道');
    await eventually(() => orgTree(page).getByText('卫健局第二党小组', { exact: true }).count()).toBe(1);
    expect(await orgTree(page).getByText('卫健局第二党支部', { exact: true }).count()).toBe(0);
    expect(await getJson<OrgDetail>(page, `/api/orgs/${created!.id}`)).toMatchObject({
      name: '卫健局第二党小组',
      type: 'party_group',
      regionName: '南岭街道',
      parentId: root!.id,
    });

    // Close it with a reason: it leaves the tree, unless closed orgs are shown.
    await page.getByTestId('org-close').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '撤销“卫健局第二党小组”' });
    await dialog.getByTestId('org-close-reason').fill('临时任务已完成');
    await dialog.getByRole('button', { name: '撤销' }).click();
    await eventually(() => orgTree(page).getByText('卫健局第二党小组', { exact: true }).count()).toBe(0);
    // The detail stays, as history: closed, with the reason, and no more actions.
    await eventually(() => detail.textContent()).toContain('临时任务已完成');
    expect(await detail.textContent()).toContain('已撤销');
    expect(await page.getByTestId('org-edit').count()).toBe(0);
    expect(await getJson<OrgDetail>(page, `/api/orgs/${created!.id}`)).toMatchObject({ status: 'closed', closedReason: '临时任务已完成' });

    await page.getByTestId('org-show-closed').click();
    const closedRow = treeRows(orgTree(page)).filter({ hasText: '卫健局第二党小组' });
    await eventually(() => closedRow.count()).toBe(1);
    expect(await closedRow.textContent()).toContain('已撤销');
    await page.getByTestId('org-show-closed').click();
    await eventually(() => orgTree(page).getByText('卫健局第二党小组', { exact: true }).count()).toBe(0);
    // The unit itself still has its original branch.
    expect(await orgTree(page).getByText('中共南关区卫生健康局支部委员会', { exact: true }).count()).toBe(1);
  });

  it('org admin imports an org ledger under its unit; a bad ledger is refused row by row', async () => {
    const page = await open();
    await signInAs(page, 'orgadmin');
    await page.goto('/orgs');
    await selectOrg(page, '南关区卫生健康局');

    const ledger = page.getByTestId('org-ledger');
    await eventually(() => ledger.textContent()).toContain(orgLedgerColumns.join(' | '));
    const upload = page.getByTestId('org-import');
    await upload.locator('input[type=file]').setInputFiles({
      name: '卫健局组织台账.xlsx',
      mimeType: xlsx,
      buffer: await orgLedger([
        { 组织名称: '南关区疾病预防控制中心', 组织类型: orgType.label('institution'), 所在属地代码: '220102', 联系人: '王医生', 联系电话: '0431-88886666' },
        { 组织名称: '中共南关区疾控中心支部委员会', 组织类型: orgType.label('branch'), 上级组织: '南关区疾病预防控制中心' },
        { 组织名称: '疾控中心第一党小组', 组织类型: orgType.label('party_group'), 上级组织: '中共南关区疾控中心支部委员会' },
      ]),
    });
    const summary = upload.getByTestId('import-summary');
    await eventually(() => summary.textContent(), 15_000).toContain('导入成功，共新增 3 项');
    expect(await summary.textContent()).toContain('组织 3');
    await eventually(() => orgTree(page).getByText('南关区疾病预防控制中心', { exact: true }).count()).toBe(1);

    const [group] = await searchOrgs(page, '疾控中心第一党小组');
    expect(group).toMatchObject({ type: 'party_group', status: 'active' });
    expect(group!.pathNames.slice(-3)).toEqual(['南关区卫生健康局', '南关区疾病预防控制中心', '中共南关区疾控中心支部委员会']);
    const [cdc] = await searchOrgs(page, '南关区疾病预防控制中心');
    expect(await getJson<OrgDetail>(page, `/api/orgs/${cdc!.id}`)).toMatchObject({
      type: 'institution',
      regionName: '南关区',
      contactName: '王医生',
      childCount: 1,
    });

    // A ledger whose rows do not fit the tree: nothing is written, and each problem shows with its
    // row and column (the header is row 1).
    await upload.locator('input[type=file]').setInputFiles({
      name: '有错误的组织台账.xlsx',
      mimeType: xlsx,
      buffer: await orgLedger([
        { 组织名称: '卫健局老年协会', 组织类型: orgType.label('association') },
        { 组织名称: '无处安放的支部', 组织类型: orgType.label('branch'), 上级组织: '不存在的单位' },
        { 组织名称: '南关区疾病预防控制中心', 组织类型: orgType.label('institution') },
        { 组织名称: '卫健局远方办事处', 组织类型: orgType.label('organ'), 所在属地代码: '229999' },
      ]),
    });
    const errors = upload.getByTestId('import-errors');
    await eventually(() => errors.count(), 15_000).toBe(1);
    expect(await summary.count()).toBe(0);
    expect(await tableRows(errors)).toEqual([
      ['3', '上级组织', '上级组织“不存在的单位”不在“南关区卫生健康局”之下，也不在前面的行中'],
      ['4', '组织名称', '“南关区疾病预防控制中心”已存在'],
      ['5', '所在属地代码', '区划代码 229999 不存在'],
    ]);

    // A ledger with a malformed cell is refused as well.
    await upload.locator('input[type=file]').setInputFiles({
      name: '类型错误的组织台账.xlsx',
      mimeType: xlsx,
      buffer: await orgLedger([
        { 组织名称: '卫健局老年协会', 组织类型: orgType.label('association') },
        { 组织名称: '卫健局俱乐部', 组织类型: '俱乐部' },
      ]),
    });
    await eventually(() => tableRows(errors), 15_000).toEqual([['3', '组织类型', '组织类型不在列表中']]);
    expect(await searchOrgs(page, '卫健局老年协会')).toEqual([]);
    expect(await searchOrgs(page, '南关区疾病预防控制中心')).toHaveLength(1);
  });

  it('security admin creates a region admin of 恒安社区, who changes the initial password and sees that community', async () => {
    const username = 'hengan.sj';
    const initial = 'Hengan#2026x';
    const chosen = 'Hengan&Own99';

    const sec = await open();
    await signInAs(sec, 'secadmin');
    await sec.getByTestId('nav-users').click();
    await sec.waitForURL('**/users');
    await sec.getByTestId('user-create').click();
    await sec.getByTestId('user-form-username').fill(username);
    await sec.getByTestId('user-form-name').fill('恒安社区书记');
    await sec.getByTestId('user-form-phone').fill('13911112222');
    await choose(sec, 'grant-role', '属地管理员');
    await pick(sec, 'grant-scope', '恒安', '/ 南岭街道 / 恒安社区');
    await expect(sec.getByTestId('grant-scope').textContent()).resolves.toContain('恒安社区');

    // A password of two character classes is refused by the server, and the drawer stays open.
    const drawer = sec.getByRole('dialog', { name: '新建用户' });
    await sec.getByTestId('user-password').fill('hengan2026');
    await sec.getByTestId('user-form-submit').click();
    await eventually(() => sec.locator('.ant-message').textContent()).toContain('密码须包含大写字母、小写字母、数字、符号中的至少三类');
    expect(await drawer.count()).toBe(1);
    expect(await usersNamed(sec, username)).toEqual([]);

    await sec.getByTestId('user-password').fill(initial);
    await sec.getByTestId('user-form-submit').click();
    await eventually(() => drawer.count()).toBe(0);

    await sec.getByTestId('user-search').fill(username);
    const row = sec.getByTestId('users-table').locator('tr.ant-table-row').filter({ hasText: username });
    await eventually(() => row.count()).toBe(1);
    expect(await row.locator('.grant-tag').allTextContents()).toEqual(['属地管理员 @ 恒安社区']);
    expect(await row.textContent()).toContain('恒安社区书记');
    const [user] = await usersNamed(sec, username);
    expect(user).toMatchObject({ name: '恒安社区书记', status: 'active' });
    expect(user!.grants.map(grantText)).toEqual(['region_admin@恒安社区']);

    // The new user signs in with the initial password and must replace it before anything else.
    const page = await open();
    await signInAs(page, username, initial);
    const dialog = page.getByRole('dialog').filter({ hasText: '修改密码' });
    await eventually(() => dialog.textContent()).toContain('为了账号安全，请先修改初始密码');
    expect((await getJson<Me>(page, '/api/auth/me')).mustChangePassword).toBe(true);
    await page.getByTestId('password-current').fill(initial);
    await page.getByTestId('password-new').fill(chosen);
    await page.getByTestId('password-confirm').fill(chosen);
    await page.getByTestId('password-submit').click();
    await eventually(() => dialog.count()).toBe(0);
    const me = await getJson<Me>(page, '/api/auth/me');
    expect(me).toMatchObject({ username, mustChangePassword: false });
    expect(me.permissions).toContain('region.write');

    await page.getByTestId('nav-regions').click();
    const tree = page.getByTestId('region-tree');
    await eventually(() => rootNames(tree)).toEqual(['恒安社区']);
    expect(await tree.textContent()).not.toContain('华阳社区');
    // Orgs and users are not this user's business; the menu says so.
    expect(await page.getByTestId('nav-orgs').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);

    // The new password is the one that works now.
    const again = await open();
    await again.goto('/login');
    await again.getByTestId('login-username').fill(username);
    await again.getByTestId('login-password').fill(initial);
    await again.getByTestId('login-submit').click();
    await eventually(() => again.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await signInAs(again, username, chosen);
    await eventually(() => again.getByTestId('home-me').textContent()).toContain('属地管理员 @ 恒安社区');
    expect(await again.getByRole('dialog').filter({ hasText: '修改密码' }).count()).toBe(0);
  });

  it('security admin adds a second grant to a user and removes it again', async () => {
    const username = 'hengan.wgy';
    const sec = await open();
    await signInAs(sec, 'secadmin');
    await sec.goto('/users');
    await sec.getByTestId('user-create').click();
    await sec.getByTestId('user-form-username').fill(username);
    await sec.getByTestId('user-form-name').fill('恒安网格员');
    await sec.getByTestId('user-password').fill('Wangge#2026y');
    await choose(sec, 'grant-role', '网格员');
    await pick(sec, 'grant-scope', '第一网格', '/ 恒安社区 / 第一网格');
    await sec.getByTestId('user-form-submit').click();

    await sec.getByTestId('user-search').fill(username);
    const row = sec.getByTestId('users-table').locator('tr.ant-table-row').filter({ hasText: username });
    await eventually(() => row.locator('.grant-tag').allTextContents()).toEqual(['网格员 @ 第一网格']);

    // A second grant, on the org side.
    await row.getByTestId('grant-add').click();
    const modal = sec.getByRole('dialog').filter({ hasText: '为“恒安网格员”添加授权' });
    await eventually(() => modal.count()).toBe(1);
    await choose(sec, 'grant-role', '党员/志愿者', modal);
    await pick(sec, 'grant-scope', '恒安社区委员会', '/ 中共恒安社区委员会', modal);
    await modal.getByRole('button', { name: '保存' }).click();
    await eventually(() => row.locator('.grant-tag').allTextContents()).toEqual(['网格员 @ 第一网格', '党员/志愿者 @ 中共恒安社区委员会']);
    const [withTwo] = await usersNamed(sec, username);
    expect(withTwo!.grants.map(grantText)).toEqual(['grid_worker@第一网格', 'member@中共恒安社区委员会']);

    // Removed again, after a confirmation.
    await row.locator('.grant-tag', { hasText: '中共恒安社区委员会' }).locator('.ant-tag-close-icon').click();
    const confirm = sec.getByRole('dialog').filter({ hasText: '撤销“恒安网格员”的这项授权？' });
    await confirm.getByRole('button', { name: '删除' }).click();
    await eventually(() => row.locator('.grant-tag').allTextContents()).toEqual(['网格员 @ 第一网格']);
    const [withOne] = await usersNamed(sec, username);
    expect(withOne!.grants.map(grantText)).toEqual(['grid_worker@第一网格']);
  });

  it('platform admin imports division CSVs and finds the new district by search', async () => {
    const page = await open();
    await signInAs(page, 'admin');
    await page.getByTestId('nav-regions').click();
    await page.waitForURL('**/regions');
    const upload = page.getByTestId('division-import-upload');
    const files = [
      csvFile('provinces.csv', 'code,name\n11,"北京市"\n'),
      csvFile('cities.csv', 'code,name,provinceCode\n1101,"市辖区",11\n'),
      csvFile('areas.csv', 'code,name,cityCode,provinceCode\n110101,"东城区",1101,11\n'),
      csvFile('streets.csv', 'code,name,areaCode,provinceCode,cityCode\n110101001,"东华门街道",110101,11,1101\n'),
      csvFile(
        'villages.csv',
        'code,name,streetCode,provinceCode,cityCode,areaCode\n' +
          '110101001001,"多福巷社区居委会",110101001,11,1101,110101\n' +
          '110101001002,"银闸社区居委会",110101001,11,1101,110101\n',
      ),
    ];
    await upload.locator('input[type=file]').setInputFiles(files);
    const summary = upload.getByTestId('import-summary');
    await eventually(() => summary.textContent(), 30_000).toContain('导入成功，共新增 6 项');
    expect(await summary.textContent()).toContain('省 1，市 1，区县 1，街道/乡镇 1，社区/村 2');
    await eventually(() => page.getByTestId('region-tree').textContent()).toContain('北京市');

    // The same files again add nothing: every code is already there.
    await upload.locator('input[type=file]').setInputFiles(files);
    await eventually(() => summary.textContent(), 30_000).toContain('已存在而跳过 6 条');
    expect(await summary.textContent()).toContain('导入成功，共新增 0 项');

    await pick(page, 'region-search', '东城', '北京市 / 市辖区 / 东城区');
    await page.waitForURL(/\/regions\/\d+$/);
    await eventually(() => detailName(page, 'region-detail')).toBe('东城区');
    expect(await page.getByTestId('region-detail').textContent()).toContain('110101');

    const hits = await getJson<RegionSearchHit[]>(page, `/api/regions/search?q=${encodeURIComponent('银闸')}`);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ name: '银闸社区居委会', level: 'community', code: '110101001002' });
    expect(hits[0]!.pathNames.slice(0, 4)).toEqual(['北京市', '市辖区', '东城区', '东华门街道']);
  });

  it('platform admin sees the row errors of a bad division CSV, and nothing is imported', async () => {
    const page = await open();
    await signInAs(page, 'admin');
    await page.goto('/regions');
    const upload = page.getByTestId('division-import-upload');

    // A file name the import does not know is caught before sending.
    await upload.locator('input[type=file]').setInputFiles(csvFile('regions.csv', 'code,name\n12,"天津市"\n'));
    await eventually(() => upload.locator('.ant-alert-warning').textContent()).toContain('文件名不正确：regions.csv');

    await upload.locator('input[type=file]').setInputFiles([
      csvFile('provinces.csv', 'code,name\n12,"天津市"\n'),
      csvFile('cities.csv', 'code,name,provinceCode\n1201,"市辖区",12\n'),
      csvFile(
        'areas.csv',
        'code,name,cityCode,provinceCode\n' + '120101,"和平区",1201,12\n' + '12010,"河东区",1201,12\n' + '120103,"河西区",1301,12\n',
      ),
    ]);
    const errors = upload.getByTestId('import-errors');
    await eventually(() => errors.count(), 30_000).toBe(1);
    expect(await upload.locator('.ant-alert-warning').count()).toBe(0);
    const rows = await tableRows(errors);
    expect(rows).toEqual([
      ['areas.csv', '3', 'code', '代码应为 6 位数字：12010'],
      ['areas.csv', '4', 'cityCode', 'cityCode 1301 与代码 120103 的前 4 位不一致'],
    ]);
    expect(await getJson<RegionSearchHit[]>(page, `/api/regions/search?q=${encodeURIComponent('天津')}`)).toEqual([]);
    expect(await getJson<RegionSearchHit[]>(page, `/api/regions/search?q=${encodeURIComponent('和平区')}`)).toEqual([]);
  });

  describe('at phone width', () => {
    async function expectNoSideScroll(page: Page): Promise<void> {
      const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
      expect(width).toBeLessThanOrEqual(390);
    }

    for (const { username, name, grant } of [
      { username: 'resident', name: '李居民', grant: '居民 @ 101' },
      { username: 'member', name: '张党员', grant: '党员/志愿者 @ 中共南关区卫生健康局支部委员会' },
    ]) {
      it(`${username} signs in and sees a home page with the grant, and no more`, async () => {
        const page = await open({ phone: true });
        await signInAs(page, username);
        const me = page.getByTestId('home-me');
        await eventually(() => me.textContent()).toContain(`${name}，您好`);
        expect(await me.locator('.grant-tag').allTextContents()).toEqual([grant]);
        expect(await page.getByTestId('shortcut-enrol').count()).toBe(1); // a grantless account is led to its own enrolment
        await expectNoSideScroll(page);

        // The menu is a drawer, with the home page only.
        await page.getByTestId('nav-menu-button').click();
        await eventually(() => page.getByTestId('nav-home').isVisible()).toBe(true);
        for (const item of ['regions', 'orgs', 'users', 'audit']) expect(await page.getByTestId(`nav-${item}`).count()).toBe(0);
        await expectNoSideScroll(page);

        await page.goto('/orgs');
        await eventually(() => page.getByText('您没有访问此页面的权限').count()).toBe(1);
        await expectNoSideScroll(page);
      });
    }

    it('auditor opens the audit log and filters it', async () => {
      const page = await open({ phone: true });
      await signInAs(page, 'auditor');
      await page.getByTestId('nav-menu-button').click();
      await page.getByTestId('nav-audit').click();
      await page.waitForURL('**/audit');
      const table = page.getByTestId('audit-table');
      await eventually(() => table.locator('tr.ant-table-row').count()).toBeGreaterThan(0);
      await expectNoSideScroll(page);

      await page.getByTestId('audit-username').fill('auditor');
      await page.getByTestId('audit-action').fill('auth.login');
      await page.getByTestId('audit-search').click();
      await eventually(async () => {
        const rows = await tableRows(table);
        return rows.length > 0 && rows.every((r) => r.includes('auditor') && r.includes('auth.login'));
      }).toBe(true);
      await expectNoSideScroll(page);
    });
  });
});
