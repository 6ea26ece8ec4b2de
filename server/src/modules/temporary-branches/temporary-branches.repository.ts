import { sql, type Kysely } from 'kysely';
import type { OrgStatus, OrgType, TemporaryBranchPurpose, TemporaryBranchRole, TemporaryBranchesQuery } from '@meshwork/contracts';
import { containsPattern } from '../../db/sql.js';
import type { DB } from '../../db/schema.js';
import { ancestorPaths, inScope, underPath, type Scope } from '../../platform/access.js';
import { findRegion, type RegionRef } from '../../db/tree.js';

export interface BranchRow {
  org_id: number;
  name: string;
  org_status: OrgStatus;
  parent_id: number | null;
  parent_name: string | null;
  purpose: TemporaryBranchPurpose;
  region_id: number;
  region_name: string;
  region_path: string;
  task: string | null;
  set_up_at: Date;
  dissolved_at: Date | null;
  dissolved_reason: string | null;
  member_count: number;
  secretary_id: number | null;
  secretary_name: string | null;
}

export interface MemberRow {
  id: number;
  org_id: number;
  person_id: number;
  name: string;
  role: TemporaryBranchRole;
  joined_at: Date;
  left_at: Date | null;
}

export interface PartyOrgRef {
  id: number;
  name: string;
  type: OrgType;
  status: OrgStatus;
  region_name: string | null;
  region_path: string | null;
}

export type BranchFilter = Omit<TemporaryBranchesQuery, 'limit' | 'offset'>;

/**
 * All SQL on temporary branches and their memberships. It reads region, org and person for
 * their path, name (and an org's type and status) to place a branch in the actor's region scope
 * and label its rows: the access model's documented cross-read. The branch's org row itself is
 * written by OrgsRepository, inside the same transaction (see the service).
 */
