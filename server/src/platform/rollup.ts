import { sql, type RawBuilder } from 'kysely';

/**
 * Counts rolled up a tree (报到情况): each module's `<m>.counts.ts` groups its rows under a node by
 * the node's child they fall under, in one query that also yields the node's distinct total
 * (a person counted under two children is one person at the node).
 */

/** The counts of one group, by name. */
export type Counts<K extends string> = Record<K, number>;

export interface RollUp<K extends string> {
  /** The whole subtree. */
  total: Counts<K>;
  /** Rows placed at the node itself. */
  own: Counts<K>;
  /** Rows under each child, by the child's path. */
  children: Map<string, Counts<K>>;
}

/**
 * The path of the node's child that `column` lies under, or NULL for the node itself; `column`
 * must be filtered to the node's subtree (`underPath`).
 */
export function childOf(column: RawBuilder<unknown>, path: string): RawBuilder<string | null> {
  const depth = path.split('.').length + 1;
  return sql<string | null>`CASE WHEN nlevel(${column}) >= ${depth}::int THEN subpath(${column}, 0, ${depth}::int)::text END`;
}

/** GROUP BY for a query over rows with a `child` column: one row per child, and the total. */
export const byChildAndTotal = sql`GROUPING SETS ((child), ())`;
/** Selected beside the counts: true on the total row of `byChildAndTotal`. */
export const isTotal = sql<boolean>`GROUPING(child) = 1`;

/** The rows of a `byChildAndTotal` query as a roll-up; groups without rows count 0. */
export function toRollUp<K extends string>(
  keys: readonly K[],
  rows: ReadonlyArray<{ child: string | null; total: boolean } & Record<K, number | string>>,
): RollUp<K> {
  const counts = (row?: Record<K, number | string>) => Object.fromEntries(keys.map((k) => [k, Number(row?.[k] ?? 0)])) as Counts<K>;
  return {
    total: counts(rows.find((r) => r.total)),
    own: counts(rows.find((r) => !r.total && r.child === null)),
    children: new Map(rows.filter((r) => !r.total && r.child !== null).map((r) => [r.child!, counts(r)])),
  };
}
