import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { EnrolmentView, InvitationView, Me, MyEnrolments, PublicInvitation } from '@meshwork/contracts';
import { anonymous, Client, errorCode, rowCount, seedSampleTree, useTestApp, userWith, type SampleTree } from '../../../test/helpers.js';
import { seedMemberOrgs } from '../people/people.fixtures.js';

const PASSWORD = 'Member#2026ok';

/** Invitations: made by a community or an org, opened by anyone holding the link. */
describe('invitations', () => {
  const t = useTestApp();
  let regions: SampleTree;
  const orgs = { root: 0, a: 0, a1: 0, a2: 0, b: 0, b1: 0 };
  let community: Client;
  let otherCommunity: Client;
  let aAdmin: Client;
  let phones = 13600000000;

  function expectError(res: LightMyRequestResponse, status: number, code: string): void {
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
  }

  const counts = async () => ({
    invitation: await t.db.kysely.selectFrom('invitation').selectAll().orderBy('id').execute(),
    users: await rowCount(t.db, 'app_user'),
    people: await rowCount(t.db, 'person'),
  });

  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code: string): Promise<void> {
    const before = await counts();
    expectError(await request(), status, code);
    expect(await counts()).toEqual(before);
  }

  async function invite(as: Client, body: Record<string, unknown>): Promise<InvitationView> {
    const res = await as.post('/api/invitations', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<InvitationView>();
  }

  /** Registers through the link; the answer's cookie signs the new member in. */
  async function register(token: string, body: Partial<{ name: string; phone: string; password: string }> = {}) {
    const res = await anonymous(t).post(`/api/invitations/${token}/register`, { name: '新党员', phone: String(++phones), password: PASSWORD, ...body });
    const cookie = res.cookies.find((c) => c.name === 'meshwork_session');
    return { res, client: cookie ? new Client(t.app, `meshwork_session=${cookie.value}`) : undefined };
  }

  beforeAll(async () => {
    regions = await seedSampleTree(t.db);
    const admin = await userWith(t, [{ role: 'platform_admin' }]);
    Object.assign(orgs, await seedMemberOrgs(admin));
    community = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[0] }]);
    otherCommunity = await userWith(t, [{ role: 'region_admin', regionId: regions.communities[1] }]);
    aAdmin = await userWith(t, [{ role: 'org_admin', orgId: orgs.a }]);
  });

  it('lets a community and an org make, list and revoke links within their scope', async () => {
    const made = await invite(community, { communityId: regions.communities[0], note: '华阳社区党员报到', maxUses: 5 });
    expect(made).toMatchObject({ communityId: regions.communities[0], communityName: '多福巷社区居委会', orgId: null, uses: 0, maxUses: 5, revokedAt: null });
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const days = (Date.parse(made.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const byOrg = await invite(aAdmin, { orgId: orgs.a1, expiresInDays: 7 });
    expect(byOrg).toMatchObject({ orgId: orgs.a1, orgName: '甲一支部', communityId: null });

    expect((await community.get('/api/invitations')).json<InvitationView[]>().map((i) => i.id)).toEqual([made.id]);
    expect((await aAdmin.get('/api/invitations')).json<InvitationView[]>().map((i) => i.id)).toEqual([byOrg.id]);
    expect((await otherCommunity.get('/api/invitations')).json<InvitationView[]>()).toEqual([]);

    const member = await userWith(t, []);
    await refused(() => member.post('/api/invitations', { communityId: regions.communities[0] }), 403, 'FORBIDDEN');
    expectError(await member.get('/api/invitations'), 403, 'FORBIDDEN');
    for (const query of ['communityId=abc', 'orgId=0', 'token=x']) expectError(await community.get(`/api/invitations?${query}`), 400, 'VALIDATION_FAILED');
    expectError(await member.get('/api/me/orgs?q='), 400, 'VALIDATION_FAILED');
    await refused(() => community.post('/api/invitations', { communityId: regions.communities[1] }), 403, 'FORBIDDEN');
    await refused(() => community.post('/api/invitations', { orgId: orgs.a1 }), 403, 'FORBIDDEN');
    await refused(() => aAdmin.post('/api/invitations', { orgId: orgs.b1 }), 403, 'FORBIDDEN');
    await refused(() => community.post('/api/invitations', { communityId: regions.grid }), 422, 'ENROLMENT_INVALID');
    await refused(() => community.post('/api/invitations', {}), 400, 'VALIDATION_FAILED');
    await refused(() => community.post('/api/invitations', { communityId: regions.communities[0], expiresInDays: 0 }), 400, 'VALIDATION_FAILED');
    await refused(() => community.post('/api/invitations', { communityId: regions.communities[0], maxUses: 0 }), 400, 'VALIDATION_FAILED');
    await refused(() => community.post('/api/invitations', { communityId: String(regions.communities[0]) }), 400, 'VALIDATION_FAILED');
    await refused(() => community.post('/api/invitations', { communityId: regions.communities[0], token: 'mine' }), 400, 'VALIDATION_FAILED');

    await refused(() => otherCommunity.post(`/api/invitations/${made.id}/revoke`), 403, 'FORBIDDEN');
    await refused(() => aAdmin.post(`/api/invitations/${made.id}/revoke`), 403, 'FORBIDDEN');
    const revoked = await community.post(`/api/invitations/${made.id}/revoke`);
    expect(revoked.json<InvitationView>().revokedAt).not.toBeNull();
    await refused(() => community.post(`/api/invitations/${made.id}/revoke`), 409, 'INVALID_STATE');
    await refused(() => community.post('/api/invitations/999999/revoke'), 404, 'NOT_FOUND');
    const audited = await t.db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'invitation').orderBy('id').execute();
    expect(audited.map((a) => a.action)).toEqual(['invitation.create', 'invitation.create', 'invitation.revoke']);

    // What the link says to anyone: names, and why it no longer works.
    const seen = (await anonymous(t).get(`/api/invitations/${made.token}`)).json<PublicInvitation>();
    expect(seen).toMatchObject({ communityName: '多福巷社区居委会', communityPath: ['北京市', '市辖区', '东城区', '东华门街道'], problem: 'revoked' });
    expect((await anonymous(t).get(`/api/invitations/${byOrg.token}`)).json<PublicInvitation>()).toMatchObject({ orgName: '甲一支部', problem: null });
    expectError(await anonymous(t).get(`/api/invitations/${'x'.repeat(32)}`), 404, 'NOT_FOUND');
    expectError(await anonymous(t).get('/api/invitations/short'), 400, 'VALIDATION_FAILED');
  });

  it('registers a member by a link: an account with no grant, signed in, enrolling with the community and org chosen', async () => {
    const link = await invite(community, { communityId: regions.communities[0] });
    const { res, client } = await register(link.token, { name: '王新' });
    expect(res.statusCode, res.body).toBe(201);
    const me = (await client!.get('/api/auth/me')).json<Me>();
    expect(me).toMatchObject({ username: String(phones), name: '王新', grants: [], permissions: [], mustChangePassword: false });
    const row = await t.db.kysely.selectFrom('invitation').select('uses').where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(row.uses).toBe(1);
    const actions = await t.db.kysely.selectFrom('audit_log').select('action').where('username', '=', String(phones)).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['user.register', 'invitation.use', 'auth.login']);
    // The new member signs in with the phone as well.
    const login = await anonymous(t).post('/api/auth/login', { username: String(phones), password: PASSWORD });
    expect(login.statusCode).toBe(200);

    // An org's link names the org as the member's own when they enrol.
    const orgLink = await invite(aAdmin, { orgId: orgs.a2 });
    const second = await register(orgLink.token);
    const enrolled = await second.client!.post('/api/me/enrolments', { communityId: regions.communities[0], invitation: orgLink.token });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    expect(enrolled.json<EnrolmentView>()).toMatchObject({ orgId: orgs.a2, orgName: '甲单位' });
    expect((await t.db.kysely.selectFrom('enrolment').select('invitation_id').where('id', '=', enrolled.json<EnrolmentView>().id).executeTakeFirstOrThrow()).invitation_id).toBe(orgLink.id);
    expect((await second.client!.get('/api/me/enrolments')).json<MyEnrolments>().items).toHaveLength(1);
  });

  it('refuses taken phones, weak passwords and dead links, writing nothing', async () => {
    const link = await invite(community, { communityId: regions.communities[0] });
    await userWith(t, [], { username: '13512345678' });
    await refused(() => register(link.token, { phone: '13512345678' }).then((r) => r.res), 409, 'PHONE_TAKEN');
    await userWith(t, [], { phone: '13512345679' });
    await refused(() => register(link.token, { phone: '13512345679' }).then((r) => r.res), 409, 'PHONE_TAKEN');
    // Two accounts sharing a phone, which login by phone cannot tell apart: still taken.
    await userWith(t, [], { phone: '13512345680' });
    await userWith(t, [], { phone: '13512345680' });
    await refused(() => register(link.token, { phone: '13512345680' }).then((r) => r.res), 409, 'PHONE_TAKEN');
    await refused(() => register(link.token, { password: 'password' }).then((r) => r.res), 422, 'PASSWORD_WEAK');
    await refused(() => register(link.token, { phone: '12345' }).then((r) => r.res), 400, 'VALIDATION_FAILED');
    await refused(() => register(link.token, { name: '' }).then((r) => r.res), 400, 'VALIDATION_FAILED');
    await refused(() => register('y'.repeat(32)).then((r) => r.res), 404, 'NOT_FOUND');

    const expired = await invite(community, { communityId: regions.communities[0] });
    await t.db.kysely.updateTable('invitation').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute();
    await refused(() => register(expired.token).then((r) => r.res), 410, 'INVITATION_UNAVAILABLE');
    expect((await anonymous(t).get(`/api/invitations/${expired.token}`)).json<PublicInvitation>().problem).toBe('expired');

    const revoked = await invite(community, { communityId: regions.communities[0] });
    await community.post(`/api/invitations/${revoked.id}/revoke`);
    await refused(() => register(revoked.token).then((r) => r.res), 410, 'INVITATION_UNAVAILABLE');
  });

  it('gives a link with max_uses=3 to exactly three of ten parallel registrations', async () => {
    const link = await invite(community, { communityId: regions.communities[0], maxUses: 3 });
    const before = await rowCount(t.db, 'app_user');
    const results = await Promise.all(Array.from({ length: 10 }, () => register(link.token).then((r) => r.res)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 410 && errorCode(r) === 'INVITATION_UNAVAILABLE')).toHaveLength(7);
    expect(await rowCount(t.db, 'app_user')).toBe(before + 3);
    expect((await t.db.kysely.selectFrom('invitation').select('uses').where('id', '=', link.id).executeTakeFirstOrThrow()).uses).toBe(3);
    expect((await anonymous(t).get(`/api/invitations/${link.token}`)).json<PublicInvitation>().problem).toBe('used_up');
  });
});