export class TemporaryBranchesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): TemporaryBranchesRepository {
    return new TemporaryBranchesRepository(db);
  }

  private branches() {
    return this.db
      .selectFrom('temporary_branch as t')
      .innerJoin('org as o', 'o.id', 't.org_id')
      .innerJoin('region as r', 'r.id', 't.region_id')
      .leftJoin('org as p', 'p.id', 'o.parent_id')
      .leftJoin('temporary_branch_member as s', (join) =>
        join.onRef('s.org_id', '=', 't.org_id').on('s.role', '=', 'secretary').on('s.left_at', 'is', null),
      )
      .leftJoin('person as sp', 'sp.id', 's.person_id')
      .select([
        't.org_id',
        'o.name',
        'o.status as org_status',
        'o.parent_id',
        'p.name as parent_name',
        't.purpose',
        't.region_id',
        'r.name as region_name',
        sql<string>`r.path::text`.as('region_path'),
        't.task',
        't.set_up_at',
        't.dissolved_at',
        't.dissolved_reason',
        sql<number>`(SELECT count(*) FROM temporary_branch_member m WHERE m.org_id = t.org_id AND m.left_at IS NULL)`.as('member_count'),
        's.person_id as secretary_id',
        'sp.name as secretary_name',
      ]);
  }

  async find(id: number): Promise<BranchRow | undefined> {
    return this.branches().where('t.org_id', '=', id).executeTakeFirst();
  }

  /** Branches whose area lies in the scope: active first, newest first. */
  async list(scope: Scope, filter: BranchFilter, limit: number | null, offset = 0): Promise<{ rows: BranchRow[]; total: number }> {
    let q = this.branches().where(inScope(sql.ref('r.path'), scope));
    if (filter.status) q = q.where('t.dissolved_at', filter.status === 'active' ? 'is' : 'is not', null);
    if (filter.purpose) q = q.where('t.purpose', '=', filter.purpose);
    if (filter.q) q = q.where((eb) => eb.or([eb('o.name', 'like', containsPattern(filter.q!)), eb('t.task', 'like', containsPattern(filter.q!))]));
    const [rows, total] = await Promise.all([
      q
        .orderBy(sql`t.dissolved_at IS NULL`, 'desc')
        .orderBy('t.set_up_at', 'desc')
        .orderBy('t.org_id', 'desc')
        .$if(limit !== null, (b) => b.limit(limit!).offset(offset))
        .execute(),
      q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** Membership rows of these branches, current and past, oldest first. */
  async members(orgIds: readonly number[]): Promise<MemberRow[]> {
    if (orgIds.length === 0) return [];
    return this.db
      .selectFrom('temporary_branch_member as m')
      .innerJoin('person as p', 'p.id', 'm.person_id')
      .select(['m.id', 'm.org_id', 'm.person_id', 'p.name', 'm.role', 'm.joined_at', 'm.left_at'])
      .where('m.org_id', 'in', [...orgIds])
      .orderBy('m.org_id')
      .orderBy('m.joined_at')
      .orderBy('m.id')
      .execute();
  }

  async currentPersonIds(orgId: number): Promise<Set<number>> {
    const rows = await this.db.selectFrom('temporary_branch_member').select('person_id').where('org_id', '=', orgId).where('left_at', 'is', null).execute();
    return new Set(rows.map((r) => r.person_id));
  }

  // ---- Places and parents ----

  async region(id: number): Promise<RegionRef | undefined> {
    return findRegion(this.db, id);
  }

  /** Names of the nodes on a path, top first. */
  async pathNames(path: string): Promise<string[]> {
    const ids = ancestorPaths(path).map((p) => Number(p.split('.').pop()));
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('region').select(['id', 'name']).where('id', 'in', ids).execute();
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return ids.map((id) => names.get(id) ?? '');
  }

  /** The communities an area draws members from: the area's own community, or those under it. */
  async communitiesOf(areaPath: string, scope: Scope): Promise<Array<{ id: number; name: string }>> {
    const above = ancestorPaths(areaPath);
    return this.db
      .selectFrom('region')
      .select(['id', 'name'])
      .where('level', '=', 'community')
      .where((eb) =>
        eb.or([underPath(sql.ref('path'), areaPath), ...(above.length ? [sql<boolean>`path IN (${sql.join(above.map((p) => sql`${p}::ltree`))})`] : [])]),
      )
      .where(inScope(sql.ref('path'), scope))
      .orderBy('name')
      .execute();
  }

  /** A party org with the path of the region it sits in (null when it sits nowhere). */
  async partyOrg(id: number): Promise<PartyOrgRef | undefined> {
    return this.partyOrgs().where('o.id', '=', id).executeTakeFirst();
  }

  /** Active orgs of these types sitting in the scope's regions. */
  async partyOrgsIn(scope: Scope, types: readonly OrgType[]): Promise<PartyOrgRef[]> {
    return this.partyOrgs()
      .where('o.status', '=', 'active')
      .where('o.type', 'in', [...types])
      .where(inScope(sql.ref('r.path'), scope))
      .orderBy(sql`nlevel(r.path)`)
      .orderBy('o.name')
      .limit(500)
      .execute();
  }

  private partyOrgs() {
    return this.db
      .selectFrom('org as o')
      .leftJoin('region as r', 'r.id', 'o.region_id')
      .select(['o.id', 'o.name', 'o.type', 'o.status', 'r.name as region_name', sql<string | null>`r.path::text`.as('region_path')]);
  }

  // ---- Writes ----
  // Membership times are clock_timestamp(), not now(): a transaction that waited for a lock
  // started before the one it waited for, and its now() would end a row before it began.

  /** Holds the branch for one write; `update` for a dissolution, `share` for member changes, which may run side by side. */
  async lock(id: number, mode: 'update' | 'share'): Promise<{ dissolved_at: Date | null } | undefined> {
    const q = this.db.selectFrom('temporary_branch').select('dissolved_at').where('org_id', '=', id);
    return (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
  }

  async insert(values: { org_id: number; purpose: TemporaryBranchPurpose; region_id: number; task: string | null; set_up_by: number }): Promise<void> {
    await this.db.insertInto('temporary_branch').values(values).execute();
  }

  /** Adds current memberships; a person already in the branch is left as is. Returns who was added. */
  async addMembers(orgId: number, personIds: readonly number[]): Promise<number[]> {
    if (personIds.length === 0) return [];
    const rows = await this.db
      .insertInto('temporary_branch_member')
      .values(personIds.map((person_id) => ({ org_id: orgId, person_id, role: 'member' as const, joined_at: sql`clock_timestamp()` })))
      .onConflict((oc) => oc.columns(['org_id', 'person_id']).where('left_at', 'is', null).doNothing())
      .returning('person_id')
      .execute();
    return rows.map((r) => r.person_id);
  }

  async currentRow(orgId: number, personId: number): Promise<{ id: number; role: TemporaryBranchRole } | undefined> {
    return this.db
      .selectFrom('temporary_branch_member')
      .select(['id', 'role'])
      .where('org_id', '=', orgId)
      .where('person_id', '=', personId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
  }

  /** Ends a current membership row; false when another transaction ended it first. */
  async closeRow(id: number): Promise<boolean> {
    const result = await this.db.updateTable('temporary_branch_member').set({ left_at: sql`clock_timestamp()` }).where('id', '=', id).where('left_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Ends the current secretary's row; returns who it was. */
  async closeSecretary(orgId: number): Promise<number | undefined> {
    const row = await this.db
      .updateTable('temporary_branch_member')
      .set({ left_at: sql`clock_timestamp()` })
      .where('org_id', '=', orgId)
      .where('role', '=', 'secretary')
      .where('left_at', 'is', null)
      .returning('person_id')
      .executeTakeFirst();
    return row?.person_id;
  }

  async openRow(orgId: number, personId: number, role: TemporaryBranchRole): Promise<void> {
    await this.db.insertInto('temporary_branch_member').values({ org_id: orgId, person_id: personId, role, joined_at: sql`clock_timestamp()` }).execute();
  }

  /** Ends every current membership and marks the branch dissolved. */
  async dissolve(orgId: number, reason: string): Promise<number> {
    const result = await this.db
      .updateTable('temporary_branch_member')
      .set({ left_at: sql`clock_timestamp()` })
      .where('org_id', '=', orgId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    await this.db.updateTable('temporary_branch').set({ dissolved_at: sql`clock_timestamp()`, dissolved_reason: reason }).where('org_id', '=', orgId).execute();
    return Number(result.numUpdatedRows);
  }

  /** Of these region paths, those with an active branch at the node itself or above it. */
  async coveredPaths(paths: readonly string[]): Promise<Set<string>> {
    if (paths.length === 0) return new Set();
    const rows = await sql<{ path: string }>`
      SELECT p.path FROM unnest(${sql.val([...paths])}::text[]) AS p(path)
      WHERE EXISTS (
        SELECT 1 FROM temporary_branch b JOIN region r ON r.id = b.region_id
        WHERE b.dissolved_at IS NULL AND p.path::ltree >= r.path AND p.path::ltree < (r.path::text || '0')::ltree
      )`.execute(this.db);
    return new Set(rows.rows.map((r) => r.path));
  }
}
