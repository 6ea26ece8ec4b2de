import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { LocalLevel, RegionDetail, RegionNode } from '@meshwork/contracts';
import { anonymous, errorCode, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';

/**
 * Keeping the local levels below a community (grid › building › entrance › household): which
 * levels go where, what division nodes refuse, how a move re-roots a subtree, when a delete is
 * refused, who may write where — and that each write, allowed or denied, is in the audit log.
 */
describe('regions: create, rename, move, delete', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let admin: Client & { userId: number };
  let communityAdmin: Client & { userId: number };
  let neighbourAdmin: Client & { userId: number };

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    communityAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
    neighbourAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[1] }]);
  });

  // ---- local helpers ----

  let seq = 0;
  /** A fresh name, so that tests never collide on the sibling-name index. */
  const fresh = (prefix: string) => `${prefix}${++seq}`;

  function createAs(as: Client, parentId: number, level: LocalLevel, name: string, occupancy?: string) {
    return as.post('/api/regions', { parentId, level, name, ...(occupancy ? { occupancy } : {}) });
  }

  async function created(res: LightMyRequestResponse): Promise<RegionNode> {
    expect(res.statusCode, res.body).toBe(201);
    return res.json<RegionNode>();
  }

  /** grid › building › entrance › household, fresh under the community. */
  async function branch(communityId = tree.communities[0], as: Client = admin) {
    const grid = await created(await createAs(as, communityId, 'grid', fresh('网格')));
    const building = await created(await createAs(as, grid.id, 'building', fresh('楼')));
    const entrance = await created(await createAs(as, building.id, 'entrance', fresh('单元')));
    const household = await created(await createAs(as, entrance.id, 'household', fresh('户'), 'vacant'));
    return { grid, building, entrance, household };
  }

  async function detail(id: number): Promise<RegionDetail> {
    const res = await admin.get(`/api/regions/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RegionDetail>();
  }

  async function pathOf(id: number): Promise<string> {
    return (await t.db.kysely.selectFrom('region').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;
  }

  function auditRows(where: { action?: string; entityId?: number; userId?: number; result?: 'ok' | 'denied' }) {
    let q = t.db.kysely.selectFrom('audit_log').selectAll();
    if (where.action) q = q.where('action', '=', where.action);
    if (where.entityId !== undefined) q = q.where('entity', '=', 'region').where('entity_id', '=', String(where.entityId));
    if (where.userId !== undefined) q = q.where('user_id', '=', where.userId);
    if (where.result) q = q.where('result', '=', where.result);
    return q.orderBy('id').execute();
  }

  const snapshot = () => t.db.kysely.selectFrom('region').select(['id', 'parent_id', 'name', 'path', 'occupancy']).orderBy('id').execute();

  /** Runs a write that must be refused with `code`, and checks that no region row changed. */
  async function refused(code: string, write: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
    const before = await snapshot();
    const res = await write();
    expect(errorCode(res), res.body).toBe(code);
    expect(await snapshot()).toEqual(before);
    return res;
  }

  // ---- create ----

  describe('create', () => {
    it('builds grid › building › entrance › household, and a household straight under a building', async () => {
      const { grid, building, household } = await branch(tree.communities[0], communityAdmin);
      expect(grid).toMatchObject({ parentId: tree.communities[0], level: 'grid', code: null, inScope: true, childCount: 0 });
      expect(household).toMatchObject({ level: 'household', occupancy: 'vacant' });
      const shop = await created(await createAs(communityAdmin, building.id, 'household', '商铺01', 'rented'));
      expect(shop.parentId).toBe(building.id);
      expect((await detail(grid.id)).householdCount).toBe(2);
    });

    it('writes the new values to the audit log with the transaction', async () => {
      const grid = await created(await createAs(communityAdmin, tree.communities[0], 'grid', fresh('网格')));
      const rows = await auditRows({ action: 'region.create', entityId: grid.id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ user_id: communityAdmin.userId, result: 'ok' });
      expect(rows[0]!.changes).toMatchObject({ parentId: tree.communities[0], level: 'grid', name: grid.name });
    });

    it.each([
      ['a household under a grid', 'grid', 'household'],
      ['a grid under a street', 'street', 'grid'],
      ['a building under a community', 'community', 'building'],
      ['an entrance under an entrance', 'entrance', 'entrance'],
      ['anything under a household', 'household', 'building'],
    ] as const)('refuses %s (REGION_LEVEL_INVALID)', async (_, parent, level) => {
      const parentId = { grid: tree.grid, street: tree.streets[0], community: tree.communities[0], entrance: tree.entrance, household: tree.households[0] }[parent];
      await refused('REGION_LEVEL_INVALID', () => createAs(admin, parentId, level, fresh('x')));
    });

    it('takes an occupancy only for a household', async () => {
      await refused('REGION_LEVEL_INVALID', () => createAs(admin, tree.grid, 'building', fresh('楼'), 'owner'));
    });

    it('refuses a second sibling of the same name (CONFLICT)', async () => {
      await refused('CONFLICT', () => createAs(admin, tree.entrance, 'household', '101'));
    });

    it('refuses a parent that does not exist', async () => {
      await refused('NOT_FOUND', () => createAs(admin, 999_999_999, 'grid', fresh('网格')));
    });
  });

  // ---- rename and occupancy ----

  describe('rename', () => {
    it('renames a local node and audits the change as [before, after]', async () => {
      const { building } = await branch();
      const res = await admin.patch(`/api/regions/${building.id}`, { name: '  新楼名  ' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<RegionNode>().name).toBe('新楼名');
      const [row] = await auditRows({ action: 'region.update', entityId: building.id });
      expect(row?.changes).toEqual({ name: [building.name, '新楼名'] });
    });

    it('sets and clears a household occupancy, but not a building one', async () => {
      const { building, household } = await branch();
      expect((await admin.patch(`/api/regions/${household.id}`, { occupancy: 'owner' })).json<RegionNode>().occupancy).toBe('owner');
      expect((await admin.patch(`/api/regions/${household.id}`, { occupancy: null })).json<RegionNode>().occupancy).toBeNull();
      await refused('REGION_LEVEL_INVALID', () => admin.patch(`/api/regions/${building.id}`, { occupancy: 'owner' }));
    });

    it('refuses a name a sibling already has', async () => {
      await refused('CONFLICT', () => admin.patch(`/api/regions/${tree.households[1]}`, { name: '101' }));
    });
  });

  // ---- division nodes ----

  it.each(['community', 'street', 'province'] as const)('keeps a %s as the NBS codes say (REGION_NOT_LOCAL)', async (level) => {
    const id = { community: tree.communities[0], street: tree.streets[0], province: tree.province }[level];
    await refused('REGION_NOT_LOCAL', () => admin.patch(`/api/regions/${id}`, { name: '改名' }));
    await refused('REGION_NOT_LOCAL', () => admin.post(`/api/regions/${id}/move`, { parentId: tree.district }));
    await refused('REGION_NOT_LOCAL', () => admin.delete(`/api/regions/${id}`));
  });

  // ---- move ----

  describe('move', () => {
    it('re-roots the whole subtree', async () => {
      const from = await branch();
      const to = await created(await createAs(admin, tree.communities[1], 'grid', fresh('网格')));
      const res = await admin.post(`/api/regions/${from.building.id}/move`, { parentId: to.id });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<RegionNode>().parentId).toBe(to.id);
      // The grandchild's ancestors are read from its path: they prove the paths were rewritten.
      expect((await detail(from.household.id)).ancestors.map((a) => a.id)).toEqual([
        tree.province,
        expect.any(Number),
        tree.district,
        tree.streets[0],
        tree.communities[1],
        to.id,
        from.building.id,
        from.entrance.id,
      ]);
      expect(await pathOf(from.household.id)).toBe(`${await pathOf(to.id)}.${from.building.id}.${from.entrance.id}.${from.household.id}`);
      expect((await detail(from.grid.id)).householdCount).toBe(0);
      expect((await detail(to.id)).householdCount).toBe(1);
      const [row] = await auditRows({ action: 'region.move', entityId: from.building.id });
      expect(row?.changes).toEqual({ parentId: [from.grid.id, to.id] });
    });

    it('moves a household from an entrance straight under a building', async () => {
      const { building, household } = await branch();
      const res = await admin.post(`/api/regions/${household.id}/move`, { parentId: building.id });
      expect(res.statusCode, res.body).toBe(200);
      expect(await pathOf(household.id)).toBe(`${await pathOf(building.id)}.${household.id}`);
    });

    it('refuses a move into the node itself or its own subtree', async () => {
      const { building, entrance } = await branch();
      for (const parentId of [building.id, entrance.id]) {
        const res = await refused('REGION_MOVE_INVALID', () => admin.post(`/api/regions/${building.id}/move`, { parentId }));
        expect(res.json<{ error: { message: string } }>().error.message).toMatch(/自身或其下级/);
      }
    });

    it('refuses a parent of the wrong level', async () => {
      const { building } = await branch();
      await refused('REGION_MOVE_INVALID', () => admin.post(`/api/regions/${building.id}/move`, { parentId: tree.communities[0] }));
    });

    it('refuses a target outside the actor’s scope', async () => {
      const { building } = await branch();
      const theirs = await created(await createAs(admin, tree.communities[1], 'grid', fresh('网格')));
      await refused('FORBIDDEN', () => communityAdmin.post(`/api/regions/${building.id}/move`, { parentId: theirs.id }));
    });
  });

  // ---- delete ----

  describe('delete', () => {
    it('deletes a leaf and audits what it was', async () => {
      const { entrance, household } = await branch();
      const res = await admin.delete(`/api/regions/${household.id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(errorCode(await admin.get(`/api/regions/${household.id}`))).toBe('NOT_FOUND');
      const [row] = await auditRows({ action: 'region.delete', entityId: household.id });
      expect(row?.changes).toEqual({ name: household.name, level: 'household', parentId: entrance.id });
    });

    it('refuses while children exist (409)', async () => {
      const { grid } = await branch();
      const res = await refused('REGION_HAS_DEPENDENTS', () => admin.delete(`/api/regions/${grid.id}`));
      expect(res.statusCode).toBe(409);
    });

    it('refuses while a grant is scoped to the node', async () => {
      const grid = await created(await createAs(admin, tree.communities[0], 'grid', fresh('网格')));
      await userWith(t, [{ role: 'grid_worker', regionId: grid.id }]);
      await refused('REGION_HAS_DEPENDENTS', () => admin.delete(`/api/regions/${grid.id}`));
      expect(await auditRows({ action: 'region.delete', entityId: grid.id })).toEqual([]);
    });
  });

  // ---- who may write where ----

  describe('scope', () => {
    it.each([
      ['create', () => createAs(neighbourAdmin, tree.grid, 'building', fresh('楼'))],
      ['rename', () => neighbourAdmin.patch(`/api/regions/${tree.building}`, { name: '抢注' })],
      ['move', () => neighbourAdmin.post(`/api/regions/${tree.households[1]}/move`, { parentId: tree.building })],
      ['delete', () => neighbourAdmin.delete(`/api/regions/${tree.households[1]}`)],
    ] as const)('refuses to %s outside the scope, writes nothing and audits the denial', async (_, write) => {
      const denied = (await auditRows({ userId: neighbourAdmin.userId, result: 'denied' })).length;
      const res = await refused('FORBIDDEN', write);
      expect(res.statusCode).toBe(403);
      const rows = await auditRows({ userId: neighbourAdmin.userId, result: 'denied' });
      expect(rows).toHaveLength(denied + 1);
      expect(rows.at(-1)!.action).toMatch(/^(POST|PATCH|DELETE) \/api\/regions/);
      const written = await auditRows({ userId: neighbourAdmin.userId, result: 'ok' });
      expect(written.filter((r) => r.action.startsWith('region.'))).toEqual([]);
    });

    it('lets a grid worker add a building in their own grid only', async () => {
      const other = await created(await createAs(admin, tree.communities[0], 'grid', fresh('网格')));
      const worker = await userWith(t, [{ role: 'grid_worker', regionId: tree.grid }]);
      const mine = await created(await createAs(worker, tree.grid, 'building', fresh('楼')));
      expect(mine.inScope).toBe(true);
      await refused('FORBIDDEN', () => createAs(worker, other.id, 'building', fresh('楼')));
      await refused('FORBIDDEN', () => createAs(worker, tree.communities[0], 'grid', fresh('网格')));
    });

    it('refuses roles without region.write, and anonymous callers', async () => {
      const security = await userWith(t, [{ role: 'security_admin' }]);
      await refused('FORBIDDEN', () => createAs(security, tree.grid, 'building', fresh('楼')));
      await refused('UNAUTHENTICATED', () => createAs(anonymous(t), tree.grid, 'building', fresh('楼')));
    });
  });

  it('places a community on the map (audited), clears it, and refuses half a point or a node outside the scope', async () => {
    const located = await communityAdmin.put(`/api/regions/${tree.communities[0]}/location`, { latitude: 39.93, longitude: 116.41 });
    expect(located.statusCode, located.body).toBe(200);
    expect(located.json<RegionDetail>()).toMatchObject({ latitude: 39.93, longitude: 116.41 });
    expect((await detail(tree.communities[0])).latitude).toBe(39.93);
    const coordinates = () => t.db.kysely.selectFrom('region').select(['id', 'latitude', 'longitude']).orderBy('id').execute();
    const before = await coordinates();
    for (const body of [{ latitude: 39.93 }, { latitude: 39.93, longitude: null }, { latitude: 91, longitude: 116 }, { latitude: '39', longitude: 116 }]) {
      expect((await communityAdmin.put(`/api/regions/${tree.communities[0]}/location`, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(errorCode(await neighbourAdmin.put(`/api/regions/${tree.communities[0]}/location`, { latitude: 1, longitude: 1 }))).toBe('FORBIDDEN');
    expect(await coordinates()).toEqual(before);
    const cleared = await communityAdmin.put(`/api/regions/${tree.communities[0]}/location`, { latitude: null, longitude: null });
    expect(cleared.json<RegionDetail>()).toMatchObject({ latitude: null, longitude: null });
    expect((await auditRows({ action: 'region.locate', entityId: tree.communities[0] })).length).toBe(2);
  });
});
