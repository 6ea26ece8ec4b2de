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
    // Every request passes here: the session, the account and its grants in one round trip.
    const row = await this.actorRows()
      .innerJoin('session as s', 's.user_id', 'u.id')
      .select(sql<boolean>`bool_or(s.last_seen_at < now() - interval '1 minute')`.as('stale'))
      .where('s.id', '=', id)
      .where('s.last_seen_at', '>', idle)
      .where('s.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!row) return null;
    // The idle clock moves at most once a minute: a write on every request would double the cost
    // of the busiest ones (check-ins at shift change) for a precision nobody needs.
    if (row.stale) await this.db.updateTable('session').set({ last_seen_at: sql`now()` }).where('id', '=', id).execute();
    return toActor(row);
  }

  async loadActor(userId: number): Promise<Actor | null> {
    const row = await this.actorRows().where('u.id', '=', userId).executeTakeFirst();
    return row ? toActor(row) : null;
  }

  /**
   * An active account with its grants, each placed in its tree: the one read of region and org
   * paths outside their modules, kept here with the access model.
   */
  private actorRows() {
    return this.db
      .selectFrom('app_user as u')
      .leftJoin('user_grant as g', 'g.user_id', 'u.id')
      .leftJoin('region as r', 'r.id', 'g.region_id')
      .leftJoin('org as o', 'o.id', 'g.org_id')
      .select([
        'u.id',
        'u.username',
        'u.must_change_password',
        'u.person_id',
        sql<ActorGrant[]>`coalesce(json_agg(json_build_object(
          'id', g.id, 'role', g.role, 'regionId', g.region_id, 'regionPath', r.path::text, 'orgId', g.org_id, 'orgPath', o.path::text
        ) ORDER BY g.id) FILTER (WHERE g.id IS NOT NULL), '[]')`.as('grants'),
      ])
      .where('u.status', '=', 'active')
      .groupBy('u.id');
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

function toActor(row: { id: number; username: string; must_change_password: boolean; person_id: number; grants: ActorGrant[] | string }): Actor {
  // json arrives parsed from pg, as text from some drivers.
  const grants = (typeof row.grants === 'string' ? JSON.parse(row.grants) : row.grants) as ActorGrant[];
  return new Actor(row.id, row.username, grants.map((g) => ({ ...g, id: Number(g.id), regionId: g.regionId === null ? null : Number(g.regionId), orgId: g.orgId === null ? null : Number(g.orgId) })), row.must_change_password, row.person_id);
}
