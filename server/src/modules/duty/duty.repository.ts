import { sql, type Kysely } from 'kysely';
import { CHINA_OFFSET, type Post, type RegionLevel, type RiskLevel, type SignupStatus } from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { inScope, underPath, type Scope } from '../../platform/access.js';
import { byChildAndTotal, childOf, isTotal, toRollUp, type RollUp } from '../../platform/rollup.js';
import { findRegion, type RegionRef } from '../../db/tree.js';
export type { RegionRef };

export interface RiskZoneRow {
  id: number;
  region_id: number;
  region_name: string;
  region_level: RegionLevel;
  region_path: string;
  level: RiskLevel;
  starts_at: Date;
  ends_at: Date | null;
  reason: string | null;
  current: boolean;
}

export interface RiskZoneFilter {
  underPath?: string;
  current?: boolean;
}

export interface RiskZoneLedgerRow extends RiskZoneRow {
  /** The node's name and its ancestors', top first. */
  region_path_names: string;
  lifted: boolean;
  upcoming: boolean;
  /** Names of the accounts' people who designated and lifted it (null: unknown, or not lifted). */
  designated_by_name: string | null;
  lifted_by_name: string | null;
}

export interface SiteRow {
  id: number;
  region_id: number;
  region_name: string;
  region_path: string;
  name: string;
  address: string | null;
  checkin_token: string;
  key_site: boolean;
  latitude: number | null;
  longitude: number | null;
}

export interface ShiftRow {
  id: number;
  need_id: number;
  post: Post;
  title: string | null;
  region_id: number;
  region_name: string;
  region_path: string;
  site_id: number;
  site_name: string;
  starts_at: Date;
  ends_at: Date;
  headcount: number;
  filled: number;
  waitlisted: number;
  required_skills: string[];
  status: 'open' | 'cancelled';
  need_status: 'open' | 'cancelled';
  leader_person_id: number | null;
}

/** A shift as allocation ranks and places it. */
export interface PlannableShiftRow extends ShiftRow {
  key_site: boolean;
  latitude: number | null;
  longitude: number | null;
  risk: RiskLevel | null;
}

export interface SignupRow {
  id: number;
  shift_id: number;
  person_id: number;
  person_name: string;
  phone: string | null;
  status: SignupStatus;
  source: 'self' | 'assigned';
  waitlist_position: number | null;
  late_cancel: boolean;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  no_show: boolean;
  hours: string | null;
  certified_at: Date | null;
}

/** The start of a local date (plus `days`) in China Standard Time, as an instant. */
export function chinaMidnight(date: string, days: number): Date {
  return new Date(Date.parse(`${date}T00:00:00${CHINA_OFFSET}`) + days * 86_400_000);
}

export interface NewShift {
  startsAt: string;
  endsAt: string;
}

/** The name of the person behind an account, as a label (allocation names a plan's author alike). */
const nameOfAccount = (userIdColumn: 'z.designated_by' | 'z.lifted_by') =>
  sql<string | null>`(SELECT p.name FROM app_user u JOIN person p ON p.id = u.person_id WHERE u.id = ${sql.ref(userIdColumn)})`;

/**
 * All SQL on duty: risk zones, sites, needs, shifts, sign-ups. Joins region (path, name) and
 * person (name, phone) to place and label rows, and an account's person for its name — the
 * access model's documented cross-read.
 */
