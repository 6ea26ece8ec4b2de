import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  dutyLedgerColumns,
  type CommunityDuty,
  type DutyRoleView,
  type GridCoverage,
  type MyDuty,
  type RegionAnswerers,
  type ResponsibilityView,
  type UncoveredHousehold,
} from '@meshwork/contracts';
import { anonymous, errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { confirmedEnrolment } from '../../../test/enrolments.js';
import * as excel from '../../../test/excel.js';
import { RegionsRepository } from '../regions/regions.repository.js';

/**
 * Duty roles, zones and household care through the HTTP API.
 *
 *   多福巷社区 (communities[0])        ← admin (region_admin), member 王一, 李二 (confirmed), 赵三 (pending)
 *   ├─ 第一网格 (grid) › 1栋 › 1单元 › 101, 102;  2栋 › 201
 *   └─ 第二网格 (grid2) › 3栋 › 301, 302
 *   银闸社区 (communities[1])          ← otherAdmin, member 孙四 (confirmed); 第九网格 › 9栋
 */
describe('responsibilities', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let admin: Client;
  let otherAdmin: Client;
  let gridWorker: Client;
  let memberUser: Client;
  let outsider: Client;
  const ids = { building2: 0, h201: 0, grid2: 0, building3: 0, h301: 0, h302: 0, otherGrid: 0, otherBuilding: 0 };
  const people = { wang: 0, li: 0, zhao: 0, sun: 0 };

  const expectError = (res: LightMyRequestResponse, status: number, code: string) =>
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });

  const counts = async () => ({
    roles: await rowCount(t.db, 'duty_role_assignment'),
    responsibilities: await rowCount(t.db, 'responsibility'),
    audit: await rowCount(t.db, 'audit_log'),
  });

  /** A refused write changes nothing (a denial may add its own audit row, nothing else). */
  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code: string): Promise<void> {
    const before = await counts();
    expectError(await request(), status, code);
    const after = await counts();
    expect({ ...after, audit: after.audit - (status === 403 ? 1 : 0) }).toEqual(before);
  }

  const assignRole = (as: Client, enrolmentId: number, role: string) => as.post('/api/responsibilities/duty-roles', { enrolmentId, role });
  const assign = (as: Client, enrolmentId: number, kind: string, regionId: number, note?: string) =>
    as.post('/api/responsibilities', { enrolmentId, kind, regionId, ...(note ? { note } : {}) });
  const created = <T>(res: LightMyRequestResponse): T => {
    expect(res.statusCode, res.body).toBe(201);
    return res.json<T>();
  };
  const duty = async (as: Client = admin) => {
    const res = await as.get(`/api/responsibilities/communities/${tree.communities[0]}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CommunityDuty>();
  };
  const coverage = async () => {
    const res = await admin.get(`/api/responsibilities/communities/${tree.communities[0]}/coverage`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<GridCoverage[]>();
  };
  const auditRows = (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    const regions = new RegionsRepository(t.db.kysely);
    const under = async (parent: number, level: 'grid' | 'building' | 'household', name: string) => regions.insertLocal((await regions.find(parent))!, { level, name });
    ids.building2 = await under(tree.grid, 'building', '2栋');
    ids.h201 = await under(ids.building2, 'household', '201');
    ids.grid2 = await under(tree.communities[0], 'grid', '第二网格');
    ids.building3 = await under(ids.grid2, 'building', '3栋');
    ids.h301 = await under(ids.building3, 'household', '301');
    ids.h302 = await under(ids.building3, 'household', '302');
    ids.otherGrid = await under(tree.communities[1], 'grid', '第九网格');
    ids.otherBuilding = await under(ids.otherGrid, 'building', '9栋');

    admin = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
    otherAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[1] }]);
    gridWorker = await userWith(t, [{ role: 'grid_worker', regionId: tree.grid }]);
    memberUser = await userWith(t, [], { phone: '13812345678' });
    outsider = await userWith(t, []);

    const personOf = async (userId: number) =>
      (await t.db.kysely.selectFrom('app_user').select('person_id').where('id', '=', userId).executeTakeFirstOrThrow()).person_id;
    const wangPerson = await personOf((memberUser as unknown as { userId: number }).userId);
    await t.db.kysely.updateTable('person').set({ name: '王一' }).where('id', '=', wangPerson).execute();
    people.wang = (await confirmedEnrolment(t.db, { personId: wangPerson, communityId: tree.communities[0] })).id;
    people.li = (await confirmedEnrolment(t.db, { name: '李二', communityId: tree.communities[0] })).id;
    people.sun = (await confirmedEnrolment(t.db, { name: '孙四', communityId: tree.communities[1] })).id;
    const zhao = await t.db.kysely.insertInto('person').values({ name: '赵三' }).returning('id').executeTakeFirstOrThrow();
    people.zhao = (
      await t.db.kysely.insertInto('enrolment').values({ person_id: zhao.id, community_id: tree.communities[0] }).returning('id').executeTakeFirstOrThrow()
    ).id;
  });

  it('lists the community’s confirmed members, phones masked; refuses other communities and members', async () => {
    const list = await duty();
    expect(list.community).toEqual({ id: tree.communities[0], name: '多福巷社区居委会' });
    expect(list.members.map((m) => m.name).sort()).toEqual(['李二', '王一']);
    expect(list.members.find((m) => m.name === '王一')).toMatchObject({ enrolmentId: people.wang, phone: '138****5678', dutyRoles: [], zones: [], care: [] });
    expect(JSON.stringify(list)).not.toContain('13812345678');

    expectError(await otherAdmin.get(`/api/responsibilities/communities/${tree.communities[0]}`), 403, 'FORBIDDEN');
    expectError(await memberUser.get(`/api/responsibilities/communities/${tree.communities[0]}`), 403, 'FORBIDDEN');
    expectError(await gridWorker.get(`/api/responsibilities/communities/${tree.communities[0]}`), 403, 'FORBIDDEN');
    expectError(await anonymous(t).get(`/api/responsibilities/communities/${tree.communities[0]}`), 401, 'UNAUTHENTICATED');
    expectError(await admin.get(`/api/responsibilities/communities/999999`), 404, 'NOT_FOUND');
    expectError(await admin.get(`/api/responsibilities/communities/${tree.grid}`), 422, 'RESPONSIBILITY_INVALID');
  });

  it('gives a duty role and ends it, audited; the member is marked active', async () => {
    const role = created<DutyRoleView>(await assignRole(admin, people.li, 'patrol'));
    expect(role).toMatchObject({ enrolmentId: people.li, role: 'patrol' });
    expect((await duty()).members.find((m) => m.name === '李二')!.dutyRoles.map((r) => r.role)).toEqual(['patrol']);
    const enrolment = await t.db.kysely.selectFrom('enrolment').select('last_active_at').where('id', '=', people.li).executeTakeFirstOrThrow();
    expect(enrolment.last_active_at).not.toBeNull();
    expect((await auditRows('duty_role.assign')).at(-1)).toMatchObject({ entity_id: String(role.id), result: 'ok', changes: { enrolmentId: people.li, role: 'patrol' } });

    // Someone else's community may neither end it nor see it.
    await refused(() => otherAdmin.post(`/api/responsibilities/duty-roles/${role.id}/end`), 403, 'FORBIDDEN');
    const ended = await admin.post(`/api/responsibilities/duty-roles/${role.id}/end`);
    expect(ended.statusCode, ended.body).toBe(204);
    expect((await auditRows('duty_role.end')).at(-1)).toMatchObject({ entity_id: String(role.id) });
    expect((await duty()).members.find((m) => m.name === '李二')!.dutyRoles).toEqual([]);
    await refused(() => admin.post(`/api/responsibilities/duty-roles/${role.id}/end`), 409, 'INVALID_STATE');
    await refused(() => admin.post(`/api/responsibilities/duty-roles/999999/end`), 404, 'NOT_FOUND');
    // History is kept: the ended row stays, and the role can be given again.
    created<DutyRoleView>(await assignRole(admin, people.li, 'patrol'));
    expect(await t.db.kysely.selectFrom('duty_role_assignment').select('id').where('enrolment_id', '=', people.li).execute()).toHaveLength(2);
  });

  it('refuses bad input and out-of-scope assignments, writing nothing', async () => {
    await refused(() => assignRole(admin, people.wang, 'cook'), 400, 'VALIDATION_FAILED');
    await refused(() => admin.post('/api/responsibilities/duty-roles', { enrolmentId: String(people.wang), role: 'patrol' }), 400, 'VALIDATION_FAILED');
    await refused(() => admin.post('/api/responsibilities/duty-roles', { enrolmentId: people.wang, role: 'patrol', extra: 1 }), 400, 'VALIDATION_FAILED');
    await refused(() => admin.post('/api/responsibilities/duty-roles', { enrolmentId: true, role: 'patrol' }), 400, 'VALIDATION_FAILED');
    await refused(() => admin.post('/api/responsibilities/duty-roles/abc/end'), 400, 'VALIDATION_FAILED');
    await refused(() => assign(admin, people.wang, 'watch', tree.grid), 400, 'VALIDATION_FAILED');
    await refused(() => assign(admin, people.wang, 'zone', tree.grid, 'x'.repeat(201)), 400, 'VALIDATION_FAILED');
    await refused(() => admin.post('/api/responsibilities', { enrolmentId: people.wang, kind: 'zone' }), 400, 'VALIDATION_FAILED');
    // Not a confirmed enrolment (pending, or none at all).
    await refused(() => assignRole(admin, people.zhao, 'patrol'), 422, 'ENROLMENT_NOT_CONFIRMED');
    await refused(() => assignRole(admin, 999999, 'patrol'), 422, 'ENROLMENT_NOT_CONFIRMED');
    // The wrong level for the kind, or a place outside the member's community.
    await refused(() => assign(admin, people.wang, 'zone', tree.households[0]), 422, 'RESPONSIBILITY_INVALID');
    await refused(() => assign(admin, people.wang, 'zone', tree.entrance), 422, 'RESPONSIBILITY_INVALID');
    await refused(() => assign(admin, people.wang, 'zone', tree.communities[0]), 422, 'RESPONSIBILITY_INVALID');
    await refused(() => assign(admin, people.wang, 'care', tree.building), 422, 'RESPONSIBILITY_INVALID');
    await refused(() => assign(admin, people.wang, 'zone', ids.otherGrid), 422, 'RESPONSIBILITY_INVALID');
    await refused(() => assign(admin, people.wang, 'zone', 999999), 422, 'RESPONSIBILITY_INVALID');
    // Another community's admin, a grid worker, a member: no duty.assign here.
    await refused(() => assignRole(otherAdmin, people.wang, 'patrol'), 403, 'FORBIDDEN');
    await refused(() => assign(otherAdmin, people.wang, 'zone', tree.grid), 403, 'FORBIDDEN');
    await refused(() => assign(otherAdmin, people.sun, 'zone', tree.grid), 422, 'RESPONSIBILITY_INVALID');
    await refused(() => assignRole(gridWorker, people.wang, 'patrol'), 403, 'FORBIDDEN');
    await refused(() => assignRole(memberUser, people.wang, 'patrol'), 403, 'FORBIDDEN');
    expectError(await anonymous(t).post('/api/responsibilities/duty-roles', { enrolmentId: people.wang, role: 'patrol' }), 401, 'UNAUTHENTICATED');
  });

  it('keeps one current assignment under 20 parallel duplicates', async () => {
    const roles = await Promise.all(Array.from({ length: 20 }, () => assignRole(admin, people.wang, 'information')));
    expect(roles.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(roles.filter((r) => r.statusCode === 409).every((r) => errorCode(r) === 'CONFLICT')).toBe(true);
    const roleRows = await t.db.kysely.selectFrom('duty_role_assignment').select('id').where('enrolment_id', '=', people.wang).where('role', '=', 'information').execute();
    expect(roleRows).toHaveLength(1);

    const cares = await Promise.all(Array.from({ length: 20 }, () => assign(admin, people.wang, 'care', tree.households[0])));
    expect(cares.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    const careRows = await t.db.kysely.selectFrom('responsibility').select('id').where('enrolment_id', '=', people.wang).where('region_id', '=', tree.households[0]).execute();
    expect(careRows).toHaveLength(1);
    // The losers' audit rows rolled back with them.
    expect((await auditRows('responsibility.assign')).filter((a) => a.entity_id === String(careRows[0]!.id))).toHaveLength(1);
    expect(await auditRows('responsibility.assign')).toHaveLength(1);

    // Ending at once: exactly one end goes through.
    const ends = await Promise.all(Array.from({ length: 10 }, () => admin.post(`/api/responsibilities/duty-roles/${roleRows[0]!.id}/end`)));
    expect(ends.map((r) => r.statusCode).sort()).toEqual([204, ...Array<number>(9).fill(409)]);
  });

  it('shows who answers for a household: its carers and the zones of its building and grid', async () => {
    created<ResponsibilityView>(await assign(admin, people.li, 'zone', tree.building, '一号楼'));
    const gridZone = created<ResponsibilityView>(await assign(admin, people.li, 'zone', tree.grid));
    expect(gridZone).toMatchObject({ kind: 'zone', regionLevel: 'grid', place: ['第一网格'] });

    const res = await gridWorker.get(`/api/responsibilities/regions/${tree.households[0]}/answerers`);
    expect(res.statusCode, res.body).toBe(200);
    const answerers = res.json<RegionAnswerers>();
    expect(answerers.care).toEqual([expect.objectContaining({ personName: '王一', phone: '138****5678', place: ['第一网格', '1栋', '1单元', '101'], regionLevel: 'household' })]);
    expect(answerers.zones.map((z) => [z.personName, z.place.join('/'), z.note])).toEqual([
      ['李二', '第一网格', null],
      ['李二', '第一网格/1栋', '一号楼'],
    ]);
    // The building shows its zones (and the grid's), no care of its own.
    const building = (await admin.get(`/api/responsibilities/regions/${tree.building}/answerers`)).json<RegionAnswerers>();
    expect(building.care).toEqual([]);
    expect(building.zones).toHaveLength(2);
    // Another community's admin sees nothing of it; above a community there is nothing to answer for.
    expectError(await otherAdmin.get(`/api/responsibilities/regions/${tree.households[0]}/answerers`), 403, 'FORBIDDEN');
    expectError(await gridWorker.get(`/api/responsibilities/regions/${ids.h301}/answerers`), 403, 'FORBIDDEN');
    expectError(await memberUser.get(`/api/responsibilities/regions/${tree.households[0]}/answerers`), 403, 'FORBIDDEN');
    expectError(await admin.get(`/api/responsibilities/regions/${tree.communities[0]}/answerers`), 422, 'RESPONSIBILITY_INVALID');
  });

  it('counts covered households per grid and lists the uncovered ones', async () => {
    // By now 第一网格 is one zone (all 3 households covered); 第二网格 has nobody.
    expect(await coverage()).toEqual([
      { gridId: tree.grid, gridName: '第一网格', households: 3, covered: 3, uncovered: 0 },
      { gridId: ids.grid2, gridName: '第二网格', households: 2, covered: 0, uncovered: 2 },
    ]);
    const uncovered = async (grid: number) => (await admin.get(`/api/responsibilities/grids/${grid}/uncovered`)).json<UncoveredHousehold[]>();
    expect(await uncovered(ids.grid2)).toEqual([
      { id: ids.h301, place: ['第二网格', '3栋', '301'] },
      { id: ids.h302, place: ['第二网格', '3栋', '302'] },
    ]);

    const care = created<ResponsibilityView>(await assign(admin, people.wang, 'care', ids.h302));
    expect((await coverage())[1]).toMatchObject({ covered: 1, uncovered: 1 });
    expect((await uncovered(ids.grid2)).map((h) => h.id)).toEqual([ids.h301]);

    // Ending the grid's zone uncovers what only it covered: 102 and 201 (101 is cared for).
    const gridZone = (await duty()).members.find((m) => m.name === '李二')!.zones.find((z) => z.regionLevel === 'grid')!;
    expect((await admin.post(`/api/responsibilities/${gridZone.id}/end`)).statusCode).toBe(204);
    expect((await auditRows('responsibility.end')).at(-1)).toMatchObject({ entity_id: String(gridZone.id) });
    expect((await coverage())[0]).toMatchObject({ households: 3, covered: 2, uncovered: 1 });
    expect((await uncovered(tree.grid)).map((h) => h.place.join('/'))).toEqual(['第一网格/2栋/201']);
    await refused(() => admin.post(`/api/responsibilities/${gridZone.id}/end`), 409, 'INVALID_STATE');
    await refused(() => otherAdmin.post(`/api/responsibilities/${care.id}/end`), 403, 'FORBIDDEN');

    expectError(await admin.get(`/api/responsibilities/grids/${tree.building}/uncovered`), 422, 'RESPONSIBILITY_INVALID');
    expectError(await otherAdmin.get(`/api/responsibilities/grids/${tree.grid}/uncovered`), 403, 'FORBIDDEN');
    expectError(await otherAdmin.get(`/api/responsibilities/communities/${tree.communities[0]}/coverage`), 403, 'FORBIDDEN');
    // A member's ended enrolment no longer covers anything.
    await t.db.kysely.updateTable('enrolment').set({ status: 'ended', ended_at: new Date() }).where('id', '=', people.wang).execute();
    expect((await coverage())[1]).toMatchObject({ covered: 0, uncovered: 2 });
    await t.db.kysely.updateTable('enrolment').set({ status: 'confirmed', ended_at: null }).where('id', '=', people.wang).execute();
  });

  it('lets the street above the community assign too, and marks the member active on a new responsibility', async () => {
    const street = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[0] }]);
    await t.db.kysely.updateTable('enrolment').set({ last_active_at: null }).where('id', '=', people.li).execute();
    const care = created<ResponsibilityView>(await assign(street, people.li, 'care', ids.h301));
    expect(care).toMatchObject({ kind: 'care', place: ['第二网格', '3栋', '301'] });
    const enrolment = await t.db.kysely.selectFrom('enrolment').select('last_active_at').where('id', '=', people.li).executeTakeFirstOrThrow();
    expect(enrolment.last_active_at).not.toBeNull();
    expect((await street.post(`/api/responsibilities/${care.id}/end`)).statusCode).toBe(204);
    // The other street's communities stay out of reach.
    const otherStreet = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[1] }]);
    await refused(() => assignRole(otherStreet, people.li, 'safety'), 403, 'FORBIDDEN');
    expectError(await otherStreet.get(`/api/responsibilities/communities/${tree.communities[0]}`), 403, 'FORBIDDEN');
  });

  it('shows the member their own duty roles, zones and care, and nobody else’s', async () => {
    created<DutyRoleView>(await assignRole(admin, people.wang, 'publicity'));
    created<ResponsibilityView>(await assign(admin, people.wang, 'zone', ids.building2));
    const res = await memberUser.get('/api/me/responsibilities');
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json<MyDuty>();
    expect(mine.community).toEqual({ id: tree.communities[0], name: '多福巷社区居委会' });
    expect(mine.dutyRoles.map((r) => r.role)).toEqual(['publicity']);
    expect(mine.zones.map((z) => z.place.join('/'))).toEqual(['第一网格/2栋']);
    expect(mine.care.map((c) => c.place.join('/')).sort()).toEqual(['第一网格/1栋/1单元/101', '第二网格/3栋/302']);
    expect(JSON.stringify(mine)).not.toContain('李二');

    expect((await outsider.get('/api/me/responsibilities')).json<MyDuty>()).toEqual({ community: null, dutyRoles: [], zones: [], care: [] });
    expectError(await anonymous(t).get('/api/me/responsibilities'), 401, 'UNAUTHENTICATED');
  });

  it('exports the 党员责任区/包户台账 with masked phones, audited; refuses other communities', async () => {
    const res = await admin.get(`/api/responsibilities/communities/${tree.communities[0]}/ledger.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('多福巷社区居委会-党员责任区包户台账.xlsx'));
    const rows = await excel.sheetRows(res.rawPayload, dutyLedgerColumns.length);
    expect(rows[0]![0]).toContain('党员责任区/包户台账');
    expect(rows[1]).toEqual([...dutyLedgerColumns]);
    const wang = rows.find((r) => r[0] === '王一')!;
    expect(wang).toEqual(['王一', '138****5678', '宣传员', '第一网格2栋', '第一网格1栋1单元101、第二网格3栋302']);
    expect(rows.find((r) => r[0] === '李二')![2]).toBe('巡查员');
    expect(res.rawPayload.toString('latin1')).not.toContain('13812345678');
    expect((await auditRows('duty.export')).at(-1)).toMatchObject({ entity_id: String(tree.communities[0]), result: 'ok' });
    expectError(await otherAdmin.get(`/api/responsibilities/communities/${tree.communities[0]}/ledger.xlsx`), 403, 'FORBIDDEN');
  });
});
