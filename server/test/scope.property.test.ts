import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { childLevels, localLevels, type RegionLevel, type Role } from '@meshwork/contracts';
import { Sessions } from '../src/platform/sessions.js';
import { Client, seedSampleTree, useTestApp, userWith, type TestApp } from './helpers.js';

/**
 * Scope as a property: for random users holding random grants, every answer of the region and
 * org endpoints is compared with one computed here from the tree's own parent links. The model
 * never calls the app's scope code (ltree paths, covers, inScope): it walks ids.
 */

type ScopedRole = Extract<Role, 'region_admin' | 'grid_worker' | 'org_admin'>;
interface Grant {
  role: ScopedRole;
  node: number;
}
interface TreeNode {
  id: number;
  parentId: number | null;
}

/** One tree as the test knows it: parent links only. */
class TreeModel<N extends TreeNode> {
  readonly byId: Map<number, N>;
  constructor(readonly nodes: N[]) {
    this.byId = new Map(nodes.map((n) => [n.id, n]));
  }
  /** Root first, without the node itself. */
  ancestors(id: number): number[] {
    const chain: number[] = [];
    for (let p = this.byId.get(id)!.parentId; p !== null; p = this.byId.get(p)!.parentId) chain.unshift(p);
    return chain;
  }
  children(id: number): number[] {
    return this.nodes.filter((n) => n.parentId === id).map((n) => n.id);
  }
  /** Inside a granted subtree: the node is a root or lies below one. */
  inside(id: number, roots: number[]): boolean {
    return roots.some((r) => r === id || this.ancestors(id).includes(r));
  }
  /** On the way down to a granted subtree: shown, not opened. */
  above(id: number, roots: number[]): boolean {
    return roots.some((r) => this.ancestors(r).includes(id));
  }
  visible(id: number, roots: number[]): boolean {
    return this.inside(id, roots) || this.above(id, roots);
  }
}

type RegionNode = TreeNode & { level: RegionLevel; name: string };
type OrgNode = TreeNode & { name: string };

