import { sql, type Kysely } from 'kysely';
import type { EnrolmentStatus, Gender, RegionLevel } from '@meshwork/contracts';
import { containsPattern } from '../../db/sql.js';
import type { DB } from '../../db/schema.js';
import { inScope, underPath, type Scope } from '../../platform/access.js';

/** A confirmed enrolment as other modules see it: who, and in which community. */
export interface EnrolmentRef {
  id: number;
  personId: number;
  personName: string;
  communityId: number;
  communityPath: string;
  /** The skills the member stated when enrolling: what duty sign-ups check. */
  skills: string[];
}

/** A confirmed enrolment as allocation sees it: where the member lives and when they can serve. */
export interface PoolEnrolment extends EnrolmentRef {
  phone: string | null;
  communityName: string;
  latitude: number | null;
  longitude: number | null;
  availableDays: number[];
  availablePeriods: string[];
}

export interface PlaceRow {
  id: number;
  name: string;
  level: RegionLevel;
  path: string;
}

export interface OrgRow {
  id: number;
  name: string;
  path: string;
  status: 'active' | 'closed';
}

/** An enrolment with the names and paths that place and label it. */
export interface EnrolmentRow {
  id: number;
  status: EnrolmentStatus;
  person_id: number;
  name: string;
  gender: Gender | null;
  phone: string | null;
  community_id: number;
  community_name: string;
  community_path: string;
  home_id: number | null;
  home_path: string | null;
  org_id: number | null;
  org_name: string | null;
  org_path: string | null;
  skills: string[];
  availability: string | null;
  available_days: number[];
  available_periods: string[];
  preferred_posts: string[];
  note: string | null;
  reject_reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  ended_at: Date | null;
}

export interface NewEnrolment {
  person_id: number;
  community_id: number;
  home_id: number | null;
  org_id: number | null;
  invitation_id: number | null;
  skills: string[];
  availability: string | null;
  available_days?: number[];
  available_periods?: string[];
  preferred_posts: string[];
  note: string | null;
}

export interface InvitationRow {
  id: number;
  token: string;
  community_id: number | null;
  community_name: string | null;
  community_path: string | null;
  org_id: number | null;
  org_name: string | null;
  org_path: string | null;
  note: string | null;
  expires_at: Date;
  max_uses: number | null;
  uses: number;
  revoked_at: Date | null;
  created_at: Date;
}

export interface EnrolmentFilter {
  status?: EnrolmentStatus;
  q?: string;
  limit: number | null;
  offset: number;
}

/**
 * All SQL on enrolments and invitations. Reads region and org (path, name) to place enrolments
 * and invitations in their trees and label them, and person (name, gender, phone) to label an
 * enrolment: the access model's documented cross-reads.
 */
