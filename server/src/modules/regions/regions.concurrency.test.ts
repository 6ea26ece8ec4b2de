import { describe, expect, it } from 'vitest';
import { errorCode, seedSampleTree, useTestApp, userWith } from '../../../test/helpers.js';

/**
 * Keepers adding the same household at once: the unique index on local sibling names decides,
 * not a check in JavaScript. On PostgreSQL the requests really overlap (the parent's row lock
 * queues them); on PGlite they take turns on its one connection.
 */
describe('regions: concurrent writes', () => {
  const t = useTestApp();

  it('lets exactly one of 20 parallel creates of one household name through', async () => {
    const tree = await seedSampleTree(t.db);
    const keeper = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () => keeper.post('/api/regions', { parentId: tree.entrance, level: 'household', name: '301' })),
    );
    const statuses = attempts.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(attempts.filter((r) => r.statusCode === 409).every((r) => errorCode(r) === 'CONFLICT')).toBe(true);

    const rows = await t.db.kysely.selectFrom('region').select('id').where('parent_id', '=', tree.entrance).where('name', '=', '301').execute();
    expect(rows).toHaveLength(1);
    const winner = attempts.find((r) => r.statusCode === 201)!.json<{ id: number }>();
    expect(rows[0]!.id).toBe(winner.id);
    // The losers' audit rows rolled back with their inserts.
    const audited = await t.db.kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'region.create').execute();
    expect(audited).toEqual([{ entity_id: String(winner.id) }]);
  });
});