export class DutyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): DutyRepository {
    return new DutyRepository(db);
  }

  async region(id: number): Promise<RegionRef | undefined> {
    return findRegion(this.db, id);
  }

  // ---- Risk zones ----

  private riskZones() {
    return this.db
      .selectFrom('risk_zone as z')
      .innerJoin('region as r', 'r.id', 'z.region_id')
      .select([
        'z.id',
        'z.region_id',
        'r.name as region_name',
        'r.level as region_level',
        sql<string>`r.path::text`.as('region_path'),
        'z.level',
        'z.starts_at',
        'z.ends_at',
        'z.reason',
        sql<boolean>`tstzrange(z.starts_at, z.ends_at) @> now()`.as('current'),
      ]);
  }

  async insertRiskZone(values: { regionId: number; level: RiskLevel; startsAt: string; endsAt: string | null; reason: string | null; by: number }): Promise<number> {
    const row = await this.db
      .insertInto('risk_zone')
      .values({ region_id: values.regionId, level: values.level, starts_at: values.startsAt, ends_at: values.endsAt, reason: values.reason, designated_by: values.by })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async riskZone(id: number): Promise<RiskZoneRow | undefined> {
    return this.riskZones().where('z.id', '=', id).executeTakeFirst() as Promise<RiskZoneRow | undefined>;
  }

  /** The list and the ledger filter and order alike, so the ledger holds what the screen shows. */
  private riskZonesMatching(scope: Scope, filter: RiskZoneFilter) {
    let q = this.riskZones().where(inScope(sql.ref('r.path'), scope));
    if (filter.underPath) q = q.where(underPath(sql.ref('r.path'), filter.underPath));
    if (filter.current === true) q = q.where(sql<boolean>`tstzrange(z.starts_at, z.ends_at) @> now()`);
    if (filter.current === false) q = q.where(sql<boolean>`NOT tstzrange(z.starts_at, z.ends_at) @> now()`);
    return q.orderBy('z.starts_at', 'desc').orderBy('z.id', 'desc');
  }

  async riskZonesIn(scope: Scope, filter: RiskZoneFilter): Promise<RiskZoneRow[]> {
    return this.riskZonesMatching(scope, filter).limit(500).execute() as Promise<RiskZoneRow[]>;
  }

  /**
   * Every matching designation, without the screen's cap: a ledger is the whole record. Lifted and
   * upcoming are told apart here, on the database's clock like `current`, so the three agree.
   */
  async riskZoneLedger(scope: Scope, filter: RiskZoneFilter): Promise<RiskZoneLedgerRow[]> {
    return this.riskZonesMatching(scope, filter)
      .select([
        sql<string>`(SELECT string_agg(a.name, ' / ' ORDER BY nlevel(a.path)) FROM region a WHERE a.path @> r.path)`.as('region_path_names'),
        sql<boolean>`z.lifted_by IS NOT NULL`.as('lifted'),
        sql<boolean>`z.starts_at > now()`.as('upcoming'),
        nameOfAccount('z.designated_by').as('designated_by_name'),
        nameOfAccount('z.lifted_by').as('lifted_by_name'),
      ])
      .execute() as Promise<RiskZoneLedgerRow[]>;
  }

  /** Ends a designation now; only one that has not ended yet. */
  async liftRiskZone(id: number, by: number): Promise<boolean> {
    const res = await this.db
      .updateTable('risk_zone')
      .set({ ends_at: sql`greatest(now(), starts_at + interval '1 second')`, lifted_by: by })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  // ---- Sites ----

  private sites() {
    return this.db
      .selectFrom('duty_site as s')
      .innerJoin('region as r', 'r.id', 's.region_id')
      .select(['s.id', 's.region_id', 'r.name as region_name', sql<string>`r.path::text`.as('region_path'), 's.name', 's.address', 's.checkin_token', 's.key_site', 's.latitude', 's.longitude']);
  }

  async insertSite(values: {
    regionId: number;
    name: string;
    address: string | null;
    token: string;
    keySite: boolean;
    latitude: number | null;
    longitude: number | null;
    by: number;
  }): Promise<number> {
    const row = await this.db
      .insertInto('duty_site')
      .values({
        region_id: values.regionId,
        name: values.name,
        address: values.address,
        checkin_token: values.token,
        key_site: values.keySite,
        latitude: values.latitude,
        longitude: values.longitude,
        created_by: values.by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateSite(id: number, patch: { key_site?: boolean; latitude?: number | null; longitude?: number | null }): Promise<void> {
    await this.db.updateTable('duty_site').set(patch).where('id', '=', id).execute();
  }

  async site(id: number): Promise<SiteRow | undefined> {
    return this.sites().where('s.id', '=', id).executeTakeFirst();
  }

  async siteByToken(token: string): Promise<SiteRow | undefined> {
    return this.sites().where('s.checkin_token', '=', token).executeTakeFirst();
  }

  async sitesUnder(path: string): Promise<SiteRow[]> {
    return this.sites().where(underPath(sql.ref('r.path'), path)).orderBy('s.name').limit(500).execute();
  }

  // ---- Needs and shifts ----

  async insertNeed(values: {
    regionId: number;
    siteId: number;
    post: Post;
    title: string | null;
    headcount: number;
    requiredSkills: string[];
    notes: string | null;
    by: number;
  }): Promise<number> {
    const row = await this.db
      .insertInto('need')
      .values({
        region_id: values.regionId,
        site_id: values.siteId,
        post: values.post,
        title: values.title,
        headcount: values.headcount,
        required_skills: values.requiredSkills,
        notes: values.notes,
        created_by: values.by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertShifts(needId: number, headcount: number, shifts: readonly NewShift[]): Promise<void> {
    await this.db
      .insertInto('shift')
      .values(shifts.map((s) => ({ need_id: needId, starts_at: s.startsAt, ends_at: s.endsAt, headcount })))
      .execute();
  }

  private shifts() {
    return this.db
      .selectFrom('shift as sh')
      .innerJoin('need as n', 'n.id', 'sh.need_id')
      .innerJoin('region as r', 'r.id', 'n.region_id')
      .innerJoin('duty_site as st', 'st.id', 'n.site_id')
      .select([
        'sh.id',
        'sh.need_id',
        'n.post',
        'n.title',
        'n.region_id',
        'r.name as region_name',
        sql<string>`r.path::text`.as('region_path'),
        'n.site_id',
        'st.name as site_name',
        'sh.starts_at',
        'sh.ends_at',
        'sh.headcount',
        'sh.filled',
        sql<number>`(SELECT count(*)::int FROM signup w WHERE w.shift_id = sh.id AND w.status = 'waitlisted')`.as('waitlisted'),
        'n.required_skills',
        'sh.status',
        'n.status as need_status',
        'sh.leader_person_id',
      ]);
  }

  async shift(id: number): Promise<ShiftRow | undefined> {
    return this.shifts().where('sh.id', '=', id).executeTakeFirst() as Promise<ShiftRow | undefined>;
  }

  /** Shifts by id, in one query, keyed by id. */
  async shiftsByIds(ids: readonly number[]): Promise<Map<number, ShiftRow>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.shifts().where('sh.id', 'in', [...new Set(ids)]).execute()) as ShiftRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Locks the shift row: every change to its sign-ups holds it, so they queue per shift. */
  async lockShift(id: number): Promise<ShiftRow | undefined> {
    return (await this.lockShifts([id])).get(id);
  }

  /** Locks many shift rows in id order (so that concurrent lockers queue rather than deadlock) and reads them. */
  async lockShifts(ids: readonly number[]): Promise<Map<number, ShiftRow>> {
    if (ids.length === 0) return new Map();
    await sql`SELECT id FROM shift WHERE id = ANY(${sql.val([...ids])}::bigint[]) ORDER BY id FOR UPDATE`.execute(this.db);
    return this.shiftsByIds(ids);
  }

  /** Of these (shift, person) pairs, those where the person has a current sign-up on the shift. */
  async pairsSignedUp(pairs: ReadonlyArray<{ shiftId: number; personId: number }>): Promise<Array<{ shift_id: number; person_id: number }>> {
    if (pairs.length === 0) return [];
    const { rows } = await sql<{ shift_id: number; person_id: number }>`
      SELECT DISTINCT su.shift_id, su.person_id
      FROM unnest(${sql.val(pairs.map((p) => p.shiftId))}::bigint[], ${sql.val(pairs.map((p) => p.personId))}::bigint[]) AS p(shift_id, person_id)
      JOIN signup su ON su.shift_id = p.shift_id AND su.person_id = p.person_id AND su.status IN ('active', 'waitlisted')`.execute(this.db);
    return rows;
  }

  /** Of these (shift, person) pairs, those where the person holds an active sign-up overlapping the shift. */
  async pairsOverlapping(pairs: ReadonlyArray<{ shiftId: number; personId: number }>): Promise<Array<{ shift_id: number; person_id: number }>> {
    if (pairs.length === 0) return [];
    const { rows } = await sql<{ shift_id: number; person_id: number }>`
      SELECT DISTINCT p.shift_id, p.person_id
      FROM unnest(${sql.val(pairs.map((p) => p.shiftId))}::bigint[], ${sql.val(pairs.map((p) => p.personId))}::bigint[]) AS p(shift_id, person_id)
      JOIN shift sh ON sh.id = p.shift_id
      JOIN signup su ON su.person_id = p.person_id AND su.status = 'active' AND su.period && tstzrange(sh.starts_at, sh.ends_at)`.execute(this.db);
    return rows;
  }

  /** Takes k places on each shift, all or none per shift; returns how many shifts had room. */
  async takePlaces(counts: ReadonlyMap<number, number>): Promise<number> {
    if (counts.size === 0) return 0;
    const { rows } = await sql<{ id: number }>`
      UPDATE shift SET filled = filled + v.k, updated_at = now()
      FROM unnest(${sql.val([...counts.keys()])}::bigint[], ${sql.val([...counts.values()])}::int[]) AS v(id, k)
      WHERE shift.id = v.id AND shift.filled + v.k <= shift.headcount
      RETURNING shift.id`.execute(this.db);
    return rows.length;
  }

  /** Active assignments, one statement for all; the exclusion constraint still refuses overlaps. */
  async insertAssignments(rows: ReadonlyArray<{ shiftId: number; personId: number; enrolmentId: number | null }>, by: number): Promise<Array<{ id: number; shift_id: number; person_id: number }>> {
    if (rows.length === 0) return [];
    const { rows: inserted } = await sql<{ id: number; shift_id: number; person_id: number }>`
      INSERT INTO signup (shift_id, person_id, enrolment_id, period, status, source, team_id, assigned_by)
      SELECT sh.id, v.person_id, v.enrolment_id, tstzrange(sh.starts_at, sh.ends_at), 'active', 'assigned', NULL, ${by}
      FROM unnest(${sql.val(rows.map((r) => r.shiftId))}::bigint[], ${sql.val(rows.map((r) => r.personId))}::bigint[], ${sql.val(rows.map((r) => r.enrolmentId))}::bigint[])
        AS v(shift_id, person_id, enrolment_id)
      JOIN shift sh ON sh.id = v.shift_id
      RETURNING id, shift_id, person_id`.execute(this.db);
    return inserted;
  }

  async shiftsOfNeeds(needIds: readonly number[]): Promise<ShiftRow[]> {
    if (needIds.length === 0) return [];
    return this.shifts().where('sh.need_id', 'in', [...needIds]).orderBy('sh.starts_at').orderBy('sh.id').execute() as Promise<ShiftRow[]>;
  }

  async needsUnder(path: string, from: string | undefined, to: string | undefined, limit: number, offset: number) {
    let q = this.db
      .selectFrom('need as n')
      .innerJoin('region as r', 'r.id', 'n.region_id')
      .innerJoin('duty_site as st', 'st.id', 'n.site_id')
      .where(underPath(sql.ref('r.path'), path));
    // A need is in the window when one of its shifts is.
    if (from || to) {
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('shift as sh')
            .select('sh.id')
            .whereRef('sh.need_id', '=', 'n.id')
            .$if(!!from, (w) => w.where('sh.ends_at', '>', chinaMidnight(from!, 0)))
            .$if(!!to, (w) => w.where('sh.starts_at', '<', chinaMidnight(to!, 1))),
        ),
      );
    }
    const [rows, total] = await Promise.all([
      q
        .select(['n.id', 'n.region_id', 'r.name as region_name', 'n.site_id', 'st.name as site_name', 'n.post', 'n.title', 'n.headcount', 'n.required_skills', 'n.notes', 'n.status'])
        .orderBy('n.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /**
   * Open shifts from now on at needs under `districtPath`, each with how near it is to the
   * member's community: 0 the community itself, 1 its street, 2 the district.
   */
  async openShiftsNear(communityPath: string, streetPath: string, districtPath: string, limit: number): Promise<Array<ShiftRow & { tier: number }>> {
    return this.shifts()
      .select(
        sql<number>`CASE WHEN ${underPath(sql.ref('r.path'), communityPath)} THEN 0 WHEN ${underPath(sql.ref('r.path'), streetPath)} THEN 1 ELSE 2 END`.as('tier'),
      )
      .where(underPath(sql.ref('r.path'), districtPath))
      .where('sh.status', '=', 'open')
      .where('n.status', '=', 'open')
      .where('sh.starts_at', '>', sql<Date>`now()`)
      .orderBy('tier')
      .orderBy('sh.starts_at')
      .orderBy('sh.id')
      .limit(limit)
      .execute() as Promise<Array<ShiftRow & { tier: number }>>;
  }

  // ---- Sign-ups ----

  private signups() {
    return this.db
      .selectFrom('signup as su')
      .innerJoin('person as p', 'p.id', 'su.person_id')
      .select([
        'su.id',
        'su.shift_id',
        'su.person_id',
        'p.name as person_name',
        'p.phone',
        'su.status',
        'su.source',
        sql<number | null>`CASE WHEN su.status = 'waitlisted' THEN (SELECT count(*)::int FROM signup w WHERE w.shift_id = su.shift_id AND w.status = 'waitlisted' AND w.id <= su.id) END`.as('waitlist_position'),
        'su.late_cancel',
        'su.checked_in_at',
        'su.checked_out_at',
        'su.no_show',
        'su.hours',
        'su.certified_at',
      ]);
  }

  async signup(id: number): Promise<SignupRow | undefined> {
    return this.signups().where('su.id', '=', id).executeTakeFirst();
  }

  async signupsByIds(ids: readonly number[]): Promise<SignupRow[]> {
    if (ids.length === 0) return [];
    return this.signups().where('su.id', 'in', [...ids]).execute();
  }

  async signupsOfShifts(shiftIds: readonly number[]): Promise<SignupRow[]> {
    if (shiftIds.length === 0) return [];
    return this.signups().where('su.shift_id', 'in', [...shiftIds]).orderBy('su.id').execute();
  }

  async signupsOfPerson(personId: number, since: Date | null): Promise<SignupRow[]> {
    return this.signups()
      .innerJoin('shift as sh', 'sh.id', 'su.shift_id')
      .where('su.person_id', '=', personId)
      .$if(since !== null, (q) => q.where('sh.ends_at', '>', since!))
      .orderBy('sh.starts_at')
      .orderBy('su.id')
      .limit(500)
      .execute();
  }

  /** The person's current (active or waitlisted) sign-up on a shift. */
  async currentSignup(shiftId: number, personId: number): Promise<{ id: number; status: SignupStatus } | undefined> {
    return this.db
      .selectFrom('signup')
      .select(['id', 'status'])
      .where('shift_id', '=', shiftId)
      .where('person_id', '=', personId)
      .where('status', 'in', ['active', 'waitlisted'])
      .executeTakeFirst();
  }

  /** Takes a place if one is free: the conditional update is what keeps filled ≤ headcount. */
  async takePlace(shiftId: number): Promise<boolean> {
    return (await this.takePlaces(new Map([[shiftId, 1]]))) === 1;
  }

  async releasePlace(shiftId: number): Promise<void> {
    await this.db.updateTable('shift').set({ filled: sql`filled - 1`, updated_at: sql`now()` }).where('id', '=', shiftId).execute();
  }

  async insertSignup(values: {
    shiftId: number;
    personId: number;
    enrolmentId: number | null;
    status: 'active' | 'waitlisted';
    source: 'self' | 'assigned';
    teamId?: number | null;
    by?: number | null;
  }): Promise<number> {
    const row = await this.db
      .insertInto('signup')
      .columns(['shift_id', 'person_id', 'enrolment_id', 'period', 'status', 'source', 'team_id', 'assigned_by'])
      .expression(
        this.db
          .selectFrom('shift')
          .select([
            'id',
            sql.val(values.personId).as('person_id'),
            sql.val(values.enrolmentId).as('enrolment_id'),
            sql`tstzrange(starts_at, ends_at)`.as('period'),
            sql`${values.status}::signup_status`.as('status'),
            sql`${values.source}::signup_source`.as('source'),
            sql.val(values.teamId ?? null).as('team_id'),
            sql.val(values.by ?? null).as('assigned_by'),
          ])
          .where('id', '=', values.shiftId),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Ends a current sign-up; returns its status before, or undefined when it was not current. */
  async endSignup(id: number, status: 'cancelled' | 'removed', lateCancel: boolean): Promise<SignupStatus | undefined> {
    const before = await this.db
      .selectFrom('signup')
      .select('status')
      .where('id', '=', id)
      .where('status', 'in', ['active', 'waitlisted'])
      .forUpdate()
      .executeTakeFirst();
    if (!before) return undefined;
    await this.db
      .updateTable('signup')
      .set({ status, ended_at: sql`now()`, late_cancel: lateCancel })
      .where('id', '=', id)
      .execute();
    return before.status;
  }

  /**
   * Promotes the first in line whose other active shifts do not overlap this one; returns the
   * promoted sign-up's person, or undefined when nobody can move up.
   */
  async promoteFirst(shiftId: number): Promise<{ id: number; person_id: number } | undefined> {
    return this.db
      .updateTable('signup')
      .set({ status: 'active', promoted_at: sql`now()` })
      .where(
        'id',
        '=',
        sql<number>`(
          SELECT w.id FROM signup w
          WHERE w.shift_id = ${shiftId} AND w.status = 'waitlisted'
            AND NOT EXISTS (SELECT 1 FROM signup o WHERE o.person_id = w.person_id AND o.status = 'active' AND o.period && w.period)
          ORDER BY w.id LIMIT 1 FOR UPDATE
        )`,
      )
      .returning(['id', 'person_id'])
      .executeTakeFirst();
  }

  async setCheckin(id: number, action: 'in' | 'out', by: number | null): Promise<boolean> {
    const q =
      action === 'in'
        ? this.db.updateTable('signup').set({ checked_in_at: sql`now()`, no_show: false, presence_by: by }).where('checked_in_at', 'is', null)
        : this.db
            .updateTable('signup')
            .set({
              checked_out_at: sql`now()`,
              presence_by: by,
              // Hours are time present within the shift window, to the quarter hour below.
              hours: sql`(SELECT floor(greatest(0, extract(epoch FROM (least(now(), upper(period)) - greatest(checked_in_at, lower(period))))) / 900) * 0.25)`,
            })
            .where('checked_in_at', 'is not', null)
            .where('checked_out_at', 'is', null);
    const res = await q.where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** The member's active sign-up at a site whose window (from `earlyMinutes` before) holds now. */
  async signupAtSiteNow(siteId: number, personId: number, earlyMinutes: number): Promise<{ id: number; checked_in_at: Date | null; checked_out_at: Date | null } | undefined> {
    return this.db
      .selectFrom('signup as su')
      .innerJoin('shift as sh', 'sh.id', 'su.shift_id')
      .innerJoin('need as n', 'n.id', 'sh.need_id')
      .select(['su.id', 'su.checked_in_at', 'su.checked_out_at'])
      .where('n.site_id', '=', siteId)
      .where('su.person_id', '=', personId)
      .where('su.status', '=', 'active')
      .where('sh.starts_at', '<=', sql<Date>`now() + make_interval(mins => ${earlyMinutes})`)
      .where('sh.ends_at', '>', sql<Date>`now() - interval '2 hours'`)
      .orderBy('sh.starts_at')
      .executeTakeFirst();
  }

  /** Certifies hours of sign-ups checked out (or given hours); returns the ids certified. */
  async certify(ids: readonly number[], hours: number | undefined, by: number): Promise<number[]> {
    const rows = await this.db
      .updateTable('signup')
      .set({ certified_at: sql`now()`, certified_by: by, ...(hours !== undefined ? { hours } : {}) })
      .where('id', 'in', [...ids])
      .where('status', '=', 'active')
      .where('certified_at', 'is', null)
      .$if(hours === undefined, (q) => q.where('hours', 'is not', null))
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Marks as no-show every active sign-up with no check-in once its shift began `graceMinutes` ago. */
  async markNoShows(graceMinutes: number): Promise<number> {
    const res = await this.db
      .updateTable('signup')
      .set({ no_show: true })
      .where('status', '=', 'active')
      .where('no_show', '=', false)
      .where('checked_in_at', 'is', null)
      .where(sql<boolean>`lower(period) + make_interval(mins => ${graceMinutes}) < now()`)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  // ---- Changing a shift ----

  async updateShift(id: number, patch: { headcount?: number; startsAt?: string; endsAt?: string; leaderPersonId?: number | null; status?: 'cancelled' }): Promise<void> {
    await this.db
      .updateTable('shift')
      .set({
        ...(patch.headcount !== undefined ? { headcount: patch.headcount } : {}),
        ...(patch.startsAt !== undefined ? { starts_at: patch.startsAt, ends_at: patch.endsAt! } : {}),
        ...(patch.leaderPersonId !== undefined ? { leader_person_id: patch.leaderPersonId } : {}),
        ...(patch.status ? { status: patch.status, filled: 0 } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Moves the current sign-ups with their shift's new window (the exclusion constraint rechecks them). */
  async realignSignups(shiftId: number): Promise<void> {
    await this.db
      .updateTable('signup')
      .set({ period: sql`(SELECT tstzrange(starts_at, ends_at) FROM shift WHERE id = ${shiftId})` })
      .where('shift_id', '=', shiftId)
      .where('status', 'in', ['active', 'waitlisted'])
      .execute();
  }

  /** Ends every current sign-up of a cancelled shift; returns who held one. */
  async endAllSignups(shiftId: number): Promise<number[]> {
    const rows = await this.db
      .updateTable('signup')
      .set({ status: 'removed', ended_at: sql`now()` })
      .where('shift_id', '=', shiftId)
      .where('status', 'in', ['active', 'waitlisted'])
      .returning('person_id')
      .execute();
    return rows.map((r) => r.person_id);
  }

  async currentPeople(shiftId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('signup').select('person_id').where('shift_id', '=', shiftId).where('status', 'in', ['active', 'waitlisted']).execute();
    return rows.map((r) => r.person_id);
  }

  /** Fills newly opened places from the waitlist, in order; returns who moved up. */
  async promoteIntoFreePlaces(shiftId: number): Promise<number[]> {
    const promoted: number[] = [];
    for (;;) {
      const free = await this.db.selectFrom('shift').select(['filled', 'headcount']).where('id', '=', shiftId).executeTakeFirstOrThrow();
      if (free.filled >= free.headcount) break;
      const next = await this.promoteFirst(shiftId);
      if (!next) break;
      await this.takePlace(shiftId);
      promoted.push(next.person_id);
    }
    return promoted;
  }

  /** Claims the active sign-ups whose shift starts within `minutes` and were not yet reminded. */
  async claimReminders(minutes: number): Promise<Array<{ person_id: number; shift_id: number }>> {
    return this.db
      .updateTable('signup as su')
      .set({ reminded_at: sql`now()` })
      .from('shift as sh')
      .whereRef('sh.id', '=', 'su.shift_id')
      .where('su.status', '=', 'active')
      .where('su.reminded_at', 'is', null)
      .where('sh.status', '=', 'open')
      .where('sh.starts_at', '>', sql<Date>`now()`)
      .where('sh.starts_at', '<=', sql<Date>`now() + make_interval(mins => ${minutes})`)
      .returning(['su.person_id', 'su.shift_id'])
      .execute();
  }

  // ---- Views ----

  /** Shifts of open needs under a node whose window meets [from, to). */
  async shiftsUnder(path: string, from: Date, to: Date): Promise<ShiftRow[]> {
    return this.shifts()
      .where(underPath(sql.ref('r.path'), path))
      .where('sh.ends_at', '>', from)
      .where('sh.starts_at', '<', to)
      .orderBy('sh.starts_at')
      .orderBy('n.post')
      .orderBy('sh.id')
      .limit(5000)
      .execute() as Promise<ShiftRow[]>;
  }

  async childrenOf(id: number): Promise<Array<RegionRef & { has_children: boolean }>> {
    return this.db
      .selectFrom('region as r')
      .select(['r.id', 'r.name', 'r.level', sql<string>`r.path::text`.as('path'), sql<boolean>`EXISTS (SELECT 1 FROM region c WHERE c.parent_id = r.id)`.as('has_children')])
      .where('r.parent_id', '=', id)
      .orderBy('r.code')
      .orderBy('r.name')
      .limit(1000)
      .execute();
  }

  /** Headcount needed and filled by open shifts in [from, to), under each child of the node. */
  async gaps(path: string, from: Date, to: Date): Promise<RollUp<'shifts' | 'needed' | 'filled'>> {
    const rows = await sql<{ child: string | null; total: boolean; shifts: number; needed: number; filled: number }>`
      SELECT child, ${isTotal} AS total, count(*)::int AS shifts, coalesce(sum(headcount), 0)::int AS needed, coalesce(sum(filled), 0)::int AS filled
      FROM (
        SELECT ${childOf(sql`r.path`, path)} AS child, sh.headcount, sh.filled
        FROM shift sh JOIN need n ON n.id = sh.need_id JOIN region r ON r.id = n.region_id
        WHERE ${underPath(sql.ref('r.path'), path)} AND sh.status = 'open' AND n.status = 'open'
          AND sh.ends_at > ${from} AND sh.starts_at < ${to}
      ) s
      GROUP BY ${byChildAndTotal}`.execute(this.db);
    return toRollUp(['shifts', 'needed', 'filled'], rows.rows);
  }

  /** The strongest designation in force at or under each of these nodes. */
  async strongestRiskUnder(paths: readonly string[]): Promise<Map<string, RiskLevel>> {
    if (paths.length === 0) return new Map();
    const rows = await sql<{ path: string; level: RiskLevel | null }>`
      SELECT p.path, (
        SELECT min(z.level) FROM risk_zone z JOIN region r ON r.id = z.region_id
        WHERE tstzrange(z.starts_at, z.ends_at) @> now() AND r.path >= p.path::ltree AND r.path < (p.path || '0')::ltree
      ) AS level
      FROM unnest(${sql.val([...paths])}::text[]) AS p(path)`.execute(this.db);
    return new Map(rows.rows.filter((r) => r.level !== null).map((r) => [r.path, r.level!]));
  }

  /**
   * Open shifts starting in [from, to) under a path, with what allocation ranks and places them
   * by: the site's flag and coordinates (else the place's), and the strongest risk designation
   * overlapping the shift's window on its place, above it or below it (enum order: sealed first).
   */
  async plannableShifts(path: string, from: Date, to: Date): Promise<PlannableShiftRow[]> {
    return this.shifts()
      .select([
        'st.key_site',
        sql<number | null>`coalesce(st.latitude, r.latitude)`.as('latitude'),
        sql<number | null>`coalesce(st.longitude, r.longitude)`.as('longitude'),
        sql<RiskLevel | null>`(
          SELECT min(z.level) FROM risk_zone z JOIN region zr ON zr.id = z.region_id
          WHERE tstzrange(z.starts_at, z.ends_at) && tstzrange(sh.starts_at, sh.ends_at)
            AND (zr.path @> r.path OR zr.path <@ r.path)
        )`.as('risk'),
      ])
      .where(underPath(sql.ref('r.path'), path))
      .where('sh.status', '=', 'open')
      .where('n.status', '=', 'open')
      .where('sh.starts_at', '>=', sql<Date>`greatest(${from}::timestamptz, now())`)
      .where('sh.starts_at', '<', to)
      .orderBy('sh.starts_at')
      .orderBy('sh.id')
      .execute() as Promise<PlannableShiftRow[]>;
  }

  /** Active sign-ups of these people whose windows overlap [from, to): what they already hold. */
  async heldShifts(personIds: readonly number[], from: Date, to: Date): Promise<Array<{ person_id: number; shift_id: number; starts_at: Date; ends_at: Date }>> {
    if (personIds.length === 0) return [];
    return this.db
      .selectFrom('signup as su')
      .innerJoin('shift as sh', 'sh.id', 'su.shift_id')
      .select(['su.person_id', 'su.shift_id', 'sh.starts_at', 'sh.ends_at'])
      .where('su.status', '=', 'active')
      .where(sql<boolean>`su.person_id = ANY(${sql.val([...personIds])}::bigint[])`)
      .where(sql<boolean>`su.period && tstzrange(${from}::timestamptz, ${to}::timestamptz)`)
      .execute();
  }

  /** A person's sign-ups (all statuses) with their shifts, newest first; `under` limits them to needs there. */
  async ledgerOf(personId: number, under: Scope | null) {
    return this.db
      .selectFrom('signup as su')
      .innerJoin('shift as sh', 'sh.id', 'su.shift_id')
      .innerJoin('need as n', 'n.id', 'sh.need_id')
      .innerJoin('region as r', 'r.id', 'n.region_id')
      .innerJoin('duty_site as st', 'st.id', 'n.site_id')
      .select([
        'su.id as signup_id',
        'sh.id as shift_id',
        'n.post',
        'n.title',
        'r.name as region_name',
        'st.name as site_name',
        'sh.starts_at',
        'sh.ends_at',
        'su.status',
        'su.late_cancel',
        'su.no_show',
        'su.hours',
        'su.certified_at',
      ])
      .where('su.person_id', '=', personId)
      .$if(under !== null, (q) => q.where(inScope(sql.ref('r.path'), under!)))
      .orderBy('sh.starts_at', 'desc')
      .limit(1000)
      .execute();
  }

  async personName(id: number): Promise<string | undefined> {
    return (await this.db.selectFrom('person').select('name').where('id', '=', id).executeTakeFirst())?.name;
  }
}
