import { sql, type Kysely, type Selectable } from 'kysely';
import type { OrgStatus, OrgType, RegionLevel, TeamKind, TeamStatus } from '@meshwork/contracts';
import { containsPattern } from '../../db/sql.js';
import type { DB, TeamTable } from '../../db/schema.js';
import { inScope, underPath, type Scope } from '../../platform/access.js';

/** A team with its owner placed in its tree (the org's or the region's path and name). */
export interface TeamRow extends Selectable<TeamTable> {
  owner_name: string;
  owner_path: string;
  leader_name: string | null;
  member_count: number;
}

export interface TeamMemberRow {
  team_id: number;
  person_id: number;
  name: string;
  phone: string | null;
  joined_at: Date;
  left_at: Date | null;
}

export interface OwnerOrg {
  id: number;
  name: string;
  type: OrgType;
  path: string;
  status: OrgStatus;
}

export interface OwnerRegion {
  id: number;
  name: string;
  level: RegionLevel;
  path: string;
}

export interface TeamFilter {
  ownerOrgId?: number;
  ownerRegionId?: number;
  status?: TeamStatus;
  q?: string;
}

/**
 * All SQL on teams and their members. Joins org, region and person for paths and names: where a
 * team sits in the trees (the access model's read) and how its owner, leader and members are
 * labelled (a member's phone is read to be shown masked).
 */
export class TeamsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): TeamsRepository {
    return new TeamsRepository(db);
  }

  private rows() {
    return this.db
      .selectFrom('team as t')
      .leftJoin('org as o', 'o.id', 't.owner_org_id')
      .leftJoin('region as r', 'r.id', 't.owner_region_id')
      .leftJoin('person as l', 'l.id', 't.leader_person_id')
      .selectAll('t')
      .select([
        sql<string>`coalesce(o.name, r.name)`.as('owner_name'),
        sql<string>`coalesce(o.path, r.path)::text`.as('owner_path'),
        'l.name as leader_name',
        sql<number>`(SELECT count(*) FROM team_member m WHERE m.team_id = t.id AND m.left_at IS NULL)::int`.as('member_count'),
      ]);
  }

  async find(id: number): Promise<TeamRow | undefined> {
    return this.rows().where('t.id', '=', id).executeTakeFirst();
  }

  /** Locks the team for a write: its members, leader and status change under this lock only. */
  async lock(id: number): Promise<TeamRow | undefined> {
    const locked = await this.db.selectFrom('team').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return locked && this.find(id);
  }

  async findMany(ids: readonly number[]): Promise<TeamRow[]> {
    if (ids.length === 0) return [];
    return this.rows().where('t.id', 'in', [...ids]).orderBy('t.name').orderBy('t.id').execute();
  }

  /**
   * Teams whose owner lies in the org scope (org-owned) or the region scope (place-owned); a null
   * limit reads them all, for the ledger.
   */
  async list(filter: TeamFilter, orgScope: Scope, regionScope: Scope, limit: number | null, offset = 0): Promise<{ rows: TeamRow[]; total: number }> {
    let base = this.rows().where((eb) =>
      eb.or([
        eb.and([eb('t.owner_org_id', 'is not', null), inScope(sql.ref('o.path'), orgScope)]),
        eb.and([eb('t.owner_region_id', 'is not', null), inScope(sql.ref('r.path'), regionScope)]),
      ]),
    );
    if (filter.ownerOrgId !== undefined) base = base.where('t.owner_org_id', '=', filter.ownerOrgId);
    if (filter.ownerRegionId !== undefined) base = base.where('t.owner_region_id', '=', filter.ownerRegionId);
    if (filter.status !== undefined) base = base.where('t.status', '=', filter.status);
    if (filter.q) base = base.where('t.name', 'like', containsPattern(filter.q));
    const { total } = await base
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow();
    const ordered = base.orderBy('t.status').orderBy('t.name').orderBy('t.id');
    const rows = await (limit === null ? ordered : ordered.limit(limit).offset(offset)).execute();
    return { rows, total: Number(total) };
  }

  /** Every stint in these teams, current ones first. */
  async members(teamIds: readonly number[]): Promise<TeamMemberRow[]> {
    if (teamIds.length === 0) return [];
    return this.db
      .selectFrom('team_member as m')
      .innerJoin('person as p', 'p.id', 'm.person_id')
      .select(['m.team_id', 'm.person_id', 'p.name', 'p.phone', 'm.joined_at', 'm.left_at'])
      .where('m.team_id', 'in', [...teamIds])
      .orderBy(sql`m.left_at IS NULL`, 'desc')
      .orderBy('m.joined_at')
      .orderBy('m.id')
      .execute();
  }

  async currentMemberIds(teamId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('team_member').select('person_id').where('team_id', '=', teamId).where('left_at', 'is', null).execute();
    return rows.map((r) => r.person_id);
  }

  async insert(values: { kind: TeamKind; name: string; ownerOrgId: number | null; ownerRegionId: number | null; note: string | null; createdBy: number | null }): Promise<number> {
    const row = await this.db
      .insertInto('team')
      .values({
        kind: values.kind,
        name: values.name,
        owner_org_id: values.ownerOrgId,
        owner_region_id: values.ownerRegionId,
        note: values.note,
        created_by: values.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: number, patch: { kind?: TeamKind; name?: string; note?: string | null; leader_person_id?: number | null }): Promise<void> {
    await this.db
      .updateTable('team')
      .set({ ...patch, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Adds a current stint unless the person already serves (team_member_current_key); true when added. */
  async addMember(teamId: number, personId: number): Promise<boolean> {
    const row = await this.db
      .insertInto('team_member')
      .values({ team_id: teamId, person_id: personId })
      .onConflict((oc) => oc.columns(['team_id', 'person_id']).where('left_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Ends the person's current stint; true when they were serving. */
  async removeMember(teamId: number, personId: number): Promise<boolean> {
    const rows = await this.db
      .updateTable('team_member')
      .set({ left_at: sql`now()` })
      .where('team_id', '=', teamId)
      .where('person_id', '=', personId)
      .where('left_at', 'is', null)
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  /** Dissolves an active team and closes its members' stints; false when it was not active. */
  async dissolve(id: number): Promise<boolean> {
    const row = await this.db
      .updateTable('team')
      .set({ status: 'dissolved', dissolved_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await this.db.updateTable('team_member').set({ left_at: sql`now()` }).where('team_id', '=', id).where('left_at', 'is', null).execute();
    return true;
  }

  /** Among these teams, the active ones owned by the org. */
  async activeOwnedBy(orgId: number, ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('team')
      .select('id')
      .where('id', 'in', [...ids])
      .where('owner_org_id', '=', orgId)
      .where('status', '=', 'active')
      .execute();
    return rows.map((r) => r.id);
  }

  // ---- Where an owner sits in the trees ----

  async org(id: number): Promise<OwnerOrg | undefined> {
    return this.db.selectFrom('org').select(['id', 'name', 'type', sql<string>`path::text`.as('path'), 'status']).where('id', '=', id).executeTakeFirst();
  }

  async region(id: number): Promise<OwnerRegion | undefined> {
    return this.db.selectFrom('region').select(['id', 'name', 'level', sql<string>`path::text`.as('path')]).where('id', '=', id).executeTakeFirst();
  }

  /** The communities at or under a street or community: whose enrolled members a place's team draws on. */
  async communitiesUnder(path: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('region')
      .select('id')
      .where('level', '=', 'community')
      .where(underPath(sql.ref('path'), path))
      .orderBy('name')
      .execute();
    return rows.map((r) => r.id);
  }
}
