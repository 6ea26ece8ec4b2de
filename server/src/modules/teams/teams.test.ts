import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { teamLedgerColumns, type CreateMemberResponse, type TeamCandidate, type TeamsPage, type TeamView } from '@meshwork/contracts';
import { errorCode, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { confirmedEnrolment } from '../../../test/enrolments.js';
import { sheetRows } from '../../../test/excel.js';
import { nextIdNumber, seedMemberOrgs } from '../people/people.fixtures.js';

/**
 * Teams through the HTTP API, on the people suites' org tree and the sample region tree:
 *
 *   市委组织部 (root)  ├─ 甲党委 (a) ← aAdmin: 甲一支部 (a1), 甲单位 (a2)   └─ 乙党委 (b) ← bAdmin
 *   东华门街道 (streets[0]) ← streetAdmin: 多福巷 (communities[0]) ← communityAdmin, 银闸 (communities[1])
 *   景山街道 (streets[1]): 隆福寺 (communities[2])
 */
describe('teams', () => {
  const t = useTestApp();
  let regions: SampleTree;
  const ids = { root: 0, a: 0, a1: 0, a2: 0, b: 0, b1: 0 };
  let aAdmin: Client;
  let bAdmin: Client;
  let communityAdmin: Client;
  let streetAdmin: Client;
  /** People: of 甲单位 (a2), of 甲一支部 only (a1), of 乙党委 (b). */
  const people = { a2: 0, a2b: 0, a1: 0, b: 0 };

  const snapshot = async () => ({
    team: await t.db.kysely.selectFrom('team').selectAll().orderBy('id').execute(),
    member: await t.db.kysely.selectFrom('team_member').selectAll().orderBy('id').execute(),
    audit: (await t.db.kysely.selectFrom('audit_log').select('id').where('action', 'like', 'team.%').execute()).length,
  });

  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code?: string): Promise<void> {
    const before = await snapshot();
    const res = await request();
    expect(res.statusCode, res.body).toBe(status);
    if (code) expect(errorCode(res)).toBe(code);
    expect(await snapshot()).toEqual(before);
  }

  async function ok<T>(res: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json<T>();
  }

  async function member(orgId: number, name: string, facet: Record<string, unknown>): Promise<number> {
    const res = await aAdmin.post(`/api/orgs/${orgId}/members`, { name, phone: '13712345678', idNumber: nextIdNumber(), ...facet });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CreateMemberResponse>().id;
  }

  const auditCount = async (action: string, entityId: number) =>
    (await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', action).where('entity_id', '=', String(entityId)).execute()).length;

  beforeAll(async () => {
    regions = await seedSampleTree(t.db);
    const admin = await userWith(t, [{ role: 'platform_admin' }]);
    Object.assign(ids, await seedMemberOrgs(admin));
    aAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.a }]);
    bAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.b }]);
    communityAdmin = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[0] }]);
    streetAdmin = await userWith(t, [{ role: 'region_admin', regionId: regions.streets[0] }]);
    people.a2 = await member(ids.a, '甲单位职工', { workUnit: { orgId: ids.a2 } });
    people.a2b = await member(ids.a, '甲单位党员', { workUnit: { orgId: ids.a2 }, party: { orgId: ids.a1, status: 'formal' } });
    people.a1 = await member(ids.a, '甲支部党员', { party: { orgId: ids.a1, status: 'formal' } });
    const bRes = await bAdmin.post(`/api/orgs/${ids.b}/members`, { name: '乙党委职工', idNumber: nextIdNumber(), workUnit: {} });
    expect(bRes.statusCode, bRes.body).toBe(201);
    people.b = bRes.json<CreateMemberResponse>().id;
  });

  it('an org admin forms a team of the unit’s people, names a leader, and keeps the history', async () => {
    const team = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'commando', name: '甲单位党员突击队', ownerOrgId: ids.a2, note: '夜间值守' }), 201);
    expect(team).toMatchObject({ kind: 'commando', ownerOrgId: ids.a2, ownerRegionId: null, ownerName: '甲单位', status: 'active', memberCount: 0, leaderPersonId: null });
    expect(await auditCount('team.create', team.id)).toBe(1);

    // Only people of 甲单位 (a work unit or party membership at or under it) may join.
    await ok(aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a2 }));
    const two = await ok<TeamView>(aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a2b }));
    expect(two.memberCount).toBe(2);
    expect(two.members.map((m) => m.phone)).toEqual(['137****5678', '137****5678']);
    await refused(() => aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a1 }), 422, 'TEAM_INVALID');
    await refused(() => aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.b }), 422, 'TEAM_INVALID');
    await refused(() => aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a2 }), 409, 'CONFLICT');
    await refused(() => aAdmin.post(`/api/teams/${team.id}/members`, { enrolmentId: 1 }), 422, 'TEAM_INVALID');

    // Candidates: the org's people who are not serving yet.
    const candidates = await ok<TeamCandidate[]>(aAdmin.get(`/api/teams/${team.id}/candidates`));
    expect(candidates.map((c) => c.personId)).not.toContain(people.a2);
    expect(candidates.every((c) => c.enrolmentId === null)).toBe(true);

    // The leader must be serving.
    await refused(() => aAdmin.patch(`/api/teams/${team.id}`, { leaderPersonId: people.a1 }), 422, 'TEAM_INVALID');
    const led = await ok<TeamView>(aAdmin.patch(`/api/teams/${team.id}`, { leaderPersonId: people.a2, name: '甲单位抗疫突击队' }));
    expect(led).toMatchObject({ leaderPersonId: people.a2, leaderName: '甲单位职工', name: '甲单位抗疫突击队' });
    expect(await auditCount('team.update', team.id)).toBe(1);

    // A leader who leaves leaves the team without one; the stint stays on record.
    const left = await ok<TeamView>(aAdmin.delete(`/api/teams/${team.id}/members/${people.a2}`));
    expect(left).toMatchObject({ leaderPersonId: null, memberCount: 1 });
    expect(left.members.find((m) => m.personId === people.a2)?.leftAt).not.toBeNull();
    await refused(() => aAdmin.delete(`/api/teams/${team.id}/members/${people.a2}`), 404, 'NOT_FOUND');
    // Rejoining opens a new stint beside the old one.
    const back = await ok<TeamView>(aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a2 }));
    expect(back.members.filter((m) => m.personId === people.a2)).toHaveLength(2);
    expect(await auditCount('team.member.add', team.id)).toBe(3);
    expect(await auditCount('team.member.remove', team.id)).toBe(1);

    // Dissolving closes every stint; the dissolved team takes no more changes.
    const gone = await ok<TeamView>(aAdmin.post(`/api/teams/${team.id}/dissolve`));
    expect(gone.status).toBe('dissolved');
    expect(gone.dissolvedAt).not.toBeNull();
    expect(gone.memberCount).toBe(0);
    expect(gone.members.every((m) => m.leftAt !== null)).toBe(true);
    await refused(() => aAdmin.post(`/api/teams/${team.id}/dissolve`), 409, 'INVALID_STATE');
    await refused(() => aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a1 }), 409, 'INVALID_STATE');
    await refused(() => aAdmin.patch(`/api/teams/${team.id}`, { note: '再改' }), 409, 'INVALID_STATE');
    expect(await auditCount('team.dissolve', team.id)).toBe(1);
  });

  it('a name is unique per owner among active teams', async () => {
    const first = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'volunteer', name: '同名队', ownerOrgId: ids.a2 }), 201);
    await refused(() => aAdmin.post('/api/teams', { kind: 'service', name: '同名队', ownerOrgId: ids.a2 }), 409, 'CONFLICT');
    const other = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'volunteer', name: '改名前', ownerOrgId: ids.a2 }), 201);
    await refused(() => aAdmin.patch(`/api/teams/${other.id}`, { name: '同名队' }), 409, 'CONFLICT');
    // Another owner may use the name; so may the same owner once the first is dissolved.
    await ok(aAdmin.post('/api/teams', { kind: 'volunteer', name: '同名队', ownerOrgId: ids.a1 }), 201);
    await ok(aAdmin.post(`/api/teams/${first.id}/dissolve`));
    await ok(aAdmin.post('/api/teams', { kind: 'volunteer', name: '同名队', ownerOrgId: ids.a2 }), 201);
  });

  it('keeps each admin to the teams of its scope', async () => {
    const team = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'service', name: '甲单位服务队', ownerOrgId: ids.a2 }), 201);
    await refused(() => bAdmin.post('/api/teams', { kind: 'service', name: '越权队', ownerOrgId: ids.a2 }), 403, 'FORBIDDEN');
    await refused(() => communityAdmin.post('/api/teams', { kind: 'service', name: '越权队', ownerOrgId: ids.a2 }), 403, 'FORBIDDEN');
    await refused(() => communityAdmin.post('/api/teams', { kind: 'service', name: '越权队', ownerRegionId: regions.communities[2] }), 403, 'FORBIDDEN');
    await refused(() => aAdmin.post('/api/teams', { kind: 'service', name: '越权队', ownerRegionId: regions.communities[0] }), 403, 'FORBIDDEN');
    await refused(() => streetAdmin.post('/api/teams', { kind: 'service', name: '网格队', ownerRegionId: regions.grid }), 422, 'TEAM_INVALID');
    expect((await bAdmin.get(`/api/teams/${team.id}`)).statusCode).toBe(403);
    await refused(() => bAdmin.patch(`/api/teams/${team.id}`, { note: 'x' }), 403, 'FORBIDDEN');
    await refused(() => bAdmin.post(`/api/teams/${team.id}/members`, { personId: people.b }), 403, 'FORBIDDEN');
    await refused(() => bAdmin.post(`/api/teams/${team.id}/dissolve`), 403, 'FORBIDDEN');
    await refused(() => communityAdmin.delete(`/api/teams/${team.id}/members/${people.a2}`), 403, 'FORBIDDEN');
    expect((await bAdmin.get(`/api/teams/${team.id}/candidates`)).statusCode).toBe(403);

    const bList = await ok<TeamsPage>(bAdmin.get('/api/teams'));
    expect(bList.items.map((x) => x.id)).not.toContain(team.id);
    const aList = await ok<TeamsPage>(aAdmin.get(`/api/teams?ownerOrgId=${ids.a2}&status=active`));
    expect(aList.items.map((x) => x.id)).toContain(team.id);
    expect(aList.items.every((x) => x.ownerOrgId === ids.a2 && x.status === 'active')).toBe(true);
    expect((await communityAdmin.get('/api/teams')).json<TeamsPage>().items.some((x) => x.ownerOrgId !== null)).toBe(false);
  });

  it('a community’s team takes confirmed enrolled members of that community, and counts them active', async () => {
    const here = await confirmedEnrolment(t.db, { name: '多福巷党员', communityId: regions.communities[0] });
    const nextDoor = await confirmedEnrolment(t.db, { name: '银闸党员', communityId: regions.communities[1] });
    const elsewhere = await confirmedEnrolment(t.db, { name: '隆福寺党员', communityId: regions.communities[2] });
    const team = await ok<TeamView>(communityAdmin.post('/api/teams', { kind: 'volunteer', name: '多福巷志愿服务队', ownerRegionId: regions.communities[0] }), 201);
    expect(team).toMatchObject({ ownerRegionId: regions.communities[0], ownerOrgId: null, ownerName: '多福巷社区居委会' });

    const candidates = await ok<TeamCandidate[]>(communityAdmin.get(`/api/teams/${team.id}/candidates`));
    expect(candidates.map((c) => c.enrolmentId)).toEqual([here.id]);

    const joined = await ok<TeamView>(communityAdmin.post(`/api/teams/${team.id}/members`, { enrolmentId: here.id }));
    expect(joined.members.map((m) => m.personId)).toEqual([here.personId]);
    const touched = await t.db.kysely.selectFrom('enrolment').select('last_active_at').where('id', '=', here.id).executeTakeFirstOrThrow();
    expect(touched.last_active_at).not.toBeNull();
    await refused(() => communityAdmin.post(`/api/teams/${team.id}/members`, { enrolmentId: nextDoor.id }), 422, 'TEAM_INVALID');
    await refused(() => communityAdmin.post(`/api/teams/${team.id}/members`, { enrolmentId: 999_999 }), 422, 'TEAM_INVALID');
    await refused(() => communityAdmin.post(`/api/teams/${team.id}/members`, { personId: here.personId }), 422, 'TEAM_INVALID');

    // A street's team draws on every community of the street, not beyond.
    const street = await ok<TeamView>(streetAdmin.post('/api/teams', { kind: 'service', name: '东华门民呼我行服务队', ownerRegionId: regions.streets[0] }), 201);
    const streetCandidates = await ok<TeamCandidate[]>(streetAdmin.get(`/api/teams/${street.id}/candidates`));
    expect(streetCandidates.map((c) => c.enrolmentId).sort()).toEqual([here.id, nextDoor.id].sort());
    await ok(streetAdmin.post(`/api/teams/${street.id}/members`, { enrolmentId: nextDoor.id }));
    await refused(() => streetAdmin.post(`/api/teams/${street.id}/members`, { enrolmentId: elsewhere.id }), 422, 'TEAM_INVALID');
    // The street admin keeps the community's team too; the community admin not the street's.
    expect((await streetAdmin.get(`/api/teams/${team.id}`)).statusCode).toBe(200);
    expect((await communityAdmin.get(`/api/teams/${street.id}`)).statusCode).toBe(403);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const team = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'commando', name: '输入校验队', ownerOrgId: ids.a2 }), 201);
    const bad: Array<[() => Promise<LightMyRequestResponse>, number]> = [
      [() => aAdmin.post('/api/teams', { kind: 'commando', name: '无主队' }), 400],
      [() => aAdmin.post('/api/teams', { kind: 'commando', name: '两主队', ownerOrgId: ids.a2, ownerRegionId: regions.communities[0] }), 400],
      [() => aAdmin.post('/api/teams', { kind: 'commando', name: '   ', ownerOrgId: ids.a2 }), 400],
      [() => aAdmin.post('/api/teams', { kind: 'squad', name: '类型错', ownerOrgId: ids.a2 }), 400],
      [() => aAdmin.post('/api/teams', { kind: 'commando', name: '字符串编号', ownerOrgId: String(ids.a2) }), 400],
      [() => aAdmin.post('/api/teams', { kind: 'commando', name: 'x'.repeat(101), ownerOrgId: ids.a2 }), 400],
      [() => aAdmin.post('/api/teams', { kind: 'commando', name: '多字段', ownerOrgId: ids.a2, status: 'dissolved' }), 400],
      [() => aAdmin.post('/api/teams', { kind: 'commando', name: '无此组织', ownerOrgId: 987_654 }), 404],
      [() => aAdmin.patch(`/api/teams/${team.id}`, {}), 400],
      [() => aAdmin.patch(`/api/teams/${team.id}`, { note: 'x'.repeat(501) }), 400],
      [() => aAdmin.patch(`/api/teams/${team.id}`, { leaderPersonId: true }), 400],
      [() => aAdmin.post(`/api/teams/${team.id}/members`, {}), 400],
      [() => aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a2, enrolmentId: 1 }), 400],
      [() => aAdmin.post(`/api/teams/${team.id}/members`, { personId: -1 }), 400],
      [() => aAdmin.post(`/api/teams/${team.id}/members`, { personId: 987_654 }), 422],
      [() => aAdmin.delete(`/api/teams/${team.id}/members/abc`), 400],
      [() => aAdmin.post('/api/teams/abc/dissolve'), 400],
      [() => aAdmin.get('/api/teams?status=gone'), 400],
      [() => aAdmin.get('/api/teams/export.xlsx?status=gone'), 400],
      [() => aAdmin.get('/api/teams/export.xlsx?ownerOrgId=abc'), 400],
      // The ledger takes every matching team: paging is not one of its filters.
      [() => aAdmin.get('/api/teams/export.xlsx?limit=10'), 400],
      [() => aAdmin.get('/api/teams/export.xlsx?unknown=1'), 400],
      [() => aAdmin.post('/api/teams/987654/dissolve'), 404],
    ];
    for (const [request, status] of bad) await refused(request, status);
  });

  it('exports the team ledger (队伍花名册): a row a current member of exactly the teams the list shows, phones masked', async () => {
    const exported = async (client: Client, query = '') => {
      const res = await client.get(`/api/teams/export.xlsx${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = await sheetRows(res.rawPayload, teamLedgerColumns.length);
      expect(rows[0]![0]).toContain('队伍花名册');
      expect(rows[1]).toEqual([...teamLedgerColumns]);
      return rows.slice(2);
    };
    // What the ledger must hold, read from the list: one row a current member, one for a team without.
    const expected = async (client: Client, query = '') => {
      const { items } = await ok<TeamsPage>(client.get(`/api/teams?limit=500&${query.replace(/^\?/, '')}`));
      return items.flatMap((team) => {
        const serving = team.members.filter((m) => m.leftAt === null);
        return serving.length ? serving.map((m) => [team.name, team.ownerName, m.name, m.phone ?? '']) : [[team.name, team.ownerName, '', '']];
      });
    };
    const keyed = (rows: string[][]) => rows.map((r) => [r[0], r[2], r[4], r[5]]);
    const sorted = (rows: Array<Array<string | undefined>>) => rows.map((r) => r.join('|')).sort();
    const exports = async () => (await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'team.export').execute()).length;
    const named = `?q=${encodeURIComponent('花名册')}`;

    const unit = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'commando', name: '花名册突击队', ownerOrgId: ids.a2 }), 201);
    await ok(aAdmin.post(`/api/teams/${unit.id}/members`, { personId: people.a2 }));
    await ok(aAdmin.post(`/api/teams/${unit.id}/members`, { personId: people.a2b }));
    await ok(aAdmin.patch(`/api/teams/${unit.id}`, { leaderPersonId: people.a2 }));
    await t.db.kysely.updateTable('person').set({ skills: ['medical', 'driving'] }).where('id', '=', people.a2).execute();
    const unstaffed = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'volunteer', name: '花名册空队', ownerOrgId: ids.a2 }), 201);
    const bTeam = await ok<TeamView>(bAdmin.post('/api/teams', { kind: 'service', name: '花名册乙队', ownerOrgId: ids.b }), 201);
    await ok(bAdmin.post(`/api/teams/${bTeam.id}/members`, { personId: people.b }));
    // A place's team: the member's skills are those stated when enrolling there.
    const enrolled = await confirmedEnrolment(t.db, { name: '花名册社区党员', communityId: regions.communities[0] });
    await t.db.kysely.updateTable('person').set({ phone: '13900001111', skills: ['legal'] }).where('id', '=', enrolled.personId).execute();
    await t.db.kysely.updateTable('enrolment').set({ skills: ['counselling'] }).where('id', '=', enrolled.id).execute();
    const place = await ok<TeamView>(communityAdmin.post('/api/teams', { kind: 'volunteer', name: '花名册社区队', ownerRegionId: regions.communities[0] }), 201);
    await ok(communityAdmin.post(`/api/teams/${place.id}/members`, { enrolmentId: enrolled.id }));

    const before = await exports();
    const mine = await exported(aAdmin, named);
    expect(mine).toHaveLength(3);
    const byName = (name: string) => mine.find((r) => r[4] === name)!;
    expect(byName('甲单位职工')).toEqual(['花名册突击队', '党员突击队', '甲单位', '是', '甲单位职工', '137****5678', '医疗、驾驶', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), '在编']);
    expect(byName('甲单位党员').slice(3, 7)).toEqual(['', '甲单位党员', '137****5678', '']);
    expect(mine.find((r) => r[0] === unstaffed.name)).toEqual(['花名册空队', '志愿服务队', '甲单位', '', '', '', '', '', '在编']);
    expect(await exports()).toBe(before + 1);

    const placeRows = await exported(communityAdmin, named);
    expect(placeRows.map((r) => r.slice(0, 7))).toEqual([['花名册社区队', '志愿服务队', '多福巷社区居委会', '', '花名册社区党员', '139****1111', '心理疏导']]);

    // Every filter and scope: the ledger holds what the list holds and nothing else, never a full phone.
    for (const [client, query] of [[aAdmin, ''], [aAdmin, `?ownerOrgId=${ids.a2}&status=active`], [bAdmin, ''], [communityAdmin, ''], [streetAdmin, '?status=dissolved']] as const) {
      const rows = await exported(client, query);
      expect(sorted(keyed(rows))).toEqual(sorted(await expected(client, query)));
      expect(rows.flat().some((cell) => /1\d{10}/.test(cell))).toBe(false);
    }
    expect((await exported(aAdmin)).map((r) => r[0])).not.toContain('花名册乙队');
    expect((await exported(bAdmin)).map((r) => r[0])).not.toContain('花名册突击队');
    expect((await exported(streetAdmin)).map((r) => r[0])).toContain('花名册社区队');
    expect((await exported(communityAdmin)).some((r) => r[0] === '花名册突击队' || r[0] === '花名册乙队')).toBe(false);

    const audited = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'team.export').orderBy('id').execute();
    expect(audited).toHaveLength(before + 1 + 1 + 5 + 4);
    expect(audited.at(-1)).toMatchObject({ entity: 'team', result: 'ok' });

    // Without the list's permission, the list's refusal, and nothing exported or audited.
    const member = await userWith(t, [{ role: 'member', orgId: ids.a }]);
    const list = await member.get('/api/teams');
    expect(list.statusCode).toBe(403);
    await refused(() => member.get('/api/teams/export.xlsx'), 403, errorCode(list));
  });

  it('holds name uniqueness and single membership under parallel requests', async () => {
    const creates = await Promise.all(
      Array.from({ length: 12 }, () => aAdmin.post('/api/teams', { kind: 'commando', name: '并发突击队', ownerOrgId: ids.a2 })),
    );
    expect(creates.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(11).fill(409)]);
    const team = creates.find((r) => r.statusCode === 201)!.json<TeamView>();
    const adds = await Promise.all(Array.from({ length: 12 }, () => aAdmin.post(`/api/teams/${team.id}/members`, { personId: people.a2b })));
    expect(adds.map((r) => r.statusCode).sort()).toEqual([200, ...Array<number>(11).fill(409)]);
    const rows = await t.db.kysely.selectFrom('team_member').select('id').where('team_id', '=', team.id).where('left_at', 'is', null).execute();
    expect(rows).toHaveLength(1);
  });
});
