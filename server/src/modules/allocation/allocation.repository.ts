import { sql, type Kysely, type Selectable } from 'kysely';
import type { PriorityWeights } from '@meshwork/contracts';
import type { AllocationPlanItemTable, AllocationPlanShiftTable, AllocationPlanStatus, DB } from '../../db/schema.js';
import { inScope, type Scope } from '../../platform/access.js';

export interface PlanRow {
  id: number;
  region_id: number;
  region_name: string;
  region_path: string;
  from_date: string;
  to_date: string;
  weights: PriorityWeights;
  shift_limit: number;
  exclude_people: number[];
  exclude_shifts: number[];
  based_on: number | null;
  summary: unknown;
  status: AllocationPlanStatus;
  expires_at: Date;
  created_at: Date;
  created_by_name: string | null;
  decided_at: Date | null;
}

export type PlanShiftRow = Omit<Selectable<AllocationPlanShiftTable>, 'plan_id'>;
export type PlanItemRow = Omit<Selectable<AllocationPlanItemTable>, 'plan_id'>;

export interface NewPlan {
  regionId: number;
  from: string;
  to: string;
  weights: PriorityWeights;
  shiftLimit: number;
  excludePeople: number[];
  excludeShifts: number[];
  basedOn: number | null;
  summary: unknown;
  ttlMinutes: number;
  by: number;
}

/** Rows per statement: well under PostgreSQL's 65,535 bind parameters for the widest table. */
const CHUNK = 2000;

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/**
 * All SQL on allocation plans. Joins region for the plan's place (its path is the scope the plan
 * is read by) and app_user → person for the name of who proposed it.
 */
export class AllocationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): AllocationRepository {
    return new AllocationRepository(db);
  }

  private plans() {
    return this.db
      .selectFrom('allocation_plan as ap')
      .innerJoin('region as r', 'r.id', 'ap.region_id')
      .leftJoin('app_user as u', 'u.id', 'ap.created_by')
      .leftJoin('person as up', 'up.id', 'u.person_id')
      .select([
        'ap.id',
        'ap.region_id',
        'r.name as region_name',
        sql<string>`r.path::text`.as('region_path'),
        sql<string>`ap.from_date::text`.as('from_date'),
        sql<string>`ap.to_date::text`.as('to_date'),
        sql<PriorityWeights>`ap.weights`.as('weights'),
        'ap.shift_limit',
        'ap.exclude_people',
        'ap.exclude_shifts',
        'ap.based_on',
        'ap.summary',
        'ap.status',
        'ap.expires_at',
        'ap.created_at',
        'up.name as created_by_name',
        'ap.decided_at',
      ]);
  }

  async find(id: number): Promise<PlanRow | undefined> {
    return this.plans().where('ap.id', '=', id).executeTakeFirst();
  }

  async list(scope: Scope, regionId: number, limit: number, offset: number): Promise<{ rows: PlanRow[]; total: number }> {
    const base = this.plans().where('ap.region_id', '=', regionId).where(inScope(sql.ref('r.path'), scope));
    const { total } = await base
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await base.orderBy('ap.id', 'desc').limit(limit).offset(offset).execute();
    return { rows, total: Number(total) };
  }

  /** The weights and limit of the node's latest plan, if any: where the next one starts from. */
  async latestSettings(regionId: number): Promise<{ weights: PriorityWeights; shift_limit: number } | undefined> {
    return this.db
      .selectFrom('allocation_plan')
      .select([sql<PriorityWeights>`weights`.as('weights'), 'shift_limit'])
      .where('region_id', '=', regionId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insert(p: NewPlan): Promise<number> {
    const row = await this.db
      .insertInto('allocation_plan')
      .values({
        region_id: p.regionId,
        from_date: p.from,
        to_date: p.to,
        weights: JSON.stringify(p.weights),
        shift_limit: p.shiftLimit,
        exclude_people: p.excludePeople,
        exclude_shifts: p.excludeShifts,
        based_on: p.basedOn,
        summary: JSON.stringify(p.summary),
        expires_at: sql<Date>`now() + make_interval(mins => ${p.ttlMinutes})`,
        created_by: p.by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async insertShifts(planId: number, rows: readonly PlanShiftRow[]): Promise<void> {
    await inChunks(rows, (chunk) => this.db.insertInto('allocation_plan_shift').values(chunk.map((r) => ({ plan_id: planId, ...r }))).execute());
  }

  async insertItems(planId: number, rows: ReadonlyArray<Omit<PlanItemRow, 'outcome' | 'outcome_code' | 'outcome_note'>>): Promise<void> {
    await inChunks(rows, (chunk) => this.db.insertInto('allocation_plan_item').values(chunk.map((r) => ({ plan_id: planId, ...r }))).execute());
  }

  async shiftsOf(planId: number): Promise<PlanShiftRow[]> {
    return this.db
      .selectFrom('allocation_plan_shift')
      .select(['shift_id', 'community_id', 'community_name', 'label', 'starts_at', 'ends_at', 'gap', 'planned', 'weight', 'priority_reasons', 'uncovered_reason'])
      .where('plan_id', '=', planId)
      .orderBy('community_name')
      .orderBy('starts_at')
      .orderBy('shift_id')
      .execute();
  }

  async itemsOf(planId: number): Promise<PlanItemRow[]> {
    return this.db
      .selectFrom('allocation_plan_item')
      .select(['shift_id', 'person_id', 'person_name', 'source', 'origin', 'tier', 'travel', 'distance_m', 'outcome', 'outcome_code', 'outcome_note'])
      .where('plan_id', '=', planId)
      .orderBy('shift_id')
      .orderBy('travel')
      .orderBy('person_id')
      .execute();
  }

  /**
   * Moves a proposed, unexpired plan to `status`. The condition decides races: of two publishes,
   * or a publish and a re-run, exactly one finds the plan still proposed.
   */
  async decide(id: number, status: 'published' | 'discarded' | 'superseded', by: number): Promise<boolean> {
    const decided = status === 'superseded' ? {} : { decided_by: by, decided_at: sql<Date>`now()` };
    const res = await this.db
      .updateTable('allocation_plan')
      .set({ status, ...decided })
      .where('id', '=', id)
      .where('status', '=', 'proposed')
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async recordOutcomes(planId: number, outcomes: ReadonlyArray<{ shiftId: number; personId: number; signupId: number | null; code: string | null; note: string | null }>): Promise<void> {
    await inChunks(outcomes, (chunk) =>
      sql`
        UPDATE allocation_plan_item i
        SET outcome = o.outcome::allocation_item_outcome, outcome_code = o.code, outcome_note = o.note
        FROM unnest(${sql.val(chunk.map((o) => o.shiftId))}::bigint[], ${sql.val(chunk.map((o) => o.personId))}::bigint[],
                    ${sql.val(chunk.map((o) => (o.signupId === null ? 'skipped' : 'assigned')))}::text[],
                    ${sql.val(chunk.map((o) => o.code))}::text[], ${sql.val(chunk.map((o) => o.note))}::text[])
          AS o(shift_id, person_id, outcome, code, note)
        WHERE i.plan_id = ${planId} AND i.shift_id = o.shift_id AND i.person_id = o.person_id`.execute(this.db),
    );
  }

  /** Proposed plans past their time: what the clock marks expired (publishing checks the time itself). */
  async expire(): Promise<number> {
    const res = await this.db
      .updateTable('allocation_plan')
      .set({ status: 'expired' })
      .where('status', '=', 'proposed')
      .where('expires_at', '<=', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** Names of region nodes by id (communities named in a plan). */
  async regionNames(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('region').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
