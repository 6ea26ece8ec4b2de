import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TemporaryBranchCandidate, TemporaryBranchDetail, TemporaryBranchesPage, TemporaryBranchParent } from '@meshwork/contracts';
import { anonymous, errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { confirmedEnrolment } from '../../../test/enrolments.js';
import { OrgsRepository } from '../orgs/orgs.repository.js';

/**
 * Temporary branches through the HTTP API, on the sample tree:
 *
 *   东城区 › 东华门街道 (streets[0])  ← street admin; 街道党工委 sits here
 *              ├─ 多福巷社区 (communities[0]) ← community admin; 多福巷社区党委; grid › building
 *              └─ 银闸社区 (communities[1])
 *           景山街道 (streets[1])      ← the admin elsewhere; 隆福寺社区党委 under communities[2]
 */
describe('temporary branches', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let community: Client;
  let street: Client;
  let elsewhere: Client;
  let orgAdmin: Client;
  const orgs = { streetCommittee: 0, communityCommittee: 0, otherCommittee: 0, branch: 0 };
  /** Confirmed enrolments at 多福巷 (4), 银闸 (1) and 隆福寺 (1). */
  const enrolled: Array<{ id: number; personId: number }> = [];
  let yinzha: { id: number; personId: number };
  let longfusi: { id: number; personId: number };

  function expectError(res: LightMyRequestResponse, status: number, code: string): void {
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
  }

  const counts = async () => ({
    org: await rowCount(t.db, 'org'),
    branch: await rowCount(t.db, 'temporary_branch'),
    member: await rowCount(t.db, 'temporary_branch_member'),
    open: (await t.db.kysely.selectFrom('temporary_branch_member').select('id').where('left_at', 'is', null).execute()).length,
    dissolved: (await t.db.kysely.selectFrom('temporary_branch').select('org_id').where('dissolved_at', 'is not', null).execute()).length,
  });

  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code: string): Promise<void> {
    const before = await counts();
    expectError(await request(), status, code);
    expect(await counts()).toEqual(before);
  }

  async function setUp(as: Client, body: Record<string, unknown>): Promise<TemporaryBranchDetail> {
    const res = await as.post('/api/temporary-branches', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<TemporaryBranchDetail>();
  }

  const sealedGrid = (name = '第一网格临时党支部') => ({ name, purpose: 'sealed_area', regionId: tree.grid, parentOrgId: orgs.communityCommittee });

  async function addMembers(branchId: number, enrolmentIds: number[]): Promise<TemporaryBranchDetail> {
    const res = await community.post(`/api/temporary-branches/${branchId}/members`, { enrolmentIds });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TemporaryBranchDetail>();
  }

  const currentRows = (branchId: number) =>
    t.db.kysely.selectFrom('temporary_branch_member').selectAll().where('org_id', '=', branchId).where('left_at', 'is', null).execute();

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    const repo = new OrgsRepository(t.db.kysely);
    const root = await repo.insert(null, { type: 'organization_department', name: '东城区委组织部', region_id: tree.district });
    const rootNode = { id: root, path: String(root) };
    orgs.streetCommittee = await repo.insert(rootNode, { type: 'working_committee', name: '东华门街道党工委', region_id: tree.streets[0] });
    const streetNode = { id: orgs.streetCommittee, path: `${root}.${orgs.streetCommittee}` };
    orgs.communityCommittee = await repo.insert(streetNode, { type: 'party_committee', name: '多福巷社区党委', region_id: tree.communities[0] });
    orgs.branch = await repo.insert({ id: orgs.communityCommittee, path: `${streetNode.path}.${orgs.communityCommittee}` }, {
      type: 'branch',
      name: '多福巷第一网格党支部',
      region_id: tree.grid,
    });
    orgs.otherCommittee = await repo.insert(rootNode, { type: 'party_committee', name: '隆福寺社区党委', region_id: tree.communities[2] });

    community = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
    street = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[0] }]);
    elsewhere = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[1] }]);
    orgAdmin = await userWith(t, [{ role: 'org_admin', orgId: root }]);
    for (const name of ['王一', '王二', '王三', '王四', '王五', '王六']) {
      enrolled.push(await confirmedEnrolment(t.db, { name, communityId: tree.communities[0] }));
    }
    yinzha = await confirmedEnrolment(t.db, { name: '银闸党员', communityId: tree.communities[1] });
    longfusi = await confirmedEnrolment(t.db, { name: '隆福寺党员', communityId: tree.communities[2] });
  });

  it('offers as parents the active party committees and working committees sitting in the admin’s regions', async () => {
    const names = async (as: Client) => (await as.get('/api/temporary-branches/parents')).json<TemporaryBranchParent[]>().map((p) => p.name);
    expect(await names(community)).toEqual(['多福巷社区党委']);
    expect(await names(street)).toEqual(['东华门街道党工委', '多福巷社区党委']);
    expect(await names(elsewhere)).toEqual(['隆福寺社区党委']);
    expectError(await orgAdmin.get('/api/temporary-branches/parents'), 403, 'FORBIDDEN');
    expectError(await anonymous(t).get('/api/temporary-branches/parents'), 401, 'UNAUTHENTICATED');
  });

  it('sets a branch up for a sealed grid as an org in the org tree, audited', async () => {
    const branch = await setUp(community, sealedGrid());
    expect(branch).toMatchObject({
      name: '第一网格临时党支部',
      purpose: 'sealed_area',
      regionId: tree.grid,
      regionName: '第一网格',
      parentOrgId: orgs.communityCommittee,
      parentOrgName: '多福巷社区党委',
      status: 'active',
      memberCount: 0,
      secretary: null,
      members: [],
    });
    expect(branch.regionPathNames.slice(-2)).toEqual(['东华门街道', '多福巷社区居委会']);
    const org = await t.db.kysely.selectFrom('org').selectAll().where('id', '=', branch.id).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ type: 'temporary_branch', parent_id: orgs.communityCommittee, region_id: tree.grid, status: 'active' });
    const log = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'temporary_branch.create').where('entity_id', '=', String(branch.id)).execute();
    expect(log).toHaveLength(1);
  });

  it('sets branches up for a quarantine site and a task, naming them in task', async () => {
    const site = await setUp(community, { name: '隔离酒店临时党支部', purpose: 'quarantine_site', regionId: tree.building, parentOrgId: orgs.communityCommittee, task: '如家酒店隔离点' });
    expect(site).toMatchObject({ purpose: 'quarantine_site', task: '如家酒店隔离点', regionName: '1栋' });
    const task = await setUp(street, { name: '核酸检测临时党支部', purpose: 'task', regionId: tree.streets[0], parentOrgId: orgs.streetCommittee, task: '全员核酸检测' });
    expect(task).toMatchObject({ purpose: 'task', parentOrgName: '东华门街道党工委' });
  });

  it('refuses bad input and places out of scope, writing nothing', async () => {
    const post = (as: Client, body: unknown) => () => as.post('/api/temporary-branches', body);
    await refused(post(community, { ...sealedGrid(), regionId: tree.households[0] }), 422, 'TEMPORARY_BRANCH_INVALID');
    await refused(post(community, { ...sealedGrid(), purpose: 'task', regionId: tree.communities[0] }), 400, 'VALIDATION_FAILED');
    await refused(post(community, { ...sealedGrid(), purpose: 'quarantine_site', task: '   ' }), 400, 'VALIDATION_FAILED');
    await refused(post(community, { ...sealedGrid(), regionId: String(tree.grid) }), 400, 'VALIDATION_FAILED');
    await refused(post(community, { ...sealedGrid(), name: '' }), 400, 'VALIDATION_FAILED');
    await refused(post(community, { ...sealedGrid(), extra: 1 }), 400, 'VALIDATION_FAILED');
    await refused(post(community, { ...sealedGrid(), purpose: 'party' }), 400, 'VALIDATION_FAILED');
    await refused(post(community, { ...sealedGrid(), regionId: 99_999_999 }), 404, 'NOT_FOUND');
    await refused(post(community, { ...sealedGrid(), parentOrgId: 99_999_999 }), 404, 'NOT_FOUND');
    await refused(post(community, { ...sealedGrid(), regionId: tree.communities[1] }), 403, 'FORBIDDEN');
    // The street's working committee sits above the community admin's scope.
    await refused(post(community, { ...sealedGrid(), parentOrgId: orgs.streetCommittee }), 403, 'FORBIDDEN');
    await refused(post(community, { ...sealedGrid(), parentOrgId: orgs.branch }), 422, 'TEMPORARY_BRANCH_INVALID');
    await refused(post(elsewhere, sealedGrid()), 403, 'FORBIDDEN');
    await refused(post(orgAdmin, sealedGrid()), 403, 'FORBIDDEN');
  });

  it('lists the confirmed members of the area’s community as candidates, and adds them', async () => {
    const branch = await setUp(community, sealedGrid('候选测试支部'));
    const candidates = (await community.get(`/api/temporary-branches/${branch.id}/candidates`)).json<TemporaryBranchCandidate[]>();
    expect(candidates.map((c) => c.enrolmentId).sort()).toEqual(enrolled.map((e) => e.id).sort());
    expect(candidates.every((c) => c.communityName === '多福巷社区居委会' && !c.member)).toBe(true);

    const added = await addMembers(branch.id, [enrolled[0]!.id, enrolled[1]!.id, enrolled[1]!.id]);
    expect(added.memberCount).toBe(2);
    expect(added.members.map((m) => [m.name, m.role, m.leftAt])).toEqual([
      ['王一', 'member', null],
      ['王二', 'member', null],
    ]);
    // Adding someone again leaves their membership as it is.
    expect((await addMembers(branch.id, [enrolled[0]!.id])).members).toHaveLength(2);
    const active = await t.db.kysely.selectFrom('enrolment').select(['id', 'last_active_at']).where('id', 'in', [enrolled[0]!.id, enrolled[1]!.id]).execute();
    expect(active.every((e) => e.last_active_at !== null)).toBe(true);
    const marked = (await community.get(`/api/temporary-branches/${branch.id}/candidates`)).json<TemporaryBranchCandidate[]>();
    expect(marked.filter((c) => c.member).map((c) => c.personId).sort()).toEqual([enrolled[0]!.personId, enrolled[1]!.personId].sort());

    const add = (enrolmentIds: unknown) => () => community.post(`/api/temporary-branches/${branch.id}/members`, { enrolmentIds });
    await refused(add([yinzha.id]), 422, 'TEMPORARY_BRANCH_INVALID');
    await refused(add([enrolled[2]!.id, longfusi.id]), 422, 'TEMPORARY_BRANCH_INVALID');
    await refused(add([99_999_999]), 422, 'TEMPORARY_BRANCH_INVALID');
    await refused(add([]), 400, 'VALIDATION_FAILED');
    await refused(add([String(enrolled[2]!.id)]), 400, 'VALIDATION_FAILED');
    await refused(() => elsewhere.post(`/api/temporary-branches/${branch.id}/members`, { enrolmentIds: [enrolled[2]!.id] }), 403, 'FORBIDDEN');
    await refused(() => community.post('/api/temporary-branches/99999999/members', { enrolmentIds: [enrolled[2]!.id] }), 404, 'NOT_FOUND');
  });

  it('lets a street draw members from every community of the street', async () => {
    const task = await setUp(street, { name: '物资配送临时党支部', purpose: 'task', regionId: tree.streets[0], parentOrgId: orgs.streetCommittee, task: '物资配送' });
    const candidates = (await street.get(`/api/temporary-branches/${task.id}/candidates`)).json<TemporaryBranchCandidate[]>();
    expect(candidates.map((c) => c.enrolmentId)).toContain(yinzha.id);
    expect(candidates.map((c) => c.enrolmentId)).not.toContain(longfusi.id);
    const res = await street.post(`/api/temporary-branches/${task.id}/members`, { enrolmentIds: [yinzha.id, enrolled[5]!.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TemporaryBranchDetail>().memberCount).toBe(2);
    // The community admin does not see a branch of the whole street.
    expectError(await community.get(`/api/temporary-branches/${task.id}`), 403, 'FORBIDDEN');
  });

  it('changes the secretary by closing rows and opening new ones, keeping the history', async () => {
    const branch = await setUp(community, sealedGrid('书记测试支部'));
    await addMembers(branch.id, [enrolled[0]!.id, enrolled[1]!.id]);
    const [a, b] = [enrolled[0]!.personId, enrolled[1]!.personId];
    const name = (personId: unknown) => community.post(`/api/temporary-branches/${branch.id}/secretary`, { personId });

    let res = await name(a);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TemporaryBranchDetail>().secretary).toEqual({ personId: a, name: '王一' });
    res = await name(b);
    const detail = res.json<TemporaryBranchDetail>();
    expect(detail.secretary).toEqual({ personId: b, name: '王二' });
    expect(detail.memberCount).toBe(2);
    const history = detail.members.map((m) => [m.name, m.role, m.leftAt === null]);
    expect(history).toHaveLength(5);
    expect(history).toEqual(expect.arrayContaining([['王一', 'member', false], ['王一', 'secretary', false], ['王一', 'member', true], ['王二', 'member', false], ['王二', 'secretary', true]]));
    // Naming the secretary again changes nothing.
    expect((await name(b)).json<TemporaryBranchDetail>().members).toHaveLength(5);

    await refused(() => name(enrolled[3]!.personId), 422, 'TEMPORARY_BRANCH_INVALID');
    await refused(() => name('1'), 400, 'VALIDATION_FAILED');
    await refused(() => elsewhere.post(`/api/temporary-branches/${branch.id}/secretary`, { personId: a }), 403, 'FORBIDDEN');
    const log = await t.db.kysely.selectFrom('audit_log').select('changes').where('action', '=', 'temporary_branch.name_secretary').where('entity_id', '=', String(branch.id)).execute();
    expect(log).toHaveLength(2);
  });

  it('keeps exactly one current secretary when many are named at once', async () => {
    const branch = await setUp(community, sealedGrid('并发书记支部'));
    await addMembers(branch.id, enrolled.map((e) => e.id));
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => community.post(`/api/temporary-branches/${branch.id}/secretary`, { personId: enrolled[i % enrolled.length]!.personId })),
    );
    for (const r of responses) expect(r.statusCode, r.body).toBe(200);
    const current = await currentRows(branch.id);
    expect(current.filter((r) => r.role === 'secretary')).toHaveLength(1);
    // Everyone is still a member, once.
    expect(current.map((r) => r.person_id).sort()).toEqual(enrolled.map((e) => e.personId).sort());
    // Every row that ended, ended after it began, though namings waited on each other.
    const rows = await t.db.kysely.selectFrom('temporary_branch_member').selectAll().where('org_id', '=', branch.id).execute();
    expect(rows.every((r) => r.left_at === null || r.left_at >= r.joined_at)).toBe(true);
    // The invariant is the database's: a second current secretary is refused whoever writes it.
    const member = current.find((r) => r.role === 'member')!;
    await expect(t.db.kysely.updateTable('temporary_branch_member').set({ role: 'secretary' }).where('id', '=', member.id).execute()).rejects.toThrow(/temporary_branch_one_secretary_key/);
  });

  it('adds overlapping people from parallel requests once each', async () => {
    const branch = await setUp(community, sealedGrid('并发加人支部'));
    const ids = enrolled.map((e) => e.id);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => community.post(`/api/temporary-branches/${branch.id}/members`, { enrolmentIds: i % 2 ? ids : [...ids].reverse() })),
    );
    for (const r of responses) expect(r.statusCode, r.body).toBe(200);
    expect((await currentRows(branch.id)).map((r) => r.person_id).sort()).toEqual(enrolled.map((e) => e.personId).sort());
  });

  it('removes a member by ending the membership', async () => {
    const branch = await setUp(community, sealedGrid('减员测试支部'));
    await addMembers(branch.id, [enrolled[0]!.id, enrolled[1]!.id]);
    const res = await community.delete(`/api/temporary-branches/${branch.id}/members/${enrolled[0]!.personId}`);
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json<TemporaryBranchDetail>();
    expect(detail.memberCount).toBe(1);
    expect(detail.members.find((m) => m.personId === enrolled[0]!.personId)!.leftAt).not.toBeNull();
    await refused(() => community.delete(`/api/temporary-branches/${branch.id}/members/${enrolled[0]!.personId}`), 422, 'TEMPORARY_BRANCH_INVALID');
    await refused(() => community.delete(`/api/temporary-branches/${branch.id}/members/abc`), 400, 'VALIDATION_FAILED');
    await refused(() => elsewhere.delete(`/api/temporary-branches/${branch.id}/members/${enrolled[1]!.personId}`), 403, 'FORBIDDEN');
  });

  it('dissolves a branch: memberships end, the org closes, and the branch refuses changes but stays readable', async () => {
    const branch = await setUp(community, sealedGrid('撤销测试支部'));
    await addMembers(branch.id, [enrolled[0]!.id, enrolled[1]!.id]);
    await community.post(`/api/temporary-branches/${branch.id}/secretary`, { personId: enrolled[0]!.personId });
    await refused(() => community.post(`/api/temporary-branches/${branch.id}/dissolve`, { reason: ' ' }), 400, 'VALIDATION_FAILED');
    await refused(() => elsewhere.post(`/api/temporary-branches/${branch.id}/dissolve`, { reason: '解封' }), 403, 'FORBIDDEN');

    const res = await community.post(`/api/temporary-branches/${branch.id}/dissolve`, { reason: '网格解封' });
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json<TemporaryBranchDetail>();
    expect(detail).toMatchObject({ status: 'dissolved', dissolvedReason: '网格解封', memberCount: 0, secretary: null });
    expect(detail.members.length).toBeGreaterThanOrEqual(3);
    expect(detail.members.every((m) => m.leftAt !== null)).toBe(true);
    const org = await t.db.kysely.selectFrom('org').selectAll().where('id', '=', branch.id).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ status: 'closed', closed_reason: '网格解封' });
    expect(org.closed_at).not.toBeNull();

    const url = `/api/temporary-branches/${branch.id}`;
    await refused(() => community.post(`${url}/dissolve`, { reason: '再次撤销' }), 409, 'INVALID_STATE');
    await refused(() => community.post(`${url}/members`, { enrolmentIds: [enrolled[2]!.id] }), 409, 'INVALID_STATE');
    await refused(() => community.post(`${url}/secretary`, { personId: enrolled[1]!.personId }), 409, 'INVALID_STATE');
    await refused(() => community.delete(`${url}/members/${enrolled[1]!.personId}`), 409, 'INVALID_STATE');

    const again = (await community.get(url)).json<TemporaryBranchDetail>();
    expect(again.members).toEqual(detail.members);
    const log = await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'temporary_branch.dissolve').where('entity_id', '=', String(branch.id)).execute();
    expect(log).toHaveLength(1);
  });

  it('dissolves once when many dissolve at once', async () => {
    const branch = await setUp(community, sealedGrid('并发撤销支部'));
    await addMembers(branch.id, [enrolled[2]!.id]);
    const responses = await Promise.all(Array.from({ length: 10 }, () => community.post(`/api/temporary-branches/${branch.id}/dissolve`, { reason: '完成' })));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
    const log = await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'temporary_branch.dissolve').where('entity_id', '=', String(branch.id)).execute();
    expect(log).toHaveLength(1);
  });

  it('refuses member changes once the org was closed in the org tree, and still lets the branch be dissolved', async () => {
    const branch = await setUp(community, sealedGrid('组织树撤销支部'));
    await addMembers(branch.id, [enrolled[3]!.id]);
    const closed = await orgAdmin.post(`/api/orgs/${branch.id}/close`, { reason: '组织调整' });
    expect(closed.statusCode, closed.body).toBe(200);
    await refused(() => community.post(`/api/temporary-branches/${branch.id}/members`, { enrolmentIds: [enrolled[4]!.id] }), 409, 'INVALID_STATE');
    const res = await community.post(`/api/temporary-branches/${branch.id}/dissolve`, { reason: '组织调整' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TemporaryBranchDetail>()).toMatchObject({ status: 'dissolved', memberCount: 0 });
  });

  it('lists the branches in scope, active and dissolved, with filters; an admin elsewhere sees none of them', async () => {
    const list = async (as: Client, query = '') => {
      const res = await as.get(`/api/temporary-branches${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<TemporaryBranchesPage>();
    };
    const all = await list(community);
    expect(all.total).toBe(all.items.length);
    expect(all.items.map((b) => b.name)).toEqual(expect.arrayContaining(['第一网格临时党支部', '隔离酒店临时党支部', '撤销测试支部']));
    expect(all.items.map((b) => b.name)).not.toContain('核酸检测临时党支部');
    // Active ones first.
    const firstDissolved = all.items.findIndex((b) => b.status === 'dissolved');
    expect(all.items.slice(firstDissolved).every((b) => b.status === 'dissolved')).toBe(true);
    expect((await list(community, '?status=dissolved')).items.map((b) => b.name).sort()).toEqual(['并发撤销支部', '撤销测试支部', '组织树撤销支部'].sort());
    expect((await list(community, '?purpose=quarantine_site')).items.map((b) => b.name)).toEqual(['隔离酒店临时党支部']);
    expect((await list(community, '?q=如家')).items.map((b) => b.name)).toEqual(['隔离酒店临时党支部']);
    expect((await list(community, '?limit=2')).items).toHaveLength(2);
    expect((await list(street)).total).toBe(all.total + 2);
    expect(await list(elsewhere)).toEqual({ items: [], total: 0 });
    expectError(await community.get('/api/temporary-branches?status=closed'), 400, 'VALIDATION_FAILED');
    expectError(await community.get('/api/temporary-branches?limit=0'), 400, 'VALIDATION_FAILED');
    expectError(await orgAdmin.get('/api/temporary-branches'), 403, 'FORBIDDEN');
    expectError(await elsewhere.get(`/api/temporary-branches/${all.items[0]!.id}`), 403, 'FORBIDDEN');
    expectError(await elsewhere.get(`/api/temporary-branches/${all.items[0]!.id}/candidates`), 403, 'FORBIDDEN');
    expectError(await community.get('/api/temporary-branches/99999999'), 404, 'NOT_FOUND');
  });

  it('exports the ledger: branches with purpose, area, parent, secretary, counts and dates, and a member sheet', async () => {
    const res = await community.get('/api/temporary-branches/export.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['临时党支部台账', '成员']);
    const rows = (ws: ExcelJS.Worksheet) => ws.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).map((c) => String(c ?? '')));
    const branches = rows(wb.worksheets[0]!);
    expect(branches[1]).toEqual(['临时党支部', '设立目的', '所在区域', '隔离点/任务', '上级党组织', '书记', '现有党员数', '设立日期', '撤销日期', '撤销原因']);
    const site = branches.find((r) => r[0] === '隔离酒店临时党支部')!;
    expect(site.slice(1, 5)).toEqual(['隔离点', expect.stringContaining('多福巷社区居委会 / 第一网格 / 1栋'), '如家酒店隔离点', '多福巷社区党委']);
    const dissolved = branches.find((r) => r[0] === '撤销测试支部')!;
    expect(dissolved[5]).toBe('');
    expect(dissolved[8]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dissolved[9]).toBe('网格解封');
    const secretaryBranch = branches.find((r) => r[0] === '书记测试支部')!;
    expect(secretaryBranch[5]).toBe('王二');
    expect(secretaryBranch[6]).toBe('2');
    const members = rows(wb.worksheets[1]!);
    expect(members[0]).toEqual(['临时党支部', '姓名', '身份', '加入时间', '离开时间']);
    expect(members.filter((r) => r[0] === '书记测试支部').map((r) => r[2])).toEqual(expect.arrayContaining(['书记', '党员']));
    expect(branches.some((r) => r[0] === '核酸检测临时党支部')).toBe(false);
    const audited = await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'temporary_branch.export').execute();
    expect(audited.length).toBeGreaterThan(0);
    expectError(await community.get('/api/temporary-branches/export.xlsx?purpose=x'), 400, 'VALIDATION_FAILED');
    expectError(await orgAdmin.get('/api/temporary-branches/export.xlsx'), 403, 'FORBIDDEN');
  });
});
