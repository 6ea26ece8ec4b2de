import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { enrolmentLedgerColumns, maskIdNumber, orgEnrolmentLedgerColumns, type EnrolmentPage, type EnrolmentView, type MyEnrolments, type OrgEnrolmentPage, type PlaceNode } from '@meshwork/contracts';
import { anonymous, errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { sheetRows } from '../../../test/excel.js';
import { FieldCipher } from '../../platform/crypto.js';
import { nextIdNumber, seedMemberOrgs } from '../people/people.fixtures.js';

type Member = Client & { userId: number; personId: number };

/**
 * Member enrolment through the HTTP API. Communities from the sample tree; orgs from the people
 * suites (甲党委 › 甲一支部, 乙党委 › 乙支部). Members hold no grant at all.
 */
describe('enrolment', () => {
  const t = useTestApp();
  let regions: SampleTree;
  const orgs = { root: 0, a: 0, a1: 0, a2: 0, b: 0, b1: 0 };
  let community: Client & { userId: number };
  let otherCommunity: Client;
  let street: Client;
  let aAdmin: Client;
  let bAdmin: Client;
  let phones = 13700000000;

  async function member(opts: { branch?: number; idNumber?: string } = {}): Promise<Member> {
    const client = await userWith(t, [], { phone: String(++phones) });
    const { person_id: personId } = await t.db.kysely.selectFrom('app_user').select('person_id').where('id', '=', client.userId).executeTakeFirstOrThrow();
    if (opts.branch) await t.db.kysely.insertInto('party_membership').values({ person_id: personId, org_id: opts.branch, status: 'formal' }).execute();
    if (opts.idNumber) {
      const cipher = new FieldCipher(t.config.fieldKey!);
      const fields = { id_number_cipher: cipher.encrypt(opts.idNumber), id_number_hmac: cipher.hmac(opts.idNumber), id_number_masked: maskIdNumber(opts.idNumber) };
      await t.db.kysely.updateTable('person').set(fields).where('id', '=', personId).execute();
    }
    return Object.assign(client, { personId });
  }

  function expectError(res: LightMyRequestResponse, status: number, code: string): void {
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
  }

  /** A refused request: its error, and not one row more or less in enrolment. */
  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code: string): Promise<void> {
    const before = await t.db.kysely.selectFrom('enrolment').selectAll().orderBy('id').execute();
    expectError(await request(), status, code);
    expect(await t.db.kysely.selectFrom('enrolment').selectAll().orderBy('id').execute()).toEqual(before);
  }

  async function enrol(as: Client, body: Record<string, unknown>): Promise<EnrolmentView> {
    const res = await as.post('/api/me/enrolments', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<EnrolmentView>();
  }

  beforeAll(async () => {
    regions = await seedSampleTree(t.db);
    const admin = await userWith(t, [{ role: 'platform_admin' }]);
    Object.assign(orgs, await seedMemberOrgs(admin));
    community = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[0] }]);
    otherCommunity = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[2] }]);
    street = await userWith(t, [{ role: 'region_admin', regionId: regions.streets[0] }]);
    aAdmin = await userWith(t, [{ role: 'org_admin', orgId: orgs.a }]);
    bAdmin = await userWith(t, [{ role: 'org_admin', orgId: orgs.b }]);
  });

  it('gives a member the places below a node, names only, for the picker', async () => {
    const m = await member();
    const res = await m.get(`/api/me/places?parentId=${regions.communities[0]}`);
    expect(res.statusCode, res.body).toBe(200);
    const places = res.json<PlaceNode[]>();
    expect(places).toEqual([{ id: regions.grid, name: '第一网格', level: 'grid', hasChildren: true }]);
    const households = (await m.get(`/api/me/places?parentId=${regions.entrance}`)).json<PlaceNode[]>();
    expect(households.map((h) => [h.name, h.hasChildren])).toEqual([['101', false], ['102', false]]);
    expectError(await m.get('/api/me/places?parentId=999999'), 404, 'NOT_FOUND');
    expectError(await m.get('/api/me/places?parentId=abc'), 400, 'VALIDATION_FAILED');
    expectError(await m.get('/api/me/places'), 400, 'VALIDATION_FAILED');
    expectError(await anonymous(t).get(`/api/me/places?parentId=${regions.communities[0]}`), 401, 'UNAUTHENTICATED');
    const named = await m.get(`/api/me/orgs?q=${encodeURIComponent('甲一')}`);
    expect(named.json()).toEqual([{ id: orgs.a1, name: '甲一支部' }]);
  });

  it('enrols a member at their community, naming their own branch by default; the member sees it', async () => {
    const m = await member({ branch: orgs.a1 });
    const mine0 = (await m.get('/api/me/enrolments')).json<MyEnrolments>();
    expect(mine0).toEqual({ items: [], defaultOrg: { id: orgs.a1, name: '甲一支部' } });

    const e = await enrol(m, {
      communityId: regions.communities[0],
      homeId: regions.households[0],
      skills: ['medical', 'driving'],
      availability: '周末全天',
      preferredPosts: ['checkpoint', 'testing'],
      note: '家里有车',
    });
    expect(e).toMatchObject({
      status: 'pending',
      personId: m.personId,
      communityName: '多福巷社区居委会',
      homeName: '第一网格 / 1栋 / 1单元 / 101',
      orgId: orgs.a1,
      orgName: '甲一支部',
      skills: ['medical', 'driving'],
      preferredPosts: ['checkpoint', 'testing'],
    });
    expect(e.phone).toMatch(/^137\*\*\*\*\d{4}$/);
    const mine = (await m.get('/api/me/enrolments')).json<MyEnrolments>();
    expect(mine.items.map((i) => i.id)).toEqual([e.id]);
    const audited = await t.db.kysely.selectFrom('audit_log').select('user_id').where('action', '=', 'enrolment.create').where('entity_id', '=', String(e.id)).execute();
    expect(audited).toEqual([{ user_id: m.userId }]);

    // One active enrolment: a second one is refused until the first is withdrawn.
    await refused(() => m.post('/api/me/enrolments', { communityId: regions.communities[1] }), 409, 'ENROLMENT_EXISTS');
  });

  it('refuses bad enrolments and writes nothing', async () => {
    const m = await member();
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [{ communityId: regions.streets[0] }, 422, 'ENROLMENT_INVALID'],
      [{ communityId: regions.communities[1], homeId: regions.households[0] }, 422, 'ENROLMENT_INVALID'],
      [{ communityId: regions.communities[0], homeId: regions.streets[0] }, 422, 'ENROLMENT_INVALID'],
      [{ communityId: 999999 }, 422, 'ENROLMENT_INVALID'],
      [{ communityId: regions.communities[0], orgId: 999999 }, 422, 'ENROLMENT_INVALID'],
      [{ communityId: String(regions.communities[0]) }, 400, 'VALIDATION_FAILED'],
      [{ communityId: regions.communities[0], skills: ['flying'] }, 400, 'VALIDATION_FAILED'],
      [{ communityId: regions.communities[0], preferredPosts: ['nap'] }, 400, 'VALIDATION_FAILED'],
      [{ communityId: regions.communities[0], note: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED'],
      [{ communityId: regions.communities[0], personId: 1 }, 400, 'VALIDATION_FAILED'],
      [{ communityId: regions.communities[0], invitation: 'A'.repeat(32) }, 410, 'INVITATION_UNAVAILABLE'],
    ];
    for (const [body, status, code] of bad) await refused(() => m.post('/api/me/enrolments', body), status, code);
    await refused(() => m.request('POST', '/api/me/enrolments', 'not json', { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
  });

  it('lets the community confirm, reject with a reason, or end; masked phones, never ID numbers', async () => {
    const idNumber = nextIdNumber();
    const m1 = await member({ branch: orgs.a1, idNumber });
    const m2 = await member();
    const e1 = await enrol(m1, { communityId: regions.communities[0], homeId: regions.households[1] });
    const e2 = await enrol(m2, { communityId: regions.communities[0] });

    const res = await community.get('/api/enrolments?status=pending&limit=100');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<EnrolmentPage>();
    const seen = page.items.find((i) => i.id === e1.id)!;
    expect(seen.phone).toMatch(/^137\*\*\*\*\d{4}$/);
    expect(res.body).not.toContain(idNumber.slice(-4));
    expect(Object.keys(seen)).not.toContain('idNumber');
    expect(page.items.every((i) => i.status === 'pending')).toBe(true);
    const searched = (await community.get(`/api/enrolments?q=${encodeURIComponent('测试')}&limit=500`)).json<EnrolmentPage>();
    expect(searched.items.map((i) => i.id)).toEqual(expect.arrayContaining([e1.id, e2.id]));

    // Elsewhere in the tree nothing shows; the street above sees its communities.
    expect((await otherCommunity.get('/api/enrolments')).json<EnrolmentPage>().items).toEqual([]);
    expect((await street.get('/api/enrolments?limit=500')).json<EnrolmentPage>().items.map((i) => i.id)).toEqual(expect.arrayContaining([e1.id, e2.id]));
    expectError(await otherCommunity.get(`/api/enrolments?regionId=${regions.communities[0]}`), 403, 'FORBIDDEN');
    await refused(() => otherCommunity.post(`/api/enrolments/${e1.id}/confirm`), 403, 'FORBIDDEN');
    // Members and org admins decide nothing.
    await refused(() => m1.post(`/api/enrolments/${e1.id}/confirm`), 403, 'FORBIDDEN');
    await refused(() => aAdmin.post(`/api/enrolments/${e1.id}/confirm`), 403, 'FORBIDDEN');
    expectError(await m1.get('/api/enrolments'), 403, 'FORBIDDEN');

    await refused(() => community.post(`/api/enrolments/${e2.id}/reject`, {}), 400, 'VALIDATION_FAILED');
    await refused(() => community.post(`/api/enrolments/${e2.id}/reject`, { reason: '   ' }), 400, 'VALIDATION_FAILED');
    await refused(() => community.post('/api/enrolments/999999/confirm'), 404, 'NOT_FOUND');
    await refused(() => community.post(`/api/enrolments/${e1.id}/confirm`, { force: true }), 400, 'VALIDATION_FAILED');

    const confirmed = await community.post(`/api/enrolments/${e1.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<EnrolmentView>()).toMatchObject({ status: 'confirmed' });
    const row = await t.db.kysely.selectFrom('enrolment').select(['decided_by', 'last_active_at']).where('id', '=', e1.id).executeTakeFirstOrThrow();
    expect(row.decided_by).toBe(community.userId);
    expect(row.last_active_at).not.toBeNull();
    await refused(() => community.post(`/api/enrolments/${e1.id}/confirm`), 409, 'INVALID_STATE');
    await refused(() => community.post(`/api/enrolments/${e1.id}/reject`, { reason: '不在本社区居住' }), 409, 'INVALID_STATE');

    const rejected = await street.post(`/api/enrolments/${e2.id}/reject`, { reason: '不在本社区居住' });
    expect(rejected.json<EnrolmentView>()).toMatchObject({ status: 'rejected', rejectReason: '不在本社区居住' });
    await refused(() => community.post(`/api/enrolments/${e2.id}/end`), 409, 'INVALID_STATE');
    expect((await m1.get('/api/me/enrolments')).json<MyEnrolments>().items[0]).toMatchObject({ id: e1.id, status: 'confirmed' });

    await refused(() => community.post(`/api/enrolments/${e1.id}/end`, { reason: 42 }), 400, 'VALIDATION_FAILED');
    await refused(() => community.post(`/api/enrolments/${e1.id}/end`, { reason: 'x'.repeat(201) }), 400, 'VALIDATION_FAILED');
    for (const query of ['status=done', 'limit=0', 'limit=501', 'offset=-1', 'regionId=abc', 'regionId=999999', 'extra=1']) {
      expect((await community.get(`/api/enrolments?${query}`)).statusCode, query).toBeGreaterThanOrEqual(400);
      expect((await aAdmin.get(`/api/org-enrolments?${query.replace('regionId', 'orgId')}`)).statusCode, query).toBeGreaterThanOrEqual(400);
    }
    const ended = await community.post(`/api/enrolments/${e1.id}/end`, { reason: '搬离本社区' });
    expect(ended.json<EnrolmentView>()).toMatchObject({ status: 'ended' });
    expect(ended.json<EnrolmentView>().endedAt).not.toBeNull();
    const actions = await t.db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'enrolment').where('entity_id', 'in', [String(e1.id), String(e2.id)]).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['enrolment.create', 'enrolment.create', 'enrolment.confirm', 'enrolment.reject', 'enrolment.end']);
  });

  it("shows a member's org where its members enrolled, and none of the community's other residents", async () => {
    const ours = await member({ branch: orgs.a1 });
    const theirs = await member({ branch: orgs.b1 });
    const nobody = await member();
    const e1 = await enrol(ours, { communityId: regions.communities[1] });
    const e2 = await enrol(theirs, { communityId: regions.communities[1] });
    const e3 = await enrol(nobody, { communityId: regions.communities[1] });
    await street.post(`/api/enrolments/${e1.id}/confirm`);

    const res = await aAdmin.get('/api/org-enrolments?limit=500');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<OrgEnrolmentPage>();
    const ids = page.items.map((i) => i.id);
    expect(ids).toContain(e1.id);
    expect(ids).not.toContain(e2.id);
    expect(ids).not.toContain(e3.id);
    expect(page.items.find((i) => i.id === e1.id)).toEqual({
      id: e1.id,
      status: 'confirmed',
      name: expect.any(String),
      orgId: orgs.a1,
      orgName: '甲一支部',
      communityId: regions.communities[1],
      communityName: '银闸社区居委会',
      createdAt: expect.any(String),
      decidedAt: expect.any(String),
      endedAt: null,
    });
    expect(res.body).not.toMatch(/137\*\*\*\*/);
    expect((await bAdmin.get('/api/org-enrolments?limit=500')).json<OrgEnrolmentPage>().items.map((i) => i.id)).toEqual([e2.id]);
    expect((await aAdmin.get(`/api/org-enrolments?orgId=${orgs.a1}&status=confirmed`)).json<OrgEnrolmentPage>().items.map((i) => i.id)).toContain(e1.id);
    expectError(await aAdmin.get(`/api/org-enrolments?orgId=${orgs.b}`), 403, 'FORBIDDEN');
    expectError(await aAdmin.get('/api/enrolments'), 403, 'FORBIDDEN');
    expectError(await community.get('/api/org-enrolments'), 403, 'FORBIDDEN');
    expectError(await ours.get('/api/org-enrolments'), 403, 'FORBIDDEN');
  });

  it('lets a member see and withdraw only their own, then enrol elsewhere', async () => {
    const m = await member();
    const other = await member();
    const e = await enrol(m, { communityId: regions.communities[0] });
    expect((await other.get('/api/me/enrolments')).json<MyEnrolments>().items).toEqual([]);
    await refused(() => other.post(`/api/me/enrolments/${e.id}/withdraw`), 404, 'NOT_FOUND');
    const res = await m.post(`/api/me/enrolments/${e.id}/withdraw`);
    expect(res.json<EnrolmentView>()).toMatchObject({ status: 'withdrawn' });
    await refused(() => m.post(`/api/me/enrolments/${e.id}/withdraw`), 409, 'INVALID_STATE');
    await refused(() => community.post(`/api/enrolments/${e.id}/confirm`), 409, 'INVALID_STATE');
    const again = await enrol(m, { communityId: regions.communities[2] });
    expect((await m.get('/api/me/enrolments')).json<MyEnrolments>().items.map((i) => [i.id, i.status])).toEqual([
      [again.id, 'pending'],
      [e.id, 'withdrawn'],
    ]);
  });

  it('lets a member say on which days and at which times they can serve; nobody else, and nothing malformed', async () => {
    const m = await member();
    const e = await enrol(m, { communityId: regions.communities[1], availableDays: [6, 7], availablePeriods: ['morning'] });
    expect(e).toMatchObject({ availableDays: [6, 7], availablePeriods: ['morning'] });
    const changed = await m.put(`/api/me/enrolments/${e.id}/availability`, { availableDays: [5, 1, 1], availablePeriods: ['evening', 'night'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<EnrolmentView>()).toMatchObject({ availableDays: [1, 5], availablePeriods: ['evening', 'night'] });
    const other = await member();
    await refused(() => other.put(`/api/me/enrolments/${e.id}/availability`, { availableDays: [], availablePeriods: [] }), 404, 'NOT_FOUND');
    for (const body of [{ availableDays: [0], availablePeriods: [] }, { availableDays: [8], availablePeriods: [] }, { availableDays: [], availablePeriods: ['noon'] }, { availableDays: [] }]) {
      await refused(() => m.put(`/api/me/enrolments/${e.id}/availability`, body), 400, 'VALIDATION_FAILED');
    }
    const audits = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', String(e.id)).where('action', '=', 'enrolment.availability').execute();
    expect(audits).toHaveLength(1);
  });

  it('exports the community ledger and the org ledger with masked phones', async () => {
    const m = await member({ branch: orgs.a1 });
    await enrol(m, { communityId: regions.communities[2], skills: ['nursing'], preferredPosts: ['screening'] });
    const phone = String(phones);
    const res = await otherCommunity.get(`/api/enrolments/export.xlsx?regionId=${regions.communities[2]}`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = await sheetRows(res.rawPayload, enrolmentLedgerColumns.length);
    expect(rows[1]).toEqual([...enrolmentLedgerColumns]);
    const mine = rows.find((r) => r[2] === `${phone.slice(0, 3)}****${phone.slice(-4)}`)!;
    expect(mine.slice(3, 10)).toEqual(['隆福寺社区居委会', '', '甲一支部', '护理', '', '人员排查', '待确认']);
    expect(res.rawPayload.toString('latin1')).not.toContain(phone);
    expectError(await community.get(`/api/enrolments/export.xlsx?regionId=${regions.communities[2]}`), 403, 'FORBIDDEN');
    expectError(await m.get('/api/enrolments/export.xlsx'), 403, 'FORBIDDEN');

    const orgRes = await aAdmin.get(`/api/org-enrolments/export.xlsx?orgId=${orgs.a1}`);
    expect(orgRes.statusCode, orgRes.body).toBe(200);
    const orgRows = await sheetRows(orgRes.rawPayload, orgEnrolmentLedgerColumns.length);
    expect(orgRows[1]).toEqual([...orgEnrolmentLedgerColumns]);
    expect(orgRows.slice(2).some((r) => r[2] === '隆福寺社区居委会' && r[1] === '甲一支部' && r[3] === '待确认')).toBe(true);
    expectError(await bAdmin.get(`/api/org-enrolments/export.xlsx?orgId=${orgs.a1}`), 403, 'FORBIDDEN');
  });

  it('keeps one active enrolment under 50 parallel requests of one member', async () => {
    const m = await member();
    const before = await rowCount(t.db, 'enrolment');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => m.post('/api/me/enrolments', { communityId: regions.communities[i % 4] })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409 && errorCode(r) === 'ENROLMENT_EXISTS')).toHaveLength(49);
    expect(await rowCount(t.db, 'enrolment')).toBe(before + 1);
    const active = await t.db.kysely.selectFrom('enrolment').select('id').where('person_id', '=', m.personId).where('status', 'in', ['pending', 'confirmed']).execute();
    expect(active).toHaveLength(1);
  });
});
