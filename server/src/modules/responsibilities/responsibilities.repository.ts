import { sql, type Kysely } from 'kysely';
import type { DutyRole, RegionLevel, ResponsibilityKind } from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { inScope, underPath } from '../../platform/access.js';
import { findRegion, type RegionRef } from '../../db/tree.js';
export type { RegionRef };

export interface DutyRoleRow {
  id: number;
  enrolment_id: number;
  role: DutyRole;
  created_at: Date;
}

export interface ResponsibilityRow {
  id: number;
  enrolment_id: number;
  kind: ResponsibilityKind;
  region_id: number;
  region_level: RegionLevel;
  region_path: string;
  note: string | null;
  created_at: Date;
}

/**
 * All SQL on duty roles and responsibilities. Reads region path/level/name to place a
 * responsibility in the tree, and person names and phones to label members (the documented
 * cross-reads); enrolments themselves come from EnrolmentService.
 */
export class ResponsibilitiesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): ResponsibilitiesRepository {
    return new ResponsibilitiesRepository(db);
  }

  // ---- The region tree, as far as responsibilities need it ----

  async region(id: number): Promise<RegionRef | undefined> {
    return findRegion(this.db, id);
  }

  /** Names of nodes by id, for labelling places by the ids in their paths. */
  async regionNames(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('region').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The community a node lies in (itself when it is one). */
  async communityOf(path: string): Promise<RegionRef | undefined> {
    const ids = path.split('.').map(Number);
    return this.db
      .selectFrom('region')
      .select(['id', 'name', 'level', sql<string>`path::text`.as('path')])
      .where('id', 'in', ids)
      .where('level', '=', 'community')
      .executeTakeFirst();
  }

  async gridsOf(communityPath: string): Promise<RegionRef[]> {
    return this.db
      .selectFrom('region')
      .select(['id', 'name', 'level', sql<string>`path::text`.as('path')])
      .where(underPath(sql.ref('path'), communityPath))
      .where('level', '=', 'grid')
      .orderBy('name')
      .orderBy('id')
      .execute();
  }

  /** Masked later by the service; a member's phone labels them for the community, as the person's name does. */
  async phones(personIds: readonly number[]): Promise<Map<number, string | null>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('person').select(['id', 'phone']).where('id', 'in', [...new Set(personIds)]).execute();
    return new Map(rows.map((r) => [r.id, r.phone]));
  }

  // ---- Duty roles ----

  async currentDutyRoles(enrolmentIds: readonly number[]): Promise<DutyRoleRow[]> {
    if (enrolmentIds.length === 0) return [];
    return this.db
      .selectFrom('duty_role_assignment')
      .select(['id', 'enrolment_id', 'role', 'created_at'])
      .where('enrolment_id', 'in', [...enrolmentIds])
      .where('ended_at', 'is', null)
      .orderBy('role')
      .execute();
  }

  async dutyRole(id: number): Promise<(DutyRoleRow & { ended_at: Date | null }) | undefined> {
    return this.db.selectFrom('duty_role_assignment').select(['id', 'enrolment_id', 'role', 'created_at', 'ended_at']).where('id', '=', id).executeTakeFirst();
  }

  async insertDutyRole(enrolmentId: number, role: DutyRole, assignedBy: number | null): Promise<DutyRoleRow> {
    return this.db
      .insertInto('duty_role_assignment')
      .values({ enrolment_id: enrolmentId, role, assigned_by: assignedBy })
      .returning(['id', 'enrolment_id', 'role', 'created_at'])
      .executeTakeFirstOrThrow();
  }

  /** Ends a current assignment; false when it had already ended (a concurrent end won). */
  async endDutyRole(id: number): Promise<boolean> {
    const row = await this.db.updateTable('duty_role_assignment').set({ ended_at: sql`now()` }).where('id', '=', id).where('ended_at', 'is', null).returning('id').executeTakeFirst();
    return row !== undefined;
  }

  // ---- Responsibilities (zones and care) ----

  private responsibilities() {
    return this.db
      .selectFrom('responsibility as r')
      .innerJoin('region as g', 'g.id', 'r.region_id')
      .select(['r.id', 'r.enrolment_id', 'r.kind', 'r.region_id', 'g.level as region_level', sql<string>`g.path::text`.as('region_path'), 'r.note', 'r.created_at'])
      .where('r.ended_at', 'is', null);
  }

  async currentResponsibilities(enrolmentIds: readonly number[]): Promise<ResponsibilityRow[]> {
    if (enrolmentIds.length === 0) return [];
    return this.responsibilities().where('r.enrolment_id', 'in', [...enrolmentIds]).orderBy('g.path').execute();
  }

  /** Current responsibilities of these members on these nodes: who answers for a node and its ancestors. */
  async currentOn(regionIds: readonly number[], enrolmentIds: readonly number[]): Promise<ResponsibilityRow[]> {
    if (regionIds.length === 0 || enrolmentIds.length === 0) return [];
    return this.responsibilities()
      .where('r.region_id', 'in', [...regionIds])
      .where('r.enrolment_id', 'in', [...enrolmentIds])
      .orderBy('g.path')
      .orderBy('r.id')
      .execute();
  }

  async responsibility(id: number): Promise<{ id: number; enrolment_id: number; kind: ResponsibilityKind; region_id: number; ended_at: Date | null } | undefined> {
    return this.db.selectFrom('responsibility').select(['id', 'enrolment_id', 'kind', 'region_id', 'ended_at']).where('id', '=', id).executeTakeFirst();
  }

  async insertResponsibility(input: { enrolmentId: number; kind: ResponsibilityKind; regionId: number; note: string | null; assignedBy: number | null }): Promise<number> {
    const row = await this.db
      .insertInto('responsibility')
      .values({ enrolment_id: input.enrolmentId, kind: input.kind, region_id: input.regionId, note: input.note, assigned_by: input.assignedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async endResponsibility(id: number): Promise<boolean> {
    const row = await this.db.updateTable('responsibility').set({ ended_at: sql`now()` }).where('id', '=', id).where('ended_at', 'is', null).returning('id').executeTakeFirst();
    return row !== undefined;
  }

  // ---- Coverage: which households someone answers for ----

  /** The paths of current zones held by these members, under a community. */
  private async zonePaths(communityPath: string, enrolmentIds: readonly number[]): Promise<string[]> {
    if (enrolmentIds.length === 0) return [];
    const rows = await this.responsibilities()
      .where('r.kind', '=', 'zone')
      .where('r.enrolment_id', 'in', [...enrolmentIds])
      .where(underPath(sql.ref('g.path'), communityPath))
      .execute();
    return rows.map((r) => r.region_path);
  }

  /**
   * Households under `path`, each with whether someone answers for it: a current care of one of
   * these members on it, or a current zone of theirs on its building or grid.
   */
  private households(path: string, zonePaths: string[], enrolmentIds: readonly number[]) {
    const cared =
      enrolmentIds.length === 0
        ? sql<boolean>`false`
        : sql<boolean>`EXISTS (SELECT 1 FROM responsibility c WHERE c.region_id = h.id AND c.kind = 'care' AND c.ended_at IS NULL
                                AND c.enrolment_id IN (${sql.join(enrolmentIds)}))`;
    return this.db
      .selectFrom('region as h')
      .where(underPath(sql.ref('h.path'), path))
      .where('h.level', '=', 'household')
      .select(['h.id', sql<string>`h.path::text`.as('path'), sql<boolean>`(${cared} OR ${inScope(sql.ref('h.path'), { all: false, paths: zonePaths })})`.as('covered')]);
  }

  /** Per grid of a community: households, and how many someone answers for. */
  async coverage(communityPath: string, enrolmentIds: readonly number[]): Promise<Map<number, { households: number; covered: number }>> {
    const zones = await this.zonePaths(communityPath, enrolmentIds);
    // A literal, so that the grouped expression and the selected one are the same text.
    const grid = sql<string>`subpath(x.path::ltree, ${sql.lit(communityPath.split('.').length)}, 1)::text`;
    const rows = await this.db
      .selectFrom(this.households(communityPath, zones, enrolmentIds).as('x'))
      .select([
        grid.as('grid'),
        sql<string>`count(*)`.as('households'),
        sql<string>`count(*) FILTER (WHERE x.covered)`.as('covered'),
      ])
      .groupBy(grid)
      .execute();
    return new Map(rows.map((r) => [Number(r.grid), { households: Number(r.households), covered: Number(r.covered) }]));
  }

  /** The households under a grid nobody answers for, in tree order. */
  async uncovered(gridPath: string, communityPath: string, enrolmentIds: readonly number[]): Promise<Array<{ id: number; path: string }>> {
    const zones = await this.zonePaths(communityPath, enrolmentIds);
    const rows = await this.db
      .selectFrom(this.households(gridPath, zones, enrolmentIds).as('x'))
      .select(['x.id', 'x.path'])
      .where('x.covered', '=', false)
      .orderBy(sql`x.path::ltree`)
      .execute();
    return rows;
  }
}
