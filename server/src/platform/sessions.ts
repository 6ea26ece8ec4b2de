import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { Actor, type ActorGrant } from './access.js';

/**
 * Sessions in the database, so that any app node can serve any request. The cookie carries a
 * random token; the table keeps only its SHA-256.
 */
export class Sessions {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly policy: { idleMinutes: number; maxHours: number },
  ) {}

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  async create(userId: number, meta: { ip: string | null; userAgent: string | null }): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('session')
      .values({
        id: Sessions.hash(token),
        user_id: userId,
        expires_at: new Date(Date.now() + this.policy.maxHours * 3600_000),
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return token;
  }

  /**
   * The actor behind a token, or null when the session is unknown, idle too long, past its
   * absolute end, or its account is disabled. Refreshes the idle clock.
   */
  async resolve(token: string): Promise<Actor | null> {
    const id = Sessions.hash(token);
    const idle = sql<Date>`now() - make_interval(mins => ${this.policy.idleMinutes})`;
    const row = await this.db
      .selectFrom('session')
      .select(['user_id', sql<boolean>`last_seen_at < now() - interval '1 minute'`.as('stale')])
      .where('id', '=', id)
      .where('last_seen_at', '>', idle)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) return null;
    // The idle clock moves at most once a minute: a write on every request would double the cost
    // of the busiest ones (check-ins at shift change) for a precision nobody needs.
    if (row.stale) await this.db.updateTable('session').set({ last_seen_at: sql`now()` }).where('id', '=', id).execute();
    return this.loadActor(row.user_id);
  }

  async loadActor(userId: number): Promise<Actor | null> {
    const user = await this.db
      .selectFrom('app_user')
      .select(['id', 'username', 'must_change_password', 'person_id'])
      .where('id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!user) return null;
    // The scope mechanism needs each grant's place in its tree: the one read of region and org
    // paths outside their modules, kept here with the access model.
    const grants = await this.db
      .selectFrom('user_grant as g')
      .leftJoin('region as r', 'r.id', 'g.region_id')
      .leftJoin('org as o', 'o.id', 'g.org_id')
      .select(['g.id', 'g.role', 'g.region_id', 'r.path as region_path', 'g.org_id', 'o.path as org_path'])
      .where('g.user_id', '=', userId)
      .execute();
    const actorGrants: ActorGrant[] = grants.map((g) => ({
      id: g.id,
      role: g.role,
      regionId: g.region_id,
      regionPath: g.region_path,
      orgId: g.org_id,
      orgPath: g.org_path,
    }));
    return new Actor(user.id, user.username, actorGrants, user.must_change_password, user.person_id);
  }

  async destroy(token: string): Promise<void> {
    await this.db.deleteFrom('session').where('id', '=', Sessions.hash(token)).execute();
  }

  async destroyAllFor(userId: number, except?: string): Promise<void> {
    let q = this.db.deleteFrom('session').where('user_id', '=', userId);
    if (except) q = q.where('id', '<>', Sessions.hash(except));
    await q.execute();
  }

  /** Housekeeping: drop sessions that can no longer be used. */
  async purgeExpired(): Promise<number> {
    const idle = sql<Date>`now() - make_interval(mins => ${this.policy.idleMinutes})`;
    const result = await this.db
      .deleteFrom('session')
      .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('last_seen_at', '<=', idle)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
