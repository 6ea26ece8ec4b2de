import { sql, type Kysely } from 'kysely';
import type { RegionLevel, Role } from '@meshwork/contracts';
import { containsPattern } from '../../db/sql.js';
import type { DB } from '../../db/schema.js';
import { inScope, type Scope } from '../../platform/access.js';
import { PeopleRepository } from '../people/people.repository.js';

export interface LoginCandidate {
  id: number;
  username: string;
  password_hash: string;
  status: 'active' | 'disabled';
  locked_until: Date | null;
}

export interface GrantRow {
  id: number;
  user_id: number;
  role: Role;
  region_id: number | null;
  region_name: string | null;
  region_level: RegionLevel | null;
  region_path: string | null;
  org_id: number | null;
  org_name: string | null;
  org_path: string | null;
}

export interface UserRow {
  id: number;
  username: string;
  name: string;
  phone: string | null;
  person_id: number;
  status: 'active' | 'disabled';
  locked_until: Date | null;
  last_login_at: Date | null;
  must_change_password: boolean;
}

/** All SQL on accounts: users, their people, grants. Grants read their node's name and path. */
export class AccountsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): AccountsRepository {
    return new AccountsRepository(db);
  }

  /** By username, or by phone when exactly one account has it. */
  async findForLogin(login: string): Promise<LoginCandidate | undefined> {
    const byName = await this.db
      .selectFrom('app_user')
      .select(['id', 'username', 'password_hash', 'status', 'locked_until'])
      .where('username', '=', login.toLowerCase())
      .executeTakeFirst();
    if (byName || !/^1\d{10}$/.test(login)) return byName;
    const byPhone = await this.db
      .selectFrom('app_user as u')
      .innerJoin('person as p', 'p.id', 'u.person_id')
      .select(['u.id', 'u.username', 'u.password_hash', 'u.status', 'u.locked_until'])
      .where('p.phone', '=', login)
      .limit(2)
      .execute();
    return byPhone.length === 1 ? byPhone[0] : undefined;
  }

  /**
   * Whether an account already goes by this phone: as its username, or as its person's phone —
   * however many accounts share it (login by phone refuses an ambiguous one; registering must not
   * add to it).
   */
  async phoneTaken(phone: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('app_user as u')
      .innerJoin('person as p', 'p.id', 'u.person_id')
      .select('u.id')
      .where((eb) => eb.or([eb('u.username', '=', phone), eb('p.phone', '=', phone)]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Counts a failed attempt in one conditional update, so concurrent guesses cannot slip past
   * the limit; the count restarts once the account locks.
   */
  async recordFailure(userId: number, maxFailures: number, lockMinutes: number): Promise<FailureCount> {
    const row = await this.db
      .updateTable('app_user')
      .set(countingFailure(maxFailures, lockMinutes))
      .where('id', '=', userId)
      .returning(['failed_logins', 'locked_until'])
      .executeTakeFirstOrThrow();
    return failureCount(row);
  }

  /** Until when a name no account has is locked, if it is (see migration 0006). */
  async nameLockedUntil(name: string): Promise<Date | null> {
    const row = await this.db.selectFrom('login_name_failure').select('locked_until').where('name', '=', name).where('locked_until', '>', sql<Date>`now()`).executeTakeFirst();
    return row?.locked_until ?? null;
  }

  /** `recordFailure` for a name no account has: the same count and lock, kept by name. */
  async recordNameFailure(name: string, maxFailures: number, lockMinutes: number): Promise<FailureCount> {
    await this.db.deleteFrom('login_name_failure').where('updated_at', '<', sql<Date>`now() - interval '1 day'`).execute();
    // The row first, then the same conditional update as an account's: concurrent guesses queue on it.
    await this.db.insertInto('login_name_failure').values({ name }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const row = await this.db
      .updateTable('login_name_failure')
      .set({ ...countingFailure(maxFailures, lockMinutes), updated_at: sql`now()` })
      .where('name', '=', name)
      .returning(['failed_logins', 'locked_until'])
      .executeTakeFirstOrThrow();
    return failureCount(row);
  }

  async recordSuccess(userId: number): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` })
      .where('id', '=', userId)
      .execute();
  }

  private userQuery() {
    return this.db
      .selectFrom('app_user as u')
      .innerJoin('person as p', 'p.id', 'u.person_id')
      .select([
        'u.id',
        'u.username',
        'p.name',
        'p.phone',
        'u.person_id',
        'u.status',
        'u.locked_until',
        'u.last_login_at',
        'u.must_change_password',
      ]);
  }

  async findUser(id: number): Promise<UserRow | undefined> {
    return this.userQuery().where('u.id', '=', id).executeTakeFirst();
  }

  async passwordHash(id: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirst();
    return row?.password_hash;
  }

  /**
   * Users visible in a scope: those holding a grant inside it. Accounts without grants are seen
   * only by those whose scope is the whole platform.
   */
  async listUsers(scopes: { region: Scope; org: Scope }, q: string | undefined, limit: number, offset: number) {
    let query = this.userQuery();
    if (!(scopes.region.all || scopes.org.all)) {
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('user_grant as g')
            .leftJoin('region as r', 'r.id', 'g.region_id')
            .leftJoin('org as o', 'o.id', 'g.org_id')
            .select(sql`1`.as('one'))
            .where('g.user_id', '=', eb.ref('u.id'))
            .where((e) => e.or([inScope(e.ref('r.path'), scopes.region), inScope(e.ref('o.path'), scopes.org)])),
        ),
      );
    }
    if (q) {
      const like = containsPattern(q);
      query = query.where((eb) => eb.or([eb('u.username', 'like', like), eb('p.name', 'like', like), eb('p.phone', 'like', like)]));
    }
    const [items, count] = await Promise.all([
      query.orderBy('u.id').limit(limit).offset(offset).execute(),
      query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  async grantsOf(userIds: number[]): Promise<GrantRow[]> {
    if (userIds.length === 0) return [];
    return this.db
      .selectFrom('user_grant as g')
      .leftJoin('region as r', 'r.id', 'g.region_id')
      .leftJoin('org as o', 'o.id', 'g.org_id')
      .select([
        'g.id',
        'g.user_id',
        'g.role',
        'g.region_id',
        'r.name as region_name',
        'r.level as region_level',
        'r.path as region_path',
        'g.org_id',
        'o.name as org_name',
        'o.path as org_path',
      ])
      .where('g.user_id', 'in', userIds)
      .orderBy('g.id')
      .execute();
  }

  async findGrant(id: number): Promise<GrantRow | undefined> {
    const rows = await this.db.selectFrom('user_grant').select('user_id').where('id', '=', id).executeTakeFirst();
    if (!rows) return undefined;
    return (await this.grantsOf([rows.user_id])).find((g) => g.id === id);
  }

  async regionPath(id: number): Promise<{ path: string; name: string } | undefined> {
    return this.db.selectFrom('region').select(['path', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async orgPath(id: number): Promise<{ path: string; name: string; status: string } | undefined> {
    return this.db.selectFrom('org').select(['path', 'name', 'status']).where('id', '=', id).executeTakeFirst();
  }

  async insertUser(input: { username: string; name: string; phone: string | null; passwordHash: string; mustChangePassword: boolean }): Promise<number> {
    // The person table belongs to the people module: its repository, on this same transaction.
    const personId = await new PeopleRepository(this.db).insertPerson({ name: input.name, phone: input.phone });
    const user = await this.db
      .insertInto('app_user')
      .values({
        person_id: personId,
        username: input.username,
        password_hash: input.passwordHash,
        must_change_password: input.mustChangePassword,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return user.id;
  }

  async updateUser(user: UserRow, patch: { name?: string; phone?: string | null; status?: 'active' | 'disabled' }): Promise<void> {
    if (patch.name !== undefined || patch.phone !== undefined) {
      await new PeopleRepository(this.db).updatePerson(user.person_id, { name: patch.name, phone: patch.phone });
    }
    if (patch.status !== undefined) {
      await this.db.updateTable('app_user').set({ status: patch.status, updated_at: sql`now()` }).where('id', '=', user.id).execute();
    }
  }

  async setPassword(userId: number, passwordHash: string, mustChange: boolean): Promise<void> {
    await this.db
      .updateTable('app_user')
      .set({ password_hash: passwordHash, must_change_password: mustChange, password_changed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', userId)
      .execute();
  }

  async unlock(userId: number): Promise<void> {
    await this.db.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
  }

  async insertGrant(input: { userId: number; role: Role; regionId: number | null; orgId: number | null; grantedBy: number | null }): Promise<number> {
    const row = await this.db
      .insertInto('user_grant')
      .values({ user_id: input.userId, role: input.role, region_id: input.regionId, org_id: input.orgId, granted_by: input.grantedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async deleteGrant(id: number): Promise<void> {
    await this.db.deleteFrom('user_grant').where('id', '=', id).execute();
  }

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

export interface FailureCount {
  lockedUntil: Date | null;
  failures: number;
}

/** One more failure on a row with failed_logins and locked_until: the limit's one locks it and restarts the count. */
function countingFailure(maxFailures: number, lockMinutes: number) {
  return {
    failed_logins: sql<number>`CASE WHEN failed_logins + 1 >= ${maxFailures} THEN 0 ELSE failed_logins + 1 END`,
    locked_until: sql<Date | null>`CASE WHEN failed_logins + 1 >= ${maxFailures} THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END`,
  };
}

function failureCount(row: { failed_logins: number; locked_until: Date | null }): FailureCount {
  return { lockedUntil: row.locked_until && row.locked_until > new Date() ? row.locked_until : null, failures: row.failed_logins };
}
