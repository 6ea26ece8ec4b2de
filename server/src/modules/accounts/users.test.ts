import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateGrantRequest, Role, UserView } from '@meshwork/contracts';
import { importDivisions } from '../../modules/regions/divisions.import.js';
import {
  errorCode,
  rowCount,
  seedSampleTree,
  signIn,
  type Client,
  type SampleTree,
  useTestApp,
  userWith,
} from '../../../test/helpers.js';

type Signed = Client & { userId: number; username: string };

const PASSWORD = 'Made#ByAdmin-21';
let nameSeq = 0;
const nextUsername = () => `made.${++nameSeq}`;

describe('users and grants', () => {
  const t = useTestApp();
  let tree: SampleTree;
  /** 西城区, a second district beside the sample tree's 东城区, with one street and community. */
  let otherDistrict: { district: number; street: number; community: number };
  /** 组织部 › { A 党委 › A1 支部, B 党委 } */
  let orgs: { root: number; a: number; a1: number; b: number };
  let admin: Signed;
  let security: Signed;
  let auditor: Signed;
  let districtAdmin: Signed;
  let communityAdmin: Signed;
  let orgAdmin: Signed;

  const count = (table: 'app_user' | 'user_grant' | 'person' | 'session') => rowCount(t.db, table);

  /** A user made by `by` through the API; fails the test unless it is created. */
  async function made(by: Client, grant?: CreateGrantRequest, extra: { phone?: string } = {}): Promise<UserView> {
    const res = await by.post('/api/users', { username: nextUsername(), name: '新用户', password: PASSWORD, ...extra, ...(grant ? { grant } : {}) });
    if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  /** Tries to create a user with `grant` as `by`, and checks that a refusal creates nothing. */
  async function tryCreate(by: Client, grant: CreateGrantRequest | undefined) {
    const [users, grants] = [await count('app_user'), await count('user_grant')];
    const res = await by.post('/api/users', { username: nextUsername(), name: '新用户', password: PASSWORD, ...(grant ? { grant } : {}) });
    if (res.statusCode !== 201) {
      expect(await count('app_user')).toBe(users);
      expect(await count('user_grant')).toBe(grants);
    }
    return res;
  }

  async function org(parentId: number | null, name: string, type: string): Promise<number> {
    const res = await admin.post('/api/orgs', { parentId, type, name });
    if (res.statusCode !== 201) throw new Error(`org create failed: ${res.body}`);
    return res.json().id;
  }

  async function regionId(code: string): Promise<number> {
    return (await t.db.kysely.selectFrom('region').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  }

  async function grantRows(userId: number) {
    return t.db.kysely.selectFrom('user_grant').select(['id', 'role', 'region_id', 'org_id']).where('user_id', '=', userId).orderBy('id').execute();
  }

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    await importDivisions(t.db, {
      areas: Buffer.from('code,name,cityCode,provinceCode\n110102,"西城区",1101,11\n'),
      streets: Buffer.from('code,name,areaCode,provinceCode,cityCode\n110102001,"西长安街街道",110102,11,1101\n'),
      villages: Buffer.from('code,name,streetCode,provinceCode,cityCode,areaCode\n110102001001,"府右街社区居委会",110102001,11,1101,110102\n'),
    });
    otherDistrict = { district: await regionId('110102'), street: await regionId('110102001'), community: await regionId('110102001001') };
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    security = await userWith(t, [{ role: 'security_admin' }]);
    auditor = await userWith(t, [{ role: 'auditor' }]);
    const root = await org(null, '区委组织部', 'organization_department');
    const a = await org(root, 'A 党委', 'party_committee');
    orgs = { root, a, a1: await org(a, 'A1 支部', 'branch'), b: await org(root, 'B 党委', 'party_committee') };
    districtAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.district }]);
    communityAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
    orgAdmin = await userWith(t, [{ role: 'org_admin', orgId: orgs.a }]);
  });

  describe('creating users', () => {
    it('the platform admin creates an account without a grant; it must change its password', async () => {
      const user = await made(admin);
      expect(user).toMatchObject({ name: '新用户', status: 'active', grants: [], lockedUntil: null, lastLoginAt: null });
      const row = await t.db.kysely.selectFrom('app_user').select('must_change_password').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.must_change_password).toBe(true);
      const logged = await t.db.kysely.selectFrom('audit_log').select(['user_id', 'result']).where('action', '=', 'user.create').where('entity_id', '=', String(user.id)).execute();
      expect(logged).toEqual([{ user_id: admin.userId, result: 'ok' }]);
    });

    it('the platform admin cannot grant: not with a new account, not afterwards', async () => {
      const res = await tryCreate(admin, { role: 'grid_worker', regionId: tree.grid });
      expect(res.statusCode).toBe(403);
      const user = await made(admin);
      const grant = await admin.post(`/api/users/${user.id}/grants`, { role: 'grid_worker', regionId: tree.grid });
      expect(grant.statusCode).toBe(403);
      expect(await grantRows(user.id)).toEqual([]);
    });

    it('refuses a weak initial password, or a taken username, and creates nothing', async () => {
      const users = await count('app_user');
      const weak = await admin.post('/api/users', { username: nextUsername(), name: '弱', password: 'password' });
      expect(errorCode(weak)).toBe('PASSWORD_WEAK');
      const taken = await admin.post('/api/users', { username: admin.username, name: '重名', password: PASSWORD });
      expect(taken.statusCode).toBe(409);
      expect(await count('app_user')).toBe(users);
    });

    it('a region admin must give the new account a grant', async () => {
      const res = await tryCreate(districtAdmin, undefined);
      expect(res.statusCode).toBe(422);
      expect(errorCode(res)).toBe('GRANT_SCOPE_INVALID');
    });
  });

  describe('delegation', () => {
    it('the security admin grants region and org roles anywhere', async () => {
      const user = await made(security, { role: 'region_admin', regionId: otherDistrict.community });
      const res = await security.post(`/api/users/${user.id}/grants`, { role: 'org_admin', orgId: orgs.b });
      expect(res.statusCode).toBe(201);
      expect((res.json() as UserView).grants.map((g) => [g.role, g.regionId, g.orgId])).toEqual([
        ['region_admin', otherDistrict.community, null],
        ['org_admin', null, orgs.b],
      ]);
    });

    it.each(['platform_admin', 'security_admin', 'auditor'] as const)('nobody grants %s over HTTP, not even the security admin', async (role) => {
      const res = await tryCreate(security, { role });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('GRANT_NOT_ALLOWED');
      const user = await made(admin);
      expect(errorCode(await security.post(`/api/users/${user.id}/grants`, { role }))).toBe('GRANT_NOT_ALLOWED');
      expect(await grantRows(user.id)).toEqual([]);
    });

    it('the security admin cannot grant to itself', async () => {
      const res = await security.post(`/api/users/${security.userId}/grants`, { role: 'region_admin', regionId: tree.district });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('GRANT_NOT_ALLOWED');
      expect((await grantRows(security.userId)).map((g) => g.role)).toEqual(['security_admin']);
    });

    it('a district admin grants region roles inside its district only', async () => {
      const worker = await tryCreate(districtAdmin, { role: 'grid_worker', regionId: tree.grid });
      expect(worker.statusCode).toBe(201);
      const streetAdmin = await tryCreate(districtAdmin, { role: 'region_admin', regionId: tree.streets[1] });
      expect(streetAdmin.statusCode).toBe(201);
      const own = await tryCreate(districtAdmin, { role: 'region_admin', regionId: tree.district });
      expect(own.statusCode).toBe(201);

      for (const grant of [
        { role: 'grid_worker', regionId: otherDistrict.community },
        { role: 'region_admin', regionId: otherDistrict.district },
        // The city above the district is not inside it either.
        { role: 'grid_worker', regionId: await regionId('1101') },
        { role: 'org_admin', orgId: orgs.a },
        { role: 'member', orgId: orgs.a1 },
      ] satisfies CreateGrantRequest[]) {
        const res = await tryCreate(districtAdmin, grant);
        expect({ grant, status: res.statusCode, code: errorCode(res) }).toEqual({ grant, status: 403, code: 'GRANT_NOT_ALLOWED' });
      }
    });

    it('a community admin cannot grant at its street, above its own grant', async () => {
      expect(errorCode(await tryCreate(communityAdmin, { role: 'grid_worker', regionId: tree.streets[0] }))).toBe('GRANT_NOT_ALLOWED');
      expect((await tryCreate(communityAdmin, { role: 'grid_worker', regionId: tree.building })).statusCode).toBe(201);
    });

    it('an org admin grants member and org_admin inside its org subtree only', async () => {
      expect((await tryCreate(orgAdmin, { role: 'member', orgId: orgs.a1 })).statusCode).toBe(201);
      expect((await tryCreate(orgAdmin, { role: 'org_admin', orgId: orgs.a })).statusCode).toBe(201);
      for (const grant of [
        { role: 'member', orgId: orgs.b },
        { role: 'org_admin', orgId: orgs.root },
        { role: 'grid_worker', regionId: tree.grid },
      ] satisfies CreateGrantRequest[]) {
        const res = await tryCreate(orgAdmin, grant);
        expect({ grant, code: errorCode(res) }).toEqual({ grant, code: 'GRANT_NOT_ALLOWED' });
      }
    });

    it('region roles need a regionId, org roles an orgId, never both', async () => {
      for (const grant of [
        { role: 'region_admin', orgId: orgs.a },
        { role: 'grid_worker' },
        { role: 'grid_worker', regionId: tree.grid, orgId: orgs.a },
        { role: 'org_admin', regionId: tree.district },
        { role: 'member' },
        { role: 'member', orgId: orgs.a, regionId: tree.grid },
      ] satisfies CreateGrantRequest[]) {
        const res = await tryCreate(security, grant);
        expect({ grant, status: res.statusCode, code: errorCode(res) }).toEqual({ grant, status: 422, code: 'GRANT_SCOPE_INVALID' });
      }
    });

    it('a grant must name a node that exists, and an org that is still active', async () => {
      expect((await tryCreate(security, { role: 'grid_worker', regionId: 987654 })).statusCode).toBe(404);
      const closing = await org(orgs.b, '临时党支部', 'temporary_branch');
      expect((await admin.post(`/api/orgs/${closing}/close`, { reason: '任务完成' })).statusCode).toBe(200);
      expect(errorCode(await tryCreate(security, { role: 'member', orgId: closing }))).toBe('ORG_CLOSED');
    });

    it('a scoped admin adds grants only to accounts already inside its subtree', async () => {
      const bare = await made(admin);
      const res = await districtAdmin.post(`/api/users/${bare.id}/grants`, { role: 'grid_worker', regionId: tree.grid });
      expect(res.statusCode).toBe(403);
      const inside = await made(districtAdmin, { role: 'grid_worker', regionId: tree.grid });
      const added = await districtAdmin.post(`/api/users/${inside.id}/grants`, { role: 'grid_worker', regionId: tree.communities[2] });
      expect(added.statusCode).toBe(201);
      expect(await grantRows(bare.id)).toEqual([]);
    });
  });

  describe('listing and reading', () => {
    it('a community admin sees only accounts with a grant in its community', async () => {
      const inside = await made(districtAdmin, { role: 'grid_worker', regionId: tree.households[0] });
      const neighbour = await made(districtAdmin, { role: 'grid_worker', regionId: tree.communities[1] });
      const above = await made(districtAdmin, { role: 'region_admin', regionId: tree.streets[0] });
      const listed = await communityAdmin.get('/api/users?limit=500');
      expect(listed.statusCode).toBe(200);
      const items = listed.json().items as UserView[];
      const ids = items.map((u) => u.id);
      expect(ids).toContain(inside.id);
      expect(ids).toContain(communityAdmin.userId);
      expect(ids).not.toContain(neighbour.id);
      expect(ids).not.toContain(above.id);
      // Every account listed holds a grant on one of the community's own nodes.
      const community = new Set([tree.communities[0], tree.grid, tree.building, tree.entrance, ...tree.households]);
      expect(items.every((u) => u.grants.some((g) => g.regionId !== null && community.has(g.regionId)))).toBe(true);
      expect(listed.json().total).toBe(items.length);

      expect((await communityAdmin.get(`/api/users/${inside.id}`)).statusCode).toBe(200);
      expect((await communityAdmin.get(`/api/users/${neighbour.id}`)).statusCode).toBe(403);
    });

    it('an org admin sees accounts with a grant in its org subtree', async () => {
      const member = await made(orgAdmin, { role: 'member', orgId: orgs.a1 });
      const elsewhere = await made(security, { role: 'member', orgId: orgs.b });
      const ids = ((await orgAdmin.get('/api/users?limit=500')).json().items as UserView[]).map((u) => u.id);
      expect(ids).toContain(member.id);
      expect(ids).not.toContain(elsewhere.id);
      expect(ids).not.toContain(communityAdmin.userId);
    });

    it('the security admin sees every account, paged', async () => {
      const total = await count('app_user');
      const first = await security.get('/api/users?limit=3&offset=0');
      const second = await security.get('/api/users?limit=3&offset=3');
      expect(first.json().total).toBe(total);
      const pageIds = [...first.json().items, ...second.json().items].map((u: UserView) => u.id);
      expect(new Set(pageIds).size).toBe(6);
      const all = ((await security.get('/api/users?limit=500')).json().items as UserView[]).map((u) => u.id);
      expect(all).toHaveLength(total);
      expect(all.slice(0, 6)).toEqual(pageIds);
    });

    it('searches by username', async () => {
      const user = await made(security, { role: 'grid_worker', regionId: tree.grid });
      const res = await security.get(`/api/users?q=${encodeURIComponent(user.username)}`);
      expect((res.json().items as UserView[]).map((u) => u.id)).toEqual([user.id]);
    });

    it('masks phone numbers in every view, and keeps them whole in the database', async () => {
      const user = await made(districtAdmin, { role: 'grid_worker', regionId: tree.grid }, { phone: '13812345678' });
      expect(user.phone).toBe('138****5678');
      expect((await districtAdmin.get(`/api/users/${user.id}`)).json().phone).toBe('138****5678');
      const listed = (await security.get('/api/users?limit=500')).json().items as UserView[];
      expect(listed.find((u) => u.id === user.id)!.phone).toBe('138****5678');
      expect(listed.every((u) => u.phone === null || /^\d{3}\*{4}\d{4}$/.test(u.phone))).toBe(true);
      const person = await t.db.kysely
        .selectFrom('person')
        .innerJoin('app_user', 'app_user.person_id', 'person.id')
        .select('person.phone')
        .where('app_user.id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(person.phone).toBe('13812345678');
    });
  });

  describe('changing accounts', () => {
    async function signedInUser(grant: CreateGrantRequest): Promise<{ view: UserView; client: Client }> {
      const view = await made(security, grant);
      // Accounts made by an admin must change their password; signing in is still allowed.
      return { view, client: await signIn(t.app, view.username, PASSWORD) };
    }

    it('updates name and phone, and audits what changed', async () => {
      const user = await made(districtAdmin, { role: 'grid_worker', regionId: tree.grid });
      const res = await districtAdmin.patch(`/api/users/${user.id}`, { name: '改名', phone: '13900001234' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: '改名', phone: '139****1234' });
      const [row] = await t.db.kysely.selectFrom('audit_log').select('changes').where('action', '=', 'user.update').where('entity_id', '=', String(user.id)).execute();
      expect(row!.changes).toEqual({ name: ['新用户', '改名'], phone: [null, '13900001234'] });
    });

    it('a scoped admin cannot change an account outside its subtree', async () => {
      const outside = await made(security, { role: 'grid_worker', regionId: otherDistrict.community });
      expect((await districtAdmin.patch(`/api/users/${outside.id}`, { name: '越权' })).statusCode).toBe(403);
      expect((await districtAdmin.post(`/api/users/${outside.id}/password`, { password: 'Other#Pass-99' })).statusCode).toBe(403);
      expect((await districtAdmin.post(`/api/users/${outside.id}/unlock`)).statusCode).toBe(403);
      expect((await security.get(`/api/users/${outside.id}`)).json().name).toBe('新用户');
    });

    it('disabling signs the account out and keeps it out', async () => {
      const { view, client } = await signedInUser({ role: 'grid_worker', regionId: tree.grid });
      expect((await client.get('/api/auth/me')).statusCode).toBe(200);
      const res = await districtAdmin.patch(`/api/users/${view.id}`, { status: 'disabled' });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('disabled');
      expect(await t.db.kysely.selectFrom('session').select('id').where('user_id', '=', view.id).execute()).toEqual([]);
      expect((await client.get('/api/auth/me')).statusCode).toBe(401);
      const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: view.username, password: PASSWORD } });
      expect(errorCode(again)).toBe('ACCOUNT_DISABLED');
    });

    it('nobody disables their own account', async () => {
      const res = await districtAdmin.patch(`/api/users/${districtAdmin.userId}`, { status: 'disabled' });
      expect(res.statusCode).toBe(403);
      expect((await districtAdmin.get('/api/auth/me')).statusCode).toBe(200);
    });

    it('resetting a password forces a change and signs the account out', async () => {
      const { view, client } = await signedInUser({ role: 'grid_worker', regionId: tree.grid });
      await t.db.kysely.updateTable('app_user').set({ must_change_password: false }).where('id', '=', view.id).execute();
      const weak = await districtAdmin.post(`/api/users/${view.id}/password`, { password: `Aa1!${view.username}` });
      expect(errorCode(weak)).toBe('PASSWORD_WEAK');
      expect((await client.get('/api/auth/me')).statusCode).toBe(200);

      expect((await districtAdmin.post(`/api/users/${view.id}/password`, { password: 'Reset#Pass-42' })).statusCode).toBe(200);
      expect((await client.get('/api/auth/me')).statusCode).toBe(401);
      const fresh = await signIn(t.app, view.username, 'Reset#Pass-42');
      expect((await fresh.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    });

    it('nobody resets their own password this way', async () => {
      const res = await districtAdmin.post(`/api/users/${districtAdmin.userId}/password`, { password: 'Reset#Pass-42' });
      expect(res.statusCode).toBe(403);
    });

    it('unlocks a locked account', async () => {
      const user = await made(districtAdmin, { role: 'grid_worker', regionId: tree.grid });
      await t.db.kysely
        .updateTable('app_user')
        .set({ locked_until: sql`now() + interval '10 minutes'`, failed_logins: 2 })
        .where('id', '=', user.id)
        .execute();
      expect((await security.get(`/api/users/${user.id}`)).json().lockedUntil).not.toBeNull();
      const login = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: PASSWORD } });
      expect(errorCode(await login())).toBe('ACCOUNT_LOCKED');
      expect((await districtAdmin.post(`/api/users/${user.id}/unlock`)).statusCode).toBe(200);
      const row = await t.db.kysely.selectFrom('app_user').select(['locked_until', 'failed_logins']).where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ locked_until: null, failed_logins: 0 });
      expect((await login()).statusCode).toBe(200);
    });

    it('answers 404 for an account that does not exist', async () => {
      for (const res of [
        await security.get('/api/users/987654'),
        await security.patch('/api/users/987654', { name: '无' }),
        await security.post('/api/users/987654/password', { password: 'Reset#Pass-42' }),
        await security.post('/api/users/987654/unlock'),
        await security.post('/api/users/987654/grants', { role: 'grid_worker', regionId: tree.grid }),
        await security.delete('/api/grants/987654'),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(errorCode(res)).toBe('NOT_FOUND');
      }
    });
  });

  // Resetting a password hands the account to whoever reset it; these keep that from reaching
  // past the actor's own subtree or across the separated duties.
  describe('taking over accounts', () => {
    const hashOf = async (userId: number) =>
      (await t.db.kysely.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow()).password_hash;

    it('a scoped admin cannot take over an account whose grants reach outside its subtree', async () => {
      const other = await made(security, { role: 'region_admin', regionId: otherDistrict.district });
      expect((await security.post(`/api/users/${other.id}/grants`, { role: 'grid_worker', regionId: tree.grid })).statusCode).toBe(201);
      const hash = await hashOf(other.id);

      // Seen, because one grant lies inside 东城区; not changed, because another governs 西城区.
      expect((await districtAdmin.get(`/api/users/${other.id}`)).statusCode).toBe(200);
      for (const res of [
        await districtAdmin.post(`/api/users/${other.id}/password`, { password: 'Taken#Over-66' }),
        await districtAdmin.patch(`/api/users/${other.id}`, { status: 'disabled' }),
        await districtAdmin.patch(`/api/users/${other.id}`, { name: '冒名' }),
        await districtAdmin.post(`/api/users/${other.id}/unlock`),
      ]) {
        expect(res.statusCode).toBe(403);
      }
      expect(await hashOf(other.id)).toBe(hash);
      expect((await security.get(`/api/users/${other.id}`)).json()).toMatchObject({ name: '新用户', status: 'active' });
      // Someone whose scope covers every grant still can.
      expect((await security.post(`/api/users/${other.id}/password`, { password: 'Taken#Over-66' })).statusCode).toBe(200);
    });

    it('nobody resets the password of a separated duty: that would be signing in as it', async () => {
      const before = [await hashOf(auditor.userId), await hashOf(security.userId), await hashOf(admin.userId)];
      for (const [by, target] of [
        [admin, auditor],
        [security, auditor],
        [admin, security],
        [security, admin],
      ] as const) {
        const res = await by.post(`/api/users/${target.userId}/password`, { password: 'Taken#Over-66' });
        expect({ by: by.username, target: target.username, status: res.statusCode }).toEqual({ by: by.username, target: target.username, status: 403 });
      }
      expect([await hashOf(auditor.userId), await hashOf(security.userId), await hashOf(admin.userId)]).toEqual(before);
      expect((await auditor.get('/api/audit')).statusCode).toBe(200);
    });

    it('a separated duty takes no other grant: the auditor stays read-only, the platform admin grant-less', async () => {
      for (const target of [auditor, admin]) {
        const res = await security.post(`/api/users/${target.userId}/grants`, { role: 'region_admin', regionId: tree.district });
        expect(res.statusCode).toBe(403);
        expect(errorCode(res)).toBe('GRANT_NOT_ALLOWED');
        expect((await grantRows(target.userId)).map((g) => g.role)).toHaveLength(1);
      }
      expect((await auditor.post('/api/regions', { parentId: tree.grid, level: 'building', name: '审计员楼' })).statusCode).toBe(403);
    });
  });

  describe('removing grants', () => {
    async function grantOf(user: UserView, role: Role): Promise<number> {
      return user.grants.find((g) => g.role === role)!.id;
    }
    async function exists(grantId: number): Promise<boolean> {
      return (await t.db.kysely.selectFrom('user_grant').select('id').where('id', '=', grantId).executeTakeFirst()) !== undefined;
    }

    it('follows the delegation rule', async () => {
      const inside = await made(security, { role: 'grid_worker', regionId: tree.grid });
      const outside = await made(security, { role: 'grid_worker', regionId: otherDistrict.community });
      const orgMember = await made(security, { role: 'member', orgId: orgs.a1 });

      const insideGrant = await grantOf(inside, 'grid_worker');
      const outsideGrant = await grantOf(outside, 'grid_worker');
      const memberGrant = await grantOf(orgMember, 'member');
      expect(errorCode(await districtAdmin.delete(`/api/grants/${outsideGrant}`))).toBe('GRANT_NOT_ALLOWED');
      expect(errorCode(await districtAdmin.delete(`/api/grants/${memberGrant}`))).toBe('GRANT_NOT_ALLOWED');
      expect(errorCode(await orgAdmin.delete(`/api/grants/${insideGrant}`))).toBe('GRANT_NOT_ALLOWED');
      expect(errorCode(await admin.delete(`/api/grants/${insideGrant}`))).toBe('GRANT_NOT_ALLOWED');
      expect([await exists(insideGrant), await exists(outsideGrant), await exists(memberGrant)]).toEqual([true, true, true]);

      expect((await districtAdmin.delete(`/api/grants/${insideGrant}`)).statusCode).toBe(200);
      expect((await orgAdmin.delete(`/api/grants/${memberGrant}`)).statusCode).toBe(200);
      expect((await security.delete(`/api/grants/${outsideGrant}`)).statusCode).toBe(200);
      expect([await exists(insideGrant), await exists(outsideGrant), await exists(memberGrant)]).toEqual([false, false, false]);
      const deleted = await t.db.kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'grant.delete').execute();
      expect(deleted.map((r) => Number(r.entity_id))).toEqual(expect.arrayContaining([insideGrant, outsideGrant, memberGrant]));
    });

    it('a community admin cannot take back a grant at the district above it', async () => {
      const districtGrant = (await grantRows(districtAdmin.userId))[0]!.id;
      expect(errorCode(await communityAdmin.delete(`/api/grants/${districtGrant}`))).toBe('GRANT_NOT_ALLOWED');
      expect(await exists(districtGrant)).toBe(true);
    });

    it('nobody removes their own grant, and the separated duties are not removable over HTTP', async () => {
      const own = (await grantRows(districtAdmin.userId))[0]!.id;
      expect(errorCode(await districtAdmin.delete(`/api/grants/${own}`))).toBe('GRANT_NOT_ALLOWED');
      const auditorGrant = (await grantRows(auditor.userId))[0]!.id;
      expect(errorCode(await security.delete(`/api/grants/${auditorGrant}`))).toBe('GRANT_NOT_ALLOWED');
      expect([await exists(own), await exists(auditorGrant)]).toEqual([true, true]);
    });
  });
});