export class EnrolmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): EnrolmentRepository {
    return new EnrolmentRepository(db);
  }

  private confirmedRefs() {
    return this.db
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .innerJoin('region as c', 'c.id', 'e.community_id')
      .select(['e.id', 'e.person_id as personId', 'p.name as personName', 'e.community_id as communityId', sql<string>`c.path::text`.as('communityPath'), 'e.skills'])
      .where('e.status', '=', 'confirmed');
  }

  /** The confirmed enrolments of these people (at most one each). */
  async confirmedOfPeople(personIds: readonly number[]): Promise<EnrolmentRef[]> {
    if (personIds.length === 0) return [];
    return this.confirmedRefs().where('e.person_id', 'in', [...personIds]).execute();
  }

  /** Confirmed enrolments among these ids; ids not confirmed (or unknown) are left out. */
  async confirmed(ids: readonly number[]): Promise<EnrolmentRef[]> {
    if (ids.length === 0) return [];
    return this.confirmedRefs().where('e.id', 'in', [...ids]).execute();
  }

  /** The confirmed enrolments of one community, by name. */
  async confirmedIn(communityId: number): Promise<EnrolmentRef[]> {
    return this.confirmedRefs().where('e.community_id', '=', communityId).orderBy('p.name').orderBy('e.id').execute();
  }

  /** Confirmed enrolments in communities under a path: the members allocation may deploy. */
  async poolUnder(path: string): Promise<PoolEnrolment[]> {
    return this.db
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .innerJoin('region as c', 'c.id', 'e.community_id')
      .select([
        'e.id',
        'e.person_id as personId',
        'p.name as personName',
        'p.phone',
        'e.community_id as communityId',
        'c.name as communityName',
        sql<string>`c.path::text`.as('communityPath'),
        'c.latitude',
        'c.longitude',
        'e.skills',
        'e.available_days as availableDays',
        'e.available_periods as availablePeriods',
      ])
      .where('e.status', '=', 'confirmed')
      .where(underPath(sql.ref('c.path'), path))
      .orderBy('e.id')
      .execute();
  }

  async setAvailability(id: number, days: number[], periods: string[]): Promise<void> {
    await this.db.updateTable('enrolment').set({ available_days: days, available_periods: periods, updated_at: sql`now()` }).where('id', '=', id).execute();
  }

  /** Marks members active now: what the "active in the last 7 days" rate counts. */
  async touch(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('enrolment').set({ last_active_at: sql`now()` }).where('id', 'in', [...ids]).execute();
  }

  // ---- Places and orgs, as the member's forms need them ----

  async place(id: number): Promise<PlaceRow | undefined> {
    return this.db.selectFrom('region').select(['id', 'name', 'level', sql<string>`path::text`.as('path')]).where('id', '=', id).executeTakeFirst();
  }

  /** The children of a region node: names only, in code order (divisions) or name order (local). */
  async children(parentId: number): Promise<Array<{ id: number; name: string; level: RegionLevel; hasChildren: boolean }>> {
    return this.db
      .selectFrom('region as r')
      .select((eb) => [
        'r.id',
        'r.name',
        'r.level',
        eb.exists(eb.selectFrom('region as c').select(sql`1`.as('one')).whereRef('c.parent_id', '=', 'r.id')).$castTo<boolean>().as('hasChildren'),
      ])
      .where('r.parent_id', '=', parentId)
      .orderBy('r.code')
      .orderBy(sql`length(r.name)`)
      .orderBy('r.name')
      .limit(1000)
      .execute();
  }

  /** Names of region nodes by id (for the labels of paths). */
  async regionNames(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('region').select(['id', 'name']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async org(id: number): Promise<OrgRow | undefined> {
    return this.db.selectFrom('org').select(['id', 'name', sql<string>`path::text`.as('path'), 'status']).where('id', '=', id).executeTakeFirst();
  }

  /** Active orgs by name, for a member naming their own org: names only. */
  async orgsNamed(q: string, limit = 20): Promise<Array<{ id: number; name: string }>> {
    return this.db
      .selectFrom('org')
      .select(['id', 'name'])
      .where('status', '=', 'active')
      .where('name', 'like', containsPattern(q))
      .orderBy(sql`length(name)`)
      .orderBy('name')
      .limit(limit)
      .execute();
  }

  // ---- Enrolments ----

  /** Inserts a pending enrolment, or nothing when the member already holds an active one. */
  async insert(values: NewEnrolment): Promise<number | undefined> {
    const row = await this.db
      .insertInto('enrolment')
      .values(values)
      // The partial unique index enrolment_one_active_key decides, under any concurrency.
      .onConflict((oc) => oc.column('person_id').where('status', 'in', ['pending', 'confirmed']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  private rows() {
    return this.db
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .innerJoin('region as c', 'c.id', 'e.community_id')
      .leftJoin('region as h', 'h.id', 'e.home_id')
      .leftJoin('org as o', 'o.id', 'e.org_id')
      .select([
        'e.id',
        'e.status',
        'e.person_id',
        'p.name',
        'p.gender',
        'p.phone',
        'e.community_id',
        'c.name as community_name',
        sql<string>`c.path::text`.as('community_path'),
        'e.home_id',
        sql<string | null>`h.path::text`.as('home_path'),
        'e.org_id',
        'o.name as org_name',
        sql<string | null>`o.path::text`.as('org_path'),
        'e.skills',
        'e.availability',
        'e.available_days',
        'e.available_periods',
        'e.preferred_posts',
        'e.note',
        'e.reject_reason',
        'e.created_at',
        'e.decided_at',
        'e.ended_at',
      ]);
  }

  async find(id: number): Promise<EnrolmentRow | undefined> {
    return this.rows().where('e.id', '=', id).executeTakeFirst();
  }

  async ofPerson(personId: number): Promise<EnrolmentRow[]> {
    return this.rows().where('e.person_id', '=', personId).orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').execute();
  }

  private async page(
    base: ReturnType<EnrolmentRepository['rows']>,
    filter: EnrolmentFilter,
  ): Promise<{ rows: EnrolmentRow[]; total: number }> {
    let q = base;
    if (filter.status) q = q.where('e.status', '=', filter.status);
    if (filter.q) q = q.where('p.name', 'like', containsPattern(filter.q));
    const { n } = await q.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    // Pending first: what the community still has to decide.
    let rows = q.orderBy(sql`e.status = 'pending'`, 'desc').orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').offset(filter.offset);
    if (filter.limit !== null) rows = rows.limit(filter.limit);
    return { rows: await rows.execute(), total: Number(n) };
  }

  /** Enrolments at communities in the scope (and under `under`, when given). */
  async atCommunities(scope: Scope, under: string | undefined, filter: EnrolmentFilter) {
    let base = this.rows().where(inScope(sql.ref('c.path'), scope));
    if (under) base = base.where(underPath(sql.ref('c.path'), under));
    return this.page(base, filter);
  }

  /** Enrolments naming orgs in the scope (and under `under`, when given) as the member's own. */
  async ofOrgs(scope: Scope, under: string | undefined, filter: EnrolmentFilter) {
    let base = this.rows().where('e.org_id', 'is not', null).where(inScope(sql.ref('o.path'), scope));
    if (under) base = base.where(underPath(sql.ref('o.path'), under));
    return this.page(base, filter);
  }

  /**
   * Moves an enrolment from one of `from` to `to`, only if it still stands there: the condition
   * is the check, so two admins deciding at once cannot both win. False when it did not.
   */
  async transition(
    id: number,
    from: readonly EnrolmentStatus[],
    to: EnrolmentStatus,
    extra: { decided_by?: number; reject_reason?: string; person_id?: number } = {},
  ): Promise<boolean> {
    const decided = to === 'confirmed' || to === 'rejected';
    const ended = to === 'ended' || to === 'withdrawn';
    let q = this.db
      .updateTable('enrolment')
      .set({
        status: to,
        updated_at: sql`now()`,
        ...(decided ? { decided_at: sql`now()`, decided_by: extra.decided_by ?? null } : {}),
        ...(to === 'rejected' ? { reject_reason: extra.reject_reason ?? null } : {}),
        ...(ended ? { ended_at: sql`now()` } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from]);
    if (extra.person_id !== undefined) q = q.where('person_id', '=', extra.person_id);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // ---- Invitations ----

  async insertInvitation(values: {
    token: string;
    community_id: number | null;
    org_id: number | null;
    note: string | null;
    expires_at: Date;
    max_uses: number | null;
    created_by: number;
  }): Promise<number> {
    const row = await this.db.insertInto('invitation').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  private invitations() {
    return this.db
      .selectFrom('invitation as i')
      .leftJoin('region as c', 'c.id', 'i.community_id')
      .leftJoin('org as o', 'o.id', 'i.org_id')
      .select([
        'i.id',
        'i.token',
        'i.community_id',
        'c.name as community_name',
        sql<string | null>`c.path::text`.as('community_path'),
        'i.org_id',
        'o.name as org_name',
        sql<string | null>`o.path::text`.as('org_path'),
        'i.note',
        'i.expires_at',
        'i.max_uses',
        'i.uses',
        'i.revoked_at',
        'i.created_at',
      ]);
  }

  async invitation(id: number): Promise<InvitationRow | undefined> {
    return this.invitations().where('i.id', '=', id).executeTakeFirst();
  }

  async invitationByToken(token: string): Promise<InvitationRow | undefined> {
    return this.invitations().where('i.token', '=', token).executeTakeFirst();
  }

  /** Invitations for a community in `regions` or an org in `orgs`, newest first. */
  async invitationsIn(regions: Scope, orgs: Scope, filter: { communityId?: number; orgId?: number }): Promise<InvitationRow[]> {
    let q = this.invitations().where((eb) => eb.or([inScope(sql.ref('c.path'), regions), inScope(sql.ref('o.path'), orgs)]));
    if (filter.communityId) q = q.where('i.community_id', '=', filter.communityId);
    if (filter.orgId) q = q.where('i.org_id', '=', filter.orgId);
    return q.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(500).execute();
  }

  /**
   * Takes one use of a live invitation, in one conditional update: never past max_uses, never
   * once expired or revoked, whatever runs at the same time. False when there was none to take.
   */
  async claim(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable('invitation')
      .set({ uses: sql`uses + 1` })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async revoke(id: number): Promise<boolean> {
    const result = await this.db.updateTable('invitation').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
