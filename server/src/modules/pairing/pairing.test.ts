import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { pairingLedgerColumns, type CreateMemberResponse, type PairingsPage, type PairingView, type TeamView } from '@meshwork/contracts';
import { errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { sheetRows } from '../../../test/excel.js';
import { nextIdNumber, seedMemberOrgs } from '../people/people.fixtures.js';

/**
 * Unit pairing through the HTTP API, on the people suites' org tree and the sample region tree:
 *
 *   市委组织部 (root) ← rootAdmin ├─ 甲党委 (a) ← aAdmin: 甲一支部 (a1), 甲单位 (a2)  └─ 乙党委 (b) ← bAdmin
 *   东华门街道 (streets[0]) ← streetAdmin: 多福巷 (communities[0]) ← communityAdmin, 银闸 (communities[1])
 *   景山街道 (streets[1]): 隆福寺 (communities[2]) ← farAdmin
 */
describe('pairing', () => {
  const t = useTestApp();
  let regions: SampleTree;
  const ids = { root: 0, a: 0, a1: 0, a2: 0, b: 0, b1: 0 };
  let rootAdmin: Client;
  let aAdmin: Client;
  let bAdmin: Client;
  let communityAdmin: Client;
  let streetAdmin: Client;
  let farAdmin: Client;
  /** 甲单位's commando team with one member, 乙党委's team, 甲一支部's team. */
  let a2Team: TeamView;
  let bTeam: TeamView;
  let a1Team: TeamView;

  const offer = (over: Record<string, unknown> = {}) => ({
    unitId: ids.a2,
    regionId: regions.communities[0],
    liaisonName: '王联络',
    liaisonPhone: '13611112222',
    offerPeople: 12,
    offerFunds: 5000.5,
    offerMaterials: '口罩 2000 只',
    note: '周末可加派',
    teamIds: [a2Team.id],
    ...over,
  });

  const snapshot = async () => ({
    pairing: await t.db.kysely.selectFrom('pairing').selectAll().orderBy('id').execute(),
    teams: await t.db.kysely.selectFrom('pairing_team').selectAll().orderBy('pairing_id').orderBy('team_id').execute(),
    audit: await rowCount(t.db, 'audit_log'),
  });

  /** A refused request: the status (and code), and nothing written but, for a 403, the denial's audit row. */
  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code?: string): Promise<void> {
    const before = await snapshot();
    const res = await request();
    expect(res.statusCode, res.body).toBe(status);
    if (code) expect(errorCode(res)).toBe(code);
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + (status === 403 ? 1 : 0) });
  }

  async function ok<T>(res: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json<T>();
  }

  const create = (over: Record<string, unknown> = {}, as: Client = aAdmin) => ok<PairingView>(as.post('/api/pairings', offer(over)), 201);
  const list = async (as: Client, query: string) => (await ok<PairingsPage>(as.get(`/api/pairings?${query}`))).items.map((p) => p.id);
  const audits = async (action: string, id: number) =>
    (await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', String(id)).execute());

  beforeAll(async () => {
    regions = await seedSampleTree(t.db);
    const admin = await userWith(t, [{ role: 'platform_admin' }]);
    Object.assign(ids, await seedMemberOrgs(admin));
    rootAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.root }]);
    aAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.a }]);
    bAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.b }]);
    communityAdmin = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[0] }]);
    streetAdmin = await userWith(t, [{ role: 'region_admin', regionId: regions.streets[0] }]);
    farAdmin = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[2] }]);
    const person = await ok<CreateMemberResponse>(
      aAdmin.post(`/api/orgs/${ids.a}/members`, { name: '突击队员', phone: '13812345678', idNumber: nextIdNumber(), workUnit: { orgId: ids.a2 } }),
      201,
    );
    a2Team = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'commando', name: '甲单位党员突击队', ownerOrgId: ids.a2 }), 201);
    await ok(aAdmin.post(`/api/teams/${a2Team.id}/members`, { personId: person.id }));
    bTeam = await ok<TeamView>(bAdmin.post('/api/teams', { kind: 'volunteer', name: '乙党委志愿服务队', ownerOrgId: ids.b }), 201);
    a1Team = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'volunteer', name: '甲一支部志愿服务队', ownerOrgId: ids.a1 }), 201);
  });

  it('a unit pairs with a community; the community sees the liaison in clear and the team’s members masked, and confirms', async () => {
    const p = await create();
    expect(p).toMatchObject({
      unitId: ids.a2,
      unitName: '甲单位',
      regionId: regions.communities[0],
      regionLevel: 'community',
      liaisonName: '王联络',
      liaisonPhone: '13611112222',
      offerPeople: 12,
      offerFunds: 5000.5,
      offerMaterials: '口罩 2000 只',
      status: 'pending',
      decidedAt: null,
    });
    expect(p.teams.map((x) => x.id)).toEqual([a2Team.id]);
    const [auditRow] = await audits('pairing.create', p.id);
    expect(JSON.stringify(auditRow!.changes)).not.toContain('13611112222');

    const seen = await ok<PairingView>(communityAdmin.get(`/api/pairings/${p.id}`));
    expect(seen.liaisonPhone).toBe('13611112222');
    expect(seen.teams[0]!.members).toMatchObject([{ name: '突击队员', phone: '138****5678', leftAt: null }]);
    expect(await list(communityAdmin, 'side=place&status=pending')).toContain(p.id);

    const confirmed = await ok<PairingView>(communityAdmin.post(`/api/pairings/${p.id}/confirm`));
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.decidedAt).not.toBeNull();
    expect(await audits('pairing.confirm', p.id)).toHaveLength(1);
    // The unit sees it confirmed; a second decision is refused.
    expect((await ok<PairingView>(aAdmin.get(`/api/pairings/${p.id}`))).status).toBe('confirmed');
    await refused(() => communityAdmin.post(`/api/pairings/${p.id}/confirm`), 409, 'INVALID_STATE');
    await refused(() => communityAdmin.post(`/api/pairings/${p.id}/decline`, { reason: '晚了' }), 409, 'INVALID_STATE');
    await refused(() => aAdmin.post(`/api/pairings/${p.id}/withdraw`), 409, 'INVALID_STATE');

    // One open pairing per unit and place; other places are fine.
    await refused(() => aAdmin.post('/api/pairings', offer()), 409, 'PAIRING_EXISTS');
    const street = await create({ regionId: regions.streets[0], teamIds: [] });
    expect(street.regionLevel).toBe('street');

    // The unit edits liaison and offers while open; the place ends it; then the unit may pair again.
    const edited = await ok<PairingView>(aAdmin.patch(`/api/pairings/${p.id}`, { liaisonPhone: '13633334444', offerFunds: 8000, teamIds: [] }));
    expect(edited).toMatchObject({ liaisonPhone: '13633334444', offerFunds: 8000, status: 'confirmed', teams: [] });
    const [editAudit] = await audits('pairing.update', p.id);
    expect(editAudit!.changes).toMatchObject({ liaison_phone: ['136****2222', '136****4444'], offer_funds: [5000.5, 8000] });
    const ended = await ok<PairingView>(communityAdmin.post(`/api/pairings/${p.id}/end`));
    expect(ended.status).toBe('ended');
    expect(ended.endedAt).not.toBeNull();
    await refused(() => aAdmin.patch(`/api/pairings/${p.id}`, { note: '结束后改' }), 409, 'INVALID_STATE');
    await refused(() => aAdmin.post(`/api/pairings/${p.id}/end`), 409, 'INVALID_STATE');
    const again = await create();
    expect(again.status).toBe('pending');

    // The unit withdraws a pending pairing; the place declines another with a reason.
    const withdrawn = await ok<PairingView>(aAdmin.post(`/api/pairings/${again.id}/withdraw`));
    expect(withdrawn.status).toBe('ended');
    const other = await create({ regionId: regions.communities[1], teamIds: [] });
    const declined = await ok<PairingView>(streetAdmin.post(`/api/pairings/${other.id}/decline`, { reason: '本社区暂无需求' }));
    expect(declined).toMatchObject({ status: 'declined', declineReason: '本社区暂无需求' });
    expect(await audits('pairing.decline', other.id)).toHaveLength(1);
    await refused(() => aAdmin.patch(`/api/pairings/${other.id}`, { offerPeople: 3 }), 409, 'INVALID_STATE');
    // The unit ends a confirmed pairing too.
    await ok(streetAdmin.post(`/api/pairings/${street.id}/confirm`));
    expect((await ok<PairingView>(aAdmin.post(`/api/pairings/${street.id}/end`))).status).toBe('ended');
    expect(await audits('pairing.end', street.id)).toHaveLength(1);
  });

  it('only units that pair, only streets and communities, only the unit’s own active teams', async () => {
    await refused(() => rootAdmin.post('/api/pairings', offer({ unitId: ids.root, teamIds: [] })), 422, 'PAIRING_TARGET_INVALID');
    await refused(() => aAdmin.post('/api/pairings', offer({ regionId: regions.district, teamIds: [] })), 422, 'PAIRING_TARGET_INVALID');
    await refused(() => aAdmin.post('/api/pairings', offer({ regionId: regions.grid, teamIds: [] })), 422, 'PAIRING_TARGET_INVALID');
    await refused(() => aAdmin.post('/api/pairings', offer({ regionId: regions.communities[3], teamIds: [bTeam.id] })), 422, 'TEAM_INVALID');
    await refused(() => aAdmin.post('/api/pairings', offer({ regionId: regions.communities[3], teamIds: [a1Team.id] })), 422, 'TEAM_INVALID');
    const dissolved = await ok<TeamView>(aAdmin.post('/api/teams', { kind: 'service', name: '已解散的队', ownerOrgId: ids.a2 }), 201);
    await ok(aAdmin.post(`/api/teams/${dissolved.id}/dissolve`));
    await refused(() => aAdmin.post('/api/pairings', offer({ regionId: regions.communities[3], teamIds: [dissolved.id] })), 422, 'TEAM_INVALID');
    // A unit's party branch pairs on its behalf.
    const branch = await create({ unitId: ids.a1, regionId: regions.communities[3], teamIds: [a1Team.id] });
    expect(branch.unitType).toBe('branch');
    await refused(() => aAdmin.patch(`/api/pairings/${branch.id}`, { teamIds: [a1Team.id, a2Team.id] }), 422, 'TEAM_INVALID');
    // A closed unit pairs no more.
    const closed = await ok<{ id: number }>(aAdmin.post('/api/orgs', { parentId: ids.a, type: 'institution', name: '已撤销的事业单位' }), 201);
    await ok(aAdmin.post(`/api/orgs/${closed.id}/close`, { reason: '机构改革' }));
    await refused(() => aAdmin.post('/api/pairings', offer({ unitId: closed.id, teamIds: [] })), 409, 'ORG_CLOSED');
  });

  it('keeps each side to its own pairings', async () => {
    const p = await create({ regionId: regions.communities[2], teamIds: [] });
    // Another org's admin neither sees nor acts on it, nor pairs the unit.
    await refused(() => bAdmin.get(`/api/pairings/${p.id}`), 403, 'FORBIDDEN');
    await refused(() => bAdmin.patch(`/api/pairings/${p.id}`, { note: '越权' }), 403, 'FORBIDDEN');
    await refused(() => bAdmin.post(`/api/pairings/${p.id}/withdraw`), 403, 'FORBIDDEN');
    await refused(() => bAdmin.post('/api/pairings', offer({ regionId: regions.communities[1], teamIds: [] })), 403, 'FORBIDDEN');
    expect(await list(bAdmin, 'side=unit')).not.toContain(p.id);
    expect(await list(aAdmin, 'side=unit')).toContain(p.id);
    // The unit cannot decide its own pairing; an org admin has no place side.
    await refused(() => aAdmin.post(`/api/pairings/${p.id}/confirm`), 403, 'FORBIDDEN');
    await refused(() => aAdmin.get('/api/pairings?side=place'), 403, 'FORBIDDEN');
    // A place admin sees only pairings at places in its scope.
    await refused(() => communityAdmin.get(`/api/pairings/${p.id}`), 403, 'FORBIDDEN');
    await refused(() => streetAdmin.post(`/api/pairings/${p.id}/confirm`), 403, 'FORBIDDEN');
    await refused(() => communityAdmin.post(`/api/pairings/${p.id}/decline`, { reason: '不是本社区' }), 403, 'FORBIDDEN');
    await refused(() => communityAdmin.patch(`/api/pairings/${p.id}`, { note: '越权' }), 403, 'FORBIDDEN');
    await refused(() => communityAdmin.get('/api/pairings?side=unit'), 403, 'FORBIDDEN');
    expect(await list(communityAdmin, 'side=place')).not.toContain(p.id);
    expect(await list(streetAdmin, 'side=place')).not.toContain(p.id);
    const far = await list(farAdmin, 'side=place');
    expect(far).toContain(p.id);
    expect(await list(farAdmin, `side=place&regionId=${regions.communities[2]}&status=pending`)).toEqual([p.id]);
    // The street admin sees its communities' pairings and the street's own.
    const streetSide = (await ok<PairingsPage>(streetAdmin.get('/api/pairings?side=place&limit=500'))).items;
    expect(streetSide.length).toBeGreaterThan(0);
    expect(streetSide.every((x) => [regions.streets[0], regions.communities[0], regions.communities[1]].includes(x.regionId))).toBe(true);
    await ok(farAdmin.post(`/api/pairings/${p.id}/confirm`));
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const p = await create({ regionId: regions.communities[1], teamIds: [] });
    const bad: Array<[() => Promise<LightMyRequestResponse>, number]> = [
      [() => aAdmin.post('/api/pairings', offer({ liaisonPhone: '12345' })), 400],
      [() => aAdmin.post('/api/pairings', offer({ liaisonName: '  ' })), 400],
      [() => aAdmin.post('/api/pairings', offer({ unitId: String(ids.a2) })), 400],
      [() => aAdmin.post('/api/pairings', offer({ offerPeople: -1 })), 400],
      [() => aAdmin.post('/api/pairings', offer({ offerPeople: 1.5 })), 400],
      [() => aAdmin.post('/api/pairings', offer({ offerFunds: 1.234 })), 400],
      [() => aAdmin.post('/api/pairings', offer({ offerFunds: -5 })), 400],
      [() => aAdmin.post('/api/pairings', offer({ offerMaterials: 'x'.repeat(501) })), 400],
      [() => aAdmin.post('/api/pairings', offer({ teamIds: [a2Team.id, a2Team.id] })), 400],
      [() => aAdmin.post('/api/pairings', offer({ status: 'confirmed' })), 400],
      [() => aAdmin.post('/api/pairings', offer({ regionId: 987_654 })), 404],
      [() => aAdmin.post('/api/pairings', offer({ unitId: 987_654 })), 404],
      [() => aAdmin.post('/api/pairings', offer({ regionId: regions.streets[1], teamIds: [987_654] })), 422],
      [() => aAdmin.patch(`/api/pairings/${p.id}`, {}), 400],
      [() => aAdmin.patch(`/api/pairings/${p.id}`, { liaisonPhone: '999' }), 400],
      [() => aAdmin.patch(`/api/pairings/${p.id}`, { unitId: ids.a1 }), 400],
      [() => streetAdmin.post(`/api/pairings/${p.id}/decline`, {}), 400],
      [() => streetAdmin.post(`/api/pairings/${p.id}/decline`, { reason: '' }), 400],
      [() => streetAdmin.post(`/api/pairings/${p.id}/decline`, { reason: 'x'.repeat(201) }), 400],
      [() => streetAdmin.post('/api/pairings/abc/confirm'), 400],
      [() => streetAdmin.post('/api/pairings/987654/confirm'), 404],
      [() => aAdmin.get('/api/pairings'), 400],
      [() => aAdmin.get('/api/pairings?side=unit&status=open'), 400],
      [() => aAdmin.get('/api/pairings/export.xlsx?side=both'), 400],
    ];
    for (const [request, status] of bad) await refused(request, status);
  });

  it('parallel pairings of one unit with one place leave exactly one open', async () => {
    const attempts = await Promise.all(Array.from({ length: 20 }, () => aAdmin.post('/api/pairings', offer({ regionId: regions.streets[1], teamIds: [a2Team.id] }))));
    expect(attempts.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(attempts.filter((r) => r.statusCode === 409).every((r) => errorCode(r) === 'PAIRING_EXISTS')).toBe(true);
    const open = await t.db.kysely
      .selectFrom('pairing')
      .select('id')
      .where('unit_id', '=', ids.a2)
      .where('region_id', '=', regions.streets[1])
      .where('status', 'in', ['pending', 'confirmed'])
      .execute();
    expect(open).toHaveLength(1);
    expect(await t.db.kysely.selectFrom('pairing_team').select('team_id').where('pairing_id', '=', open[0]!.id).execute()).toHaveLength(1);
  });

  it('a confirm racing a decline: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const p = await create({ unitId: ids.a1, regionId: regions.communities[0], teamIds: [] });
      const [confirm, decline] = await Promise.all([
        streetAdmin.post(`/api/pairings/${p.id}/confirm`),
        communityAdmin.post(`/api/pairings/${p.id}/decline`, { reason: '人手已足' }),
      ]);
      expect([confirm.statusCode, decline.statusCode].sort()).toEqual([200, 409]);
      const row = await t.db.kysely.selectFrom('pairing').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
      expect(row.status).toBe(confirm.statusCode === 200 ? 'confirmed' : 'declined');
      const decisions = await t.db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'pairing').where('entity_id', '=', String(p.id)).where('action', 'in', ['pairing.confirm', 'pairing.decline']).execute();
      expect(decisions).toHaveLength(1);
      // Free the unit and place for the next round.
      if (row.status === 'confirmed') await ok(aAdmin.post(`/api/pairings/${p.id}/end`));
    }
  });

  it('exports the pairing ledger for each side', async () => {
    const p = await create({ unitId: ids.a1, regionId: regions.streets[0], offerFunds: 1234.5, teamIds: [a1Team.id] });
    await ok(streetAdmin.post(`/api/pairings/${p.id}/decline`, { reason: '请向社区报到' }));

    const place = await streetAdmin.get(`/api/pairings/export.xlsx?side=place&regionId=${regions.streets[0]}`);
    expect(place.statusCode, place.body).toBe(200);
    expect(place.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetRows(place.rawPayload, pairingLedgerColumns.length);
    expect(rows[0]![0]).toContain('单位报到台账');
    expect(rows[1]).toEqual([...pairingLedgerColumns]);
    const row = rows.find((r) => r[0] === '甲一支部' && r[9] === '已退回')!;
    expect(row.slice(0, 11)).toEqual([
      '甲一支部', '党支部', '东华门街道', '王联络', '13611112222', '12', '1234.5', '口罩 2000 只', '甲一支部志愿服务队（志愿服务队，0人）', '已退回', '请向社区报到',
    ]);
    expect(row[11]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Only pairings at the place asked for, all of them in the street admin's scope.
    const places = await ok<PairingsPage>(streetAdmin.get(`/api/pairings?side=place&regionId=${regions.streets[0]}&limit=500`));
    expect(rows.length - 2).toBe(places.total);
    expect(await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'pairing.export').execute()).toHaveLength(1);

    const unit = await aAdmin.get('/api/pairings/export.xlsx?side=unit');
    expect(unit.statusCode).toBe(200);
    const unitRows = await sheetRows(unit.rawPayload, pairingLedgerColumns.length);
    const all = await ok<PairingsPage>(aAdmin.get('/api/pairings?side=unit&limit=500'));
    expect(unitRows.length - 2).toBe(all.total);
    expect((await bAdmin.get('/api/pairings/export.xlsx?side=unit')).statusCode).toBe(200);
    expect(await sheetRows((await bAdmin.get('/api/pairings/export.xlsx?side=unit')).rawPayload, 3)).toHaveLength(2);
    expect((await communityAdmin.get('/api/pairings/export.xlsx?side=unit')).statusCode).toBe(403);
  });
});
