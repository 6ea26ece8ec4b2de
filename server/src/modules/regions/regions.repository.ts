import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { HouseholdOccupancy, LocalLevel, RegionLevel } from '@meshwork/contracts';
import { containsPattern } from '../../db/sql.js';
import type { DB, Region } from '../../db/schema.js';
import { aboveScope, inScope, underPath, type Scope } from '../../platform/access.js';
import { ancestorsOf, childPath, nextNodeId, placeInScope, rerootSubtree, scopeRootIds, serializeMoves } from '../../db/tree.js';

export interface RegionRow extends Region {
  child_count: number;
}

/** All SQL on the region tree. */
export class RegionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): RegionsRepository {
    return new RegionsRepository(db);
  }

  private nodes() {
    return this.db
      .selectFrom('region as r')
      .selectAll('r')
      .select(sql<number>`(SELECT count(*) FROM region c WHERE c.parent_id = r.id)`.as('child_count'));
  }

  async find(id: number): Promise<RegionRow | undefined> {
    return this.nodes().where('r.id', '=', id).executeTakeFirst();
  }

  /** Locks the node for a change of its subtree. */
  async lock(id: number): Promise<Region | undefined> {
    return this.db.selectFrom('region').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async findByCode(code: string): Promise<Region | undefined> {
    return this.db.selectFrom('region').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async findChildByName(parentId: number, name: string): Promise<Region | undefined> {
    return this.db.selectFrom('region').selectAll().where('parent_id', '=', parentId).where('name', '=', name).executeTakeFirst();
  }

  /** The scope's own top nodes; for a platform-wide scope, the provinces. */
  async roots(scope: Scope): Promise<RegionRow[]> {
    if (scope.all) return this.nodes().where('r.level', '=', 'province').orderBy('r.code').execute();
    const ids = scopeRootIds(scope);
    if (ids.length === 0) return [];
    return this.nodes().where('r.id', 'in', ids).orderBy('r.code').orderBy('r.name').execute();
  }

  /** Children inside the scope or on the way down to it. */
  async children(parentId: number, scope: Scope, limit: number, offset: number): Promise<{ items: RegionRow[]; total: number }> {
    const visible = (eb: ExpressionBuilder<DB & { r: DB['region'] }, 'r'>) =>
      eb.or([inScope(sql.ref('r.path'), scope), aboveScope(sql.ref('r.path'), scope)]);
    const [items, total] = await Promise.all([
      this.nodes().where('r.parent_id', '=', parentId).where(visible).orderBy('r.code').orderBy('r.name').limit(limit).offset(offset).execute(),
      this.db
        .selectFrom('region as r')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('r.parent_id', '=', parentId)
        .where(visible)
        .executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  }

  ancestors(path: string): Promise<Array<Pick<Region, 'id' | 'level' | 'name' | 'code'>>> {
    return ancestorsOf(this.db, 'region', path, ['id', 'level', 'name', 'code']);
  }

  async householdCount(path: string): Promise<number> {
    const row = await this.db
      .selectFrom('region')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(underPath(sql.ref('path'), path))
      .where('level', '=', 'household')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Nodes whose name contains `q` or whose code starts with it, within the scope and levels. */
  async search(q: string, scope: Scope, levels: readonly RegionLevel[], limit: number): Promise<RegionRow[]> {
    const like = containsPattern(q);
    return this.nodes()
      .where((eb) => (/^\d+$/.test(q) ? eb.or([eb('r.name', 'like', like), eb('r.code', 'like', `${q}%`)]) : eb('r.name', 'like', like)))
      .where('r.level', 'in', levels)
      .where(inScope(sql.ref('r.path'), scope))
      .orderBy('r.level')
      .orderBy('r.code')
      .limit(limit)
      .execute();
  }

  /** Names of each node's ancestors, top first, for search hits. */
  async pathNames(paths: string[]): Promise<Map<string, string[]>> {
    const names = await this.names([...new Set(paths.flatMap((p) => p.split('.').map(Number)))]);
    return new Map(paths.map((p) => [p, p.split('.').slice(0, -1).map((id) => names.get(Number(id)) ?? '')]));
  }

  async names(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('region').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async codes(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('region').select(['id', 'code']).where('id', 'in', ids).where('code', 'is not', null).execute();
    return new Map(rows.map((r) => [r.id, r.code!]));
  }

  visible(id: number, scope: Scope): Promise<'inside' | 'above' | null> {
    return placeInScope(this.db, 'region', id, scope);
  }

  async insertLocal(parent: Pick<Region, 'id' | 'level' | 'path'>, input: { level: LocalLevel; name: string; occupancy?: HouseholdOccupancy | null }): Promise<number> {
    const id = await nextNodeId(this.db, 'region');
    await this.db
      .insertInto('region')
      .values({
        id,
        parent_id: parent.id,
        parent_level: parent.level,
        level: input.level,
        name: input.name,
        occupancy: input.occupancy ?? null,
        path: childPath(parent.path, id),
      })
      .execute();
    return id;
  }

  async update(id: number, patch: { name?: string; occupancy?: HouseholdOccupancy | null }): Promise<void> {
    await this.db.updateTable('region').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
  }

  async locate(id: number, latitude: number | null, longitude: number | null): Promise<void> {
    await this.db.updateTable('region').set({ latitude, longitude, updated_at: sql`now()` }).where('id', '=', id).execute();
  }

  /** Queues this transaction behind any other move in the region tree (db/tree.ts); call it before locking rows. */
  async serializeMoves(): Promise<void> {
    await serializeMoves(this.db, 'region');
  }

  /** Re-roots the node's whole subtree under `parent`. */
  async move(node: Region, parent: Region): Promise<void> {
    await this.db
      .updateTable('region')
      .set({ parent_id: parent.id, parent_level: parent.level, updated_at: sql`now()` })
      .where('id', '=', node.id)
      .execute();
    await rerootSubtree(this.db, 'region', node.path, parent.path);
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('region').where('id', '=', id).execute();
  }

  /** Every local node under a community or grid, in tree order, for the ledger. */
  async localSubtree(path: string): Promise<Array<Pick<Region, 'id' | 'parent_id' | 'level' | 'name' | 'occupancy' | 'path'>>> {
    return this.db
      .selectFrom('region')
      .select(['id', 'parent_id', 'level', 'name', 'occupancy', 'path'])
      .where(underPath(sql.ref('path'), path))
      .where('level', 'in', ['grid', 'building', 'entrance', 'household'])
      .orderBy(sql`nlevel(path)`)
      .orderBy('name')
      .execute();
  }
}
