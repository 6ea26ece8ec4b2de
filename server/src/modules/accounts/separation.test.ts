import { describe, expect, it, beforeAll } from 'vitest';
import type { Role } from '@meshwork/contracts';
import { fromDatabaseError } from '../../platform/errors.js';
import { errorCode, rowCount, seedSampleTree, type Client, type SampleTree, useTestApp, userWith } from '../../../test/helpers.js';

type Signed = Client & { userId: number; username: string };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 三员分立: system administration, security administration and audit are separate duties. The
 * database keeps one account from holding two; the permissions keep each duty to its own work.
 */
describe('separation of duties', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let admin: Signed;
  let security: Signed;
  let auditor: Signed;

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    security = await userWith(t, [{ role: 'security_admin' }]);
    auditor = await userWith(t, [{ role: 'auditor' }]);
  });

  /** An account without grants, written directly: the database is what is under test. */
  async function bareAccount(): Promise<number> {
    const n = Math.random().toString(36).slice(2, 10);
    const person = await t.db.kysely.insertInto('person').values({ name: '直写' }).returning('id').executeTakeFirstOrThrow();
    const user = await t.db.kysely
      .insertInto('app_user')
      .values({ person_id: person.id, username: `direct.${n}`, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return user.id;
  }

  const grantDuty = (userId: number, role: Role) =>
    t.db.kysely.insertInto('user_grant').values({ user_id: userId, role, region_id: null, org_id: null }).execute();

  const dutiesOf = async (userId: number) =>
    (await t.db.kysely.selectFrom('user_grant').select('role').where('user_id', '=', userId).orderBy('id').execute()).map((g) => g.role);

  describe('in the database', () => {
    it.each([
      ['platform_admin', 'security_admin'],
      ['security_admin', 'auditor'],
      ['auditor', 'platform_admin'],
    ] as const)('refuses %s then %s on one account (23514), mapped to 409 SEPARATION_OF_DUTIES', async (first, second) => {
      const userId = await bareAccount();
      await grantDuty(userId, first);
      const error: unknown = await grantDuty(userId, second).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: '23514' });
      const mapped = fromDatabaseError(error);
      expect(mapped?.code).toBe('SEPARATION_OF_DUTIES');
      expect(mapped?.status).toBe(409);
      expect(await dutiesOf(userId)).toEqual([first]);
    });

    it('refuses turning another grant of the account into a second duty', async () => {
      const userId = await bareAccount();
      await grantDuty(userId, 'platform_admin');
      await t.db.kysely.insertInto('user_grant').values({ user_id: userId, role: 'grid_worker', region_id: tree.grid }).execute();
      await expect(
        t.db.kysely.updateTable('user_grant').set({ role: 'auditor', region_id: null }).where('user_id', '=', userId).where('role', '=', 'grid_worker').execute(),
      ).rejects.toMatchObject({ code: '23514' });
      expect(await dutiesOf(userId)).toEqual(['platform_admin', 'grid_worker']);
    });

    it('lets only one of two concurrent duty grants to one account commit', async () => {
      const userId = await bareAccount();
      // The first transaction holds its grant uncommitted while the second tries; the trigger's
      // row lock on the account makes the second wait and then see the first.
      const slowGrant = (role: Role, delay: number) =>
        t.db.kysely.transaction().execute(async (trx) => {
          await pause(delay);
          await trx.insertInto('user_grant').values({ user_id: userId, role, region_id: null, org_id: null }).execute();
          await pause(200);
        });
      const results = await Promise.allSettled([slowGrant('security_admin', 0), slowGrant('auditor', 50)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(fromDatabaseError(rejected.reason)?.code).toBe('SEPARATION_OF_DUTIES');
      expect(await dutiesOf(userId)).toHaveLength(1);
    });

    it('the same duty twice is a duplicate, not a second duty', async () => {
      const userId = await bareAccount();
      await grantDuty(userId, 'auditor');
      await expect(grantDuty(userId, 'auditor')).rejects.toMatchObject({ code: '23505' });
    });
  });

  describe('over HTTP', () => {
    it('the service refuses a second duty before the database has to', async () => {
      const res = await security.post(`/api/users/${admin.userId}/grants`, { role: 'auditor' });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('GRANT_NOT_ALLOWED');
      expect(await dutiesOf(admin.userId)).toEqual(['platform_admin']);
    });

    it('each duty holds exactly its own permissions', async () => {
      const permissions = async (c: Client) => ((await c.get('/api/auth/me')).json().permissions as string[]).sort();
      expect(await permissions(auditor)).toEqual(['audit.read']);
      expect(await permissions(admin)).not.toContain('audit.read');
      expect(await permissions(admin)).not.toContain('grant.write');
      expect(await permissions(security)).toContain('grant.write');
      expect(await permissions(security)).not.toContain('audit.read');
      expect(await permissions(security)).not.toContain('region.write');
    });

    it('the platform admin cannot read the audit log', async () => {
      expect((await admin.get('/api/audit')).statusCode).toBe(403);
      expect((await admin.get('/api/audit/export.xlsx')).statusCode).toBe(403);
      expect((await auditor.get('/api/audit')).statusCode).toBe(200);
    });

    it('the auditor and the security admin change no data', async () => {
      const counts = async () => {
        const n = (table: 'region' | 'org' | 'app_user') => rowCount(t.db, table);
        return { region: await n('region'), org: await n('org'), app_user: await n('app_user') };
      };
      const before = await counts();
      const region = { parentId: tree.grid, level: 'building', name: '越权楼' };
      const org = { parentId: null, type: 'organization_department', name: '越权组织部' };
      for (const [who, res] of [
        ['auditor', await auditor.post('/api/regions', region)],
        ['auditor', await auditor.patch(`/api/regions/${tree.building}`, { name: '改名' })],
        ['auditor', await auditor.delete(`/api/regions/${tree.households[1]}`)],
        ['auditor', await auditor.post('/api/orgs', org)],
        ['auditor', await auditor.post('/api/users', { username: 'by.auditor', name: '审', password: 'Audit#Made-12' })],
        ['auditor', await auditor.get('/api/users')],
        ['auditor', await auditor.patch(`/api/users/${admin.userId}`, { name: '改' })],
        ['auditor', await auditor.get(`/api/regions/${tree.province}`)],
        ['security', await security.post('/api/regions', region)],
        ['security', await security.patch(`/api/regions/${tree.building}`, { name: '改名' })],
        ['security', await security.post('/api/orgs', org)],
      ] as const) {
        expect({ who, status: res.statusCode }).toEqual({ who, status: 403 });
      }
      expect(await counts()).toEqual(before);
      const building = await t.db.kysely.selectFrom('region').select('name').where('id', '=', tree.building).executeTakeFirstOrThrow();
      expect(building.name).toBe('1栋');
    });
  });
});
