import { sql, type Kysely } from 'kysely';
import type { RegionLevel } from '@meshwork/contracts';
import type { DB } from './schema.js';
import { aboveScope, ancestorPaths, inScope, underPath, type Scope } from '../platform/access.js';

/**
 * What the region tree and the org tree share: both keep a materialized path (ltree) made of
 * node ids, so "everything under X" is one indexed predicate and a move rewrites one subtree.
 */
export type TreeTable = 'region' | 'org';

/** Draws a node's id before its insert, because its path ends with that id. */
export async function nextNodeId(db: Kysely<DB>, table: TreeTable): Promise<number> {
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id')) AS id`.execute(db);
  return Number(rows[0]!.id);
}

export function childPath(parentPath: string | null, id: number): string {
  return parentPath ? `${parentPath}.${id}` : String(id);
}

/** Ids of a scope's own top nodes, leaving out roots that lie inside another root. */
export function scopeRootIds(scope: { paths: string[] }): number[] {
  const { paths } = scope;
  const top = paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}.`)));
  return [...new Set(top.map((p) => Number(p.split('.').pop())))];
}

/** Whether a node is inside the scope, on the way down to it (an ancestor), or out of sight. */
export async function placeInScope(db: Kysely<DB>, table: TreeTable, id: number, scope: Scope): Promise<'inside' | 'above' | null> {
  const { rows } = await sql<{ inside: boolean; above: boolean }>`
    SELECT ${inScope(sql.ref('t.path'), scope)} AS inside, ${aboveScope(sql.ref('t.path'), scope)} AS above
    FROM ${sql.table(table)} t WHERE t.id = ${id}`.execute(db);
  const row = rows[0];
  if (!row) return null;
  return row.inside ? 'inside' : row.above ? 'above' : null;
}

/** The node's ancestors, top first, with the given columns. */
export async function ancestorsOf<R>(db: Kysely<DB>, table: TreeTable, path: string, columns: readonly string[]): Promise<R[]> {
  // The path names its ancestors' ids: a primary-key lookup, no tree search.
  const ids = ancestorPaths(path).map((p) => Number(p.split('.').pop()));
  if (ids.length === 0) return [];
  const { rows } = await sql<R>`
    SELECT ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(table)}
    WHERE id IN (${sql.join(ids)}) ORDER BY nlevel(path)`.execute(db);
  return rows;
}

/**
 * Makes the moves in one tree wait for each other, taken first in a move's transaction. Row locks
 * on the node and its new parent alone let two moves whose checks each pass on the other's stale
 * paths both commit (a under b while b's ancestor goes under a's descendant: a cycle), or
 * deadlock. Moves are rare office operations; queuing them costs nothing.
 */
export async function serializeMoves(db: Kysely<DB>, table: TreeTable): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`meshwork.move.${table}`}))`.execute(db);
}

/**
 * Re-roots the paths of the subtree at `nodePath` under `parentPath`; parent columns are the
 * caller's. The subtree is locked by a statement of its own first: a child created meanwhile
 * holds its parent's row until it commits, and only a statement begun after that sees the child
 * (one UPDATE would wait for the parent's row, then skip the child its snapshot predates, leaving
 * it under the old path). Creates that come later wait for the parent's row and read the new path.
 */
export async function rerootSubtree(db: Kysely<DB>, table: TreeTable, nodePath: string, parentPath: string): Promise<void> {
  await sql`SELECT id FROM ${sql.table(table)} WHERE ${underPath(sql.ref('path'), nodePath)} FOR UPDATE`.execute(db);
  await sql`
    UPDATE ${sql.table(table)} SET path = ${parentPath}::ltree || subpath(path, nlevel(${nodePath}::ltree) - 1)
    WHERE ${underPath(sql.ref('path'), nodePath)}`.execute(db);
}

/** A region node as modules place their rows: enough to check scope and level and to name it. */
export interface RegionRef {
  id: number;
  name: string;
  level: RegionLevel;
  path: string;
}

export async function findRegion(db: Kysely<DB>, id: number): Promise<RegionRef | undefined> {
  return db.selectFrom('region').select(['id', 'name', 'level', sql<string>`path::text`.as('path')]).where('id', '=', id).executeTakeFirst();
}