const regionRoles = ['region_admin', 'grid_worker'] as const;
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('scope property: region and org endpoints answer exactly the grants’ subtrees', () => {
  const t = useTestApp();
  let regions: TreeModel<RegionNode>;
  let orgs: TreeModel<OrgNode>;
  let sessions: Sessions;

  async function snapshot(db: TestApp['db']) {
    return {
      regions: await db.kysely.selectFrom('region').select(['id', 'parent_id', 'name', 'level', 'occupancy']).orderBy('id').execute(),
      orgs: await db.kysely.selectFrom('org').select(['id', 'parent_id', 'name', 'status']).orderBy('id').execute(),
    };
  }

  beforeAll(async () => {
    const tree = await seedSampleTree(t.db);
    const admin = await userWith(t, [{ role: 'platform_admin' }]);
    const created = async (url: string, body: Record<string, unknown>): Promise<number> => {
      const res = await admin.post(url, body);
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json().id;
    };
    // A few local nodes beside the sample grid, so that several communities have subtrees.
    const grid2 = await created('/api/regions', { parentId: tree.communities[2], level: 'grid', name: '二网格' });
    await created('/api/regions', { parentId: grid2, level: 'building', name: '2栋' });
    await created('/api/regions', { parentId: tree.communities[1], level: 'grid', name: '三网格' });
    // 组织部 › { A › { A1, A2 }, B › B1 }
    const root = await created('/api/orgs', { parentId: null, type: 'organization_department', name: '区委组织部' });
    const a = await created('/api/orgs', { parentId: root, type: 'party_committee', name: 'A 党委' });
    const b = await created('/api/orgs', { parentId: root, type: 'party_committee', name: 'B 党委' });
    await created('/api/orgs', { parentId: a, type: 'branch', name: 'A1 支部' });
    await created('/api/orgs', { parentId: a, type: 'branch', name: 'A2 支部' });
    await created('/api/orgs', { parentId: b, type: 'branch', name: 'B1 支部' });

    const rows = await snapshot(t.db);
    regions = new TreeModel(rows.regions.map((r) => ({ id: r.id, parentId: r.parent_id, level: r.level, name: r.name })));
    orgs = new TreeModel(rows.orgs.map((o) => ({ id: o.id, parentId: o.parent_id, name: o.name })));
    sessions = new Sessions(t.db.kysely, t.config.session);
  });

  let userSeq = 0;
  /**
   * A fixture account with the grants, signed in by a session made directly: the property makes
   * more accounts than the login route's per-address rate limit lets through in a minute.
   */
  async function actorWith(grants: Grant[]): Promise<Client> {
    const db = t.db.kysely;
    const person = await db.insertInto('person').values({ name: `性质${++userSeq}` }).returning('id').executeTakeFirstOrThrow();
    const user = await db
      .insertInto('app_user')
      .values({ person_id: person.id, username: `prop.${userSeq}`, password_hash: 'unused' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const g of grants) {
      const isRegion = (regionRoles as readonly string[]).includes(g.role);
      await db
        .insertInto('user_grant')
        .values({ user_id: user.id, role: g.role, region_id: isRegion ? g.node : null, org_id: isRegion ? null : g.node })
        .execute();
    }
    const token = await sessions.create(user.id, { ip: null, userAgent: null });
    return new Client(t.app, `meshwork_session=${token}`);
  }

  /** A local level that may not sit under `level`: refused after the scope check, so it creates nothing. */
  const misplacedLevel = (level: RegionLevel) => localLevels.find((l) => !childLevels[level].includes(l))!;

  async function checkRegion(as: Client, id: number, roots: number[]): Promise<void> {
    const node = regions.byId.get(id)!;
    const inside = regions.inside(id, roots);
    const visible = regions.visible(id, roots);
    const label = { region: id, roots };

    const get = await as.get(`/api/regions/${id}`);
    expect({ ...label, status: get.statusCode }).toEqual({ ...label, status: visible ? 200 : 403 });
    if (visible) {
      expect(get.json().inScope).toBe(inside);
      expect(get.json().ancestors.map((a: { id: number }) => a.id)).toEqual(regions.ancestors(id));
    }

    const children = await as.get(`/api/regions/${id}/children`);
    expect({ ...label, status: children.statusCode }).toEqual({ ...label, status: visible ? 200 : 403 });
    if (visible) {
      const items = children.json().items as Array<{ id: number; inScope: boolean }>;
      const expected = regions.children(id).filter((c) => regions.visible(c, roots));
      expect(sorted(items.map((c) => c.id))).toEqual(sorted(expected));
      expect(children.json().total).toBe(expected.length);
      for (const c of items) expect({ child: c.id, inScope: c.inScope }).toEqual({ child: c.id, inScope: regions.inside(c.id, roots) });
    }

    // Writes: outside the write scope always 403; inside, the scope check passes and a later
    // rule refuses (so that the tree stays as the model knows it).
    const patch = await as.patch(`/api/regions/${id}`, { name: node.name });
    const create = await as.post('/api/regions', { parentId: id, level: misplacedLevel(node.level), name: '性质测试' });
    if (!inside) {
      const remove = await as.delete(`/api/regions/${id}`);
      expect({ ...label, statuses: [patch.statusCode, create.statusCode, remove.statusCode] }).toEqual({ ...label, statuses: [403, 403, 403] });
    } else {
      const isLocal = (localLevels as readonly RegionLevel[]).includes(node.level);
      expect({ ...label, statuses: [patch.statusCode, create.statusCode] }).toEqual({ ...label, statuses: [isLocal ? 200 : 422, 422] });
    }
  }

  async function checkOrg(as: Client, id: number, roots: number[]): Promise<void> {
    const node = orgs.byId.get(id)!;
    const inside = orgs.inside(id, roots);
    const visible = orgs.visible(id, roots);
    const label = { org: id, roots };

    const get = await as.get(`/api/orgs/${id}`);
    expect({ ...label, status: get.statusCode }).toEqual({ ...label, status: visible ? 200 : 403 });
    if (visible) {
      expect(get.json().inScope).toBe(inside);
      expect(get.json().ancestors.map((a: { id: number }) => a.id)).toEqual(orgs.ancestors(id));
    }

    const children = await as.get(`/api/orgs/${id}/children`);
    expect({ ...label, status: children.statusCode }).toEqual({ ...label, status: visible ? 200 : 403 });
    if (visible) {
      const items = children.json() as Array<{ id: number; inScope: boolean }>;
      expect(sorted(items.map((c) => c.id))).toEqual(sorted(orgs.children(id).filter((c) => orgs.visible(c, roots))));
      for (const c of items) expect({ child: c.id, inScope: c.inScope }).toEqual({ child: c.id, inScope: orgs.inside(c.id, roots) });
    }

    const patch = await as.patch(`/api/orgs/${id}`, { name: node.name });
    if (!inside) {
      const close = await as.post(`/api/orgs/${id}/close`, { reason: '性质测试' });
      const create = await as.post('/api/orgs', { parentId: id, type: 'branch', name: '性质测试支部' });
      expect({ ...label, statuses: [patch.statusCode, close.statusCode, create.statusCode] }).toEqual({ ...label, statuses: [403, 403, 403] });
    } else {
      expect({ ...label, status: patch.statusCode }).toEqual({ ...label, status: 200 });
      if (orgs.children(id).length > 0) {
        // Closing is refused for the children it still has, not for scope.
        expect((await as.post(`/api/orgs/${id}/close`, { reason: '性质测试' })).statusCode).toBe(409);
      }
    }
  }

  it('holds for random grants and random targets', { timeout: 120_000 }, async () => {
    const before = await snapshot(t.db);
    const regionIds = regions.nodes.map((n) => n.id);
    const orgIds = orgs.nodes.map((n) => n.id);
    const grant: fc.Arbitrary<Grant> = fc.oneof(
      fc.record({ role: fc.constantFrom(...regionRoles), node: fc.constantFrom(...regionIds) }),
      fc.record({ role: fc.constant('org_admin' as const), node: fc.constantFrom(...orgIds) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(grant, { minLength: 1, maxLength: 3, selector: (g) => `${g.role}:${g.node}` }),
        fc.subarray(regionIds, { minLength: 1, maxLength: 4 }),
        fc.subarray(orgIds, { minLength: 1, maxLength: 3 }),
        async (grants, regionTargets, orgTargets) => {
          const as = await actorWith(grants);
          const regionRoots = grants.filter((g) => g.role !== 'org_admin').map((g) => g.node);
          const orgRoots = grants.filter((g) => g.role === 'org_admin').map((g) => g.node);
          for (const id of regionTargets) await checkRegion(as, id, regionRoots);
          for (const id of orgTargets) await checkOrg(as, id, orgRoots);
        },
      ),
      { numRuns: 40 },
    );
    // Names were rewritten to themselves at most: the trees are as they were.
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('roots list exactly the topmost granted nodes', { timeout: 60_000 }, async () => {
    const grant: fc.Arbitrary<Grant> = fc.record({ role: fc.constantFrom(...regionRoles), node: fc.constantFrom(...regions.nodes.map((n) => n.id)) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(grant, { minLength: 1, maxLength: 3, selector: (g) => g.node }), async (grants) => {
        const as = await actorWith(grants);
        const roots = grants.map((g) => g.node);
        const topmost = roots.filter((r) => !roots.some((o) => o !== r && regions.ancestors(r).includes(o)));
        const res = await as.get('/api/regions/roots');
        expect(res.statusCode).toBe(200);
        expect(sorted((res.json() as Array<{ id: number }>).map((n) => n.id))).toEqual(sorted(topmost));
      }),
      { numRuns: 20 },
    );
  });
});
