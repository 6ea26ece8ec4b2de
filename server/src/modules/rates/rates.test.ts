import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { OrgRateCounts, OrgRates, RateRoots, RegionRateCounts, RegionRates } from '@meshwork/contracts';
import { anonymous, errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { confirmedEnrolment } from '../../../test/enrolments.js';
import { seedMemberOrgs } from '../people/people.fixtures.js';
import { enrolment, pairing, partyMembership, person, workUnitMembership } from './rates.fixtures.js';

/**
 * Rates (报到情况) on a fixed dataset whose every count is worked out by hand below.
 *
 *   市委组织部 (root)
 *   ├─ 甲党委 (a)         own: p5 (party)                         p5 withdrawn
 *   │  ├─ 甲一支部 (a1)   p1 p2 p3 (party)                         p1 confirmed@c0 active, p2 pending@c1
 *   │  └─ 甲单位 (a2)     p3 p4 (work unit; p3 counted once at a)  p4 confirmed@c2, active 10 days ago
 *   └─ 乙党委 (b)
 *      └─ 乙支部 (b1)     p6 (party)                               p6 rejected; p7 confirmed@c3 active and
 *                                                                  p8 pending@c3, both credited to b1
 *                                                                  without a membership: 200%
 *
 *   东城区 › 东华门街道 (s0: c0 c1) and 景山街道 (s1: c2 c3)
 *   pairings: a2 confirmed@s0 and @c0 (one unit), b1 pending@c1, a1 confirmed@c2, b ended@c2, b declined@c3
 */
describe('rates', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let orgs: Awaited<ReturnType<typeof seedMemberOrgs>>;
  let rootAdmin: Client;
  let aAdmin: Client;
  let districtAdmin: Client;
  let streetAdmin: Client;

  const ok = <T>(res: LightMyRequestResponse): T => {
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  const expectError = (res: LightMyRequestResponse, status: number, code: string) =>
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });

  const orgCounts = (members: number, enrolled: number, confirmed: number, active: number): OrgRateCounts => ({
    members,
    enrolled,
    confirmed,
    active,
    enrolledRate: members === 0 ? null : enrolled / members,
    confirmedRate: members === 0 ? null : confirmed / members,
  });
  const regionCounts = (enrolled: number, confirmed: number, active: number, pairedUnits: number, pendingPairings: number): RegionRateCounts => ({
    enrolled,
    confirmed,
    active,
    pairedUnits,
    pendingPairings,
    confirmedRate: enrolled === 0 ? null : confirmed / enrolled,
  });
  const countsOf = <T extends object>(row: T) => {
    const { id: _id, name: _name, type: _type, status: _status, level: _level, hasChildren: _h, ...counts } = row as Record<string, unknown>;
    return counts;
  };

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    const admin = await userWith(t, [{ role: 'platform_admin' }]);
    orgs = await seedMemberOrgs(admin);
    const db = t.db;
    const [c0, c1, c2, c3] = tree.communities;
    const p = await Promise.all(Array.from({ length: 8 }, (_, i) => person(db, `成员${i + 1}`)));
    const [p1, p2, p3, p4, p5, p6, p7, p8] = p as [number, number, number, number, number, number, number, number];
    for (const id of [p1, p2, p3]) await partyMembership(db, id, orgs.a1);
    await workUnitMembership(db, p3, orgs.a2);
    await workUnitMembership(db, p4, orgs.a2);
    await partyMembership(db, p5, orgs.a);
    await partyMembership(db, p6, orgs.b1);

    const confirmed = await confirmedEnrolment(db, { personId: p1, communityId: c0, orgId: orgs.a1 });
    await db.kysely.updateTable('enrolment').set({ last_active_at: new Date() }).where('id', '=', confirmed.id).execute();
    await enrolment(db, { personId: p2, communityId: c1, orgId: orgs.a1, status: 'pending' });
    await enrolment(db, { personId: p4, communityId: c2, orgId: orgs.a2, status: 'confirmed', activeDaysAgo: 10 });
    await enrolment(db, { personId: p5, communityId: c0, orgId: orgs.a, status: 'withdrawn' });
    await enrolment(db, { personId: p6, communityId: c3, orgId: orgs.b1, status: 'rejected' });
    await enrolment(db, { personId: p7, communityId: c3, orgId: orgs.b1, status: 'confirmed', activeDaysAgo: 1 });
    await enrolment(db, { personId: p8, communityId: c3, orgId: orgs.b1, status: 'pending' });

    await pairing(db, { unitId: orgs.a2, regionId: tree.streets[0], status: 'confirmed' });
    await pairing(db, { unitId: orgs.a2, regionId: c0, status: 'confirmed' });
    await pairing(db, { unitId: orgs.b1, regionId: c1, status: 'pending' });
    await pairing(db, { unitId: orgs.a1, regionId: c2, status: 'confirmed' });
    await pairing(db, { unitId: orgs.b, regionId: c2, status: 'ended' });
    await pairing(db, { unitId: orgs.b, regionId: c3, status: 'declined' });

    rootAdmin = await userWith(t, [{ role: 'org_admin', orgId: orgs.root }]);
    aAdmin = await userWith(t, [{ role: 'org_admin', orgId: orgs.a }]);
    districtAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.district }]);
    streetAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[0] }]);
  });

  describe('org tree', () => {
    it('counts members, enrolled, confirmed and active at the root and per child', async () => {
      const rates = ok<OrgRates>(await rootAdmin.get(`/api/rates/orgs/${orgs.root}`));
      expect(rates.node).toMatchObject({ id: orgs.root, name: '市委组织部', type: 'organization_department', hasChildren: true });
      expect(countsOf(rates.node)).toEqual(orgCounts(6, 5, 3, 2));
      expect(rates.own).toEqual(orgCounts(0, 0, 0, 0));
      expect(rates.trail).toEqual([{ id: orgs.root, name: '市委组织部' }]);
      // Children come in the database's collation order of names: compare them as a set.
      expect(rates.children.map((c) => [c.name, c.hasChildren, countsOf(c)])).toEqual(
        expect.arrayContaining([
          ['乙党委', true, orgCounts(1, 2, 1, 1)],
          ['甲党委', true, orgCounts(5, 3, 2, 1)],
        ]),
      );
      expect(rates.children).toHaveLength(2);
    });

    it('drills down: a person in two children counts once at their parent', async () => {
      const rates = ok<OrgRates>(await rootAdmin.get(`/api/rates/orgs/${orgs.a}`));
      expect(countsOf(rates.node)).toEqual(orgCounts(5, 3, 2, 1));
      expect(rates.own).toEqual(orgCounts(1, 0, 0, 0));
      expect(rates.trail.map((n) => n.name)).toEqual(['市委组织部', '甲党委']);
      const byName = Object.fromEntries(rates.children.map((c) => [c.name, c]));
      expect(countsOf(byName['甲一支部']!)).toEqual(orgCounts(3, 2, 1, 1));
      expect(countsOf(byName['甲单位']!)).toEqual(orgCounts(2, 1, 1, 0));
      expect(byName['甲单位']!.hasChildren).toBe(false);
    });

    it('enrolments roll up: a parent is the sum of its children and its own rows', async () => {
      for (const id of [orgs.root, orgs.a, orgs.b]) {
        const rates = ok<OrgRates>(await rootAdmin.get(`/api/rates/orgs/${id}`));
        for (const key of ['enrolled', 'confirmed', 'active'] as const) {
          expect(rates.node[key], `${rates.node.name} ${key}`).toBe(rates.own[key] + rates.children.reduce((s, c) => s + c[key], 0));
        }
      }
    });

    it('shows more enrolled than members, uncapped, when enrolments credit an org without membership rows', async () => {
      const rates = ok<OrgRates>(await rootAdmin.get(`/api/rates/orgs/${orgs.b1}`));
      expect(rates.node).toMatchObject({ members: 1, enrolled: 2, enrolledRate: 2, confirmedRate: 1, hasChildren: false });
      expect(rates.children).toEqual([]);
    });

    it('keeps an org admin in its org scope, and the breadcrumb within it', async () => {
      const mine = ok<OrgRates>(await aAdmin.get(`/api/rates/orgs/${orgs.a1}`));
      expect(mine.trail.map((n) => n.name)).toEqual(['甲党委', '甲一支部']);
      expectError(await aAdmin.get(`/api/rates/orgs/${orgs.b}`), 403, 'FORBIDDEN');
      expectError(await aAdmin.get(`/api/rates/orgs/${orgs.b1}`), 403, 'FORBIDDEN');
      expectError(await aAdmin.get(`/api/rates/orgs/${orgs.root}`), 403, 'FORBIDDEN');
      expectError(await aAdmin.get(`/api/rates/regions/${tree.district}`), 403, 'FORBIDDEN');
      expectError(await aAdmin.get(`/api/rates/orgs/${orgs.b}/export.xlsx`), 403, 'FORBIDDEN');
    });
  });

  describe('region tree', () => {
    it('counts enrolled members and paired units at the district and per street', async () => {
      const rates = ok<RegionRates>(await districtAdmin.get(`/api/rates/regions/${tree.district}`));
      expect(rates.node).toMatchObject({ id: tree.district, level: 'district', name: '东城区', hasChildren: true });
      expect(countsOf(rates.node)).toEqual(regionCounts(5, 3, 2, 2, 1));
      expect(rates.own).toEqual(regionCounts(0, 0, 0, 0, 0));
      expect(rates.children.map((c) => [c.id, c.level, countsOf(c)])).toEqual([
        [tree.streets[0], 'street', regionCounts(2, 1, 1, 1, 1)],
        [tree.streets[1], 'street', regionCounts(3, 2, 1, 1, 0)],
      ]);
    });

    it('counts a street’s own pairings beside its communities’, and ends the drill-down at communities', async () => {
      const rates = ok<RegionRates>(await streetAdmin.get(`/api/rates/regions/${tree.streets[0]}`));
      expect(countsOf(rates.node)).toEqual(regionCounts(2, 1, 1, 1, 1));
      expect(rates.own).toEqual(regionCounts(0, 0, 0, 1, 0));
      expect(rates.trail.map((n) => n.id)).toEqual([tree.streets[0]]);
      expect(rates.children.map((c) => [c.id, c.hasChildren, countsOf(c)])).toEqual([
        [tree.communities[0], false, regionCounts(1, 1, 1, 1, 0)],
        [tree.communities[1], false, regionCounts(1, 0, 0, 0, 1)],
      ]);
      const community = ok<RegionRates>(await streetAdmin.get(`/api/rates/regions/${tree.communities[0]}`));
      expect(community.children).toEqual([]);
      expect(community.own).toEqual(countsOf(community.node));
    });

    it('keeps a region admin in its region scope', async () => {
      expectError(await streetAdmin.get(`/api/rates/regions/${tree.streets[1]}`), 403, 'FORBIDDEN');
      expectError(await streetAdmin.get(`/api/rates/regions/${tree.communities[2]}`), 403, 'FORBIDDEN');
      expectError(await streetAdmin.get(`/api/rates/regions/${tree.district}`), 403, 'FORBIDDEN');
      expectError(await streetAdmin.get(`/api/rates/orgs/${orgs.a}`), 403, 'FORBIDDEN');
      expectError(await streetAdmin.get(`/api/rates/regions/${tree.streets[1]}/export.xlsx`), 403, 'FORBIDDEN');
    });
  });

  it('starts each tree at the actor’s scope roots, one tab per tree it holds', async () => {
    expect(ok<RateRoots>(await rootAdmin.get('/api/rates/roots'))).toEqual({ orgs: [{ id: orgs.root, name: '市委组织部' }], regions: [] });
    expect(ok<RateRoots>(await districtAdmin.get('/api/rates/roots'))).toEqual({ orgs: [], regions: [{ id: tree.district, name: '东城区' }] });
    // A grant inside another grant's subtree adds no root.
    const both = await userWith(t, [
      { role: 'org_admin', orgId: orgs.a },
      { role: 'org_admin', orgId: orgs.a1 },
      { role: 'org_admin', orgId: orgs.b1 },
      { role: 'region_admin', regionId: tree.streets[1] },
    ]);
    const roots = ok<RateRoots>(await both.get('/api/rates/roots'));
    expect(roots.orgs.map((o) => o.id).sort()).toEqual([orgs.a, orgs.b1].sort());
    expect(roots.regions).toEqual([{ id: tree.streets[1], name: '景山街道' }]);
    expectError(await (await userWith(t, [{ role: 'platform_admin' }])).get('/api/rates/roots'), 403, 'FORBIDDEN');
  });

  it('refuses the signed-out, roles without rate.read, bad ids and unknown nodes', async () => {
    expectError(await anonymous(t).get(`/api/rates/orgs/${orgs.root}`), 401, 'UNAUTHENTICATED');
    const platformAdmin = await userWith(t, [{ role: 'platform_admin' }]);
    expectError(await platformAdmin.get(`/api/rates/orgs/${orgs.root}`), 403, 'FORBIDDEN');
    const member = await userWith(t, [{ role: 'member', orgId: orgs.a1 }]);
    expectError(await member.get(`/api/rates/orgs/${orgs.a1}`), 403, 'FORBIDDEN');
    const audited = await rowCount(t.db, 'audit_log');
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      expectError(await rootAdmin.get(`/api/rates/orgs/${bad}`), 400, 'VALIDATION_FAILED');
      expectError(await districtAdmin.get(`/api/rates/regions/${bad}/export.xlsx`), 400, 'VALIDATION_FAILED');
    }
    // A malformed request is refused before anything runs: not even an audit row.
    expect(await rowCount(t.db, 'audit_log')).toBe(audited);
    expectError(await rootAdmin.get('/api/rates/orgs/987654321'), 404, 'NOT_FOUND');
    expectError(await districtAdmin.get('/api/rates/regions/987654321'), 404, 'NOT_FOUND');
  });

  describe('报到情况台账', () => {
    async function sheetOf(res: LightMyRequestResponse) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(workbook.worksheets).toHaveLength(1);
      const ws = workbook.worksheets[0]!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return { name: ws.name, title: String(rows[0]![0]), rows: rows.slice(1) };
    }
    const exports = (entity: string, id: number) =>
      t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'rate.export').where('entity', '=', entity).where('entity_id', '=', String(id)).execute();

    it('exports an org node, its own rows and its children, with the definitions in the title, audited', async () => {
      const before = (await exports('org', orgs.a)).length;
      const res = await aAdmin.get(`/api/rates/orgs/${orgs.a}/export.xlsx`);
      expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('甲党委-报到情况台账.xlsx');
      const sheet = await sheetOf(res);
      expect(sheet.name).toBe('组织报到情况');
      expect(sheet.title).toMatch(/^甲党委 报到情况台账/);
      expect(sheet.title).toContain('报到率＝已报到÷成员数');
      expect(sheet.rows.slice(0, 3)).toEqual([
        ['组织', '类型', '成员数', '已报到', '已确认', '近7天活跃', '报到率', '确认率'],
        ['甲党委（合计）', '党委', 5, 3, 2, 1, '60.0%', '40.0%'],
        ['甲党委（本级）', '党委', 1, 0, 0, 0, '0.0%', '0.0%'],
      ]);
      expect(sheet.rows.slice(3)).toHaveLength(2);
      expect(sheet.rows.slice(3)).toEqual(
        expect.arrayContaining([
          ['甲一支部', '党支部', 3, 2, 1, 1, '66.7%', '33.3%'],
          ['甲单位', '机关', 2, 1, 1, 0, '50.0%', '50.0%'],
        ]),
      );
      expect(await exports('org', orgs.a)).toHaveLength(before + 1);
    });

    it('exports a region node with its streets', async () => {
      const sheet = await sheetOf(await districtAdmin.get(`/api/rates/regions/${tree.district}/export.xlsx`));
      expect(sheet.name).toBe('属地报到情况');
      expect(sheet.title).toContain('已报到单位');
      expect(sheet.rows).toEqual([
        ['属地', '层级', '已报到党员', '已确认', '近7天活跃', '确认率', '已报到单位', '待确认结对'],
        ['东城区（合计）', '区县', 5, 3, 2, '60.0%', 2, 1],
        ['东城区（本级）', '区县', 0, 0, 0, '—', 0, 0],
        ['东华门街道', '街道/乡镇', 2, 1, 1, '50.0%', 1, 1],
        ['景山街道', '街道/乡镇', 3, 2, 1, '66.7%', 1, 0],
      ]);
      expect(await exports('region', tree.district)).toHaveLength(1);
    });

    it('writes no export audit row for a refused export', async () => {
      const before = (await exports('org', orgs.b)).length;
      expectError(await aAdmin.get(`/api/rates/orgs/${orgs.b}/export.xlsx`), 403, 'FORBIDDEN');
      expect(await exports('org', orgs.b)).toHaveLength(before);
    });
  });
});
