import { beforeAll, describe, expect, it } from 'vitest';
import type { RegionDetail, RegionNode, RegionSearchHit } from '@meshwork/contracts';
import { anonymous, errorCode, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';

/**
 * Browsing the region tree as people with different grants see it:
 *
 *   北京市 › 市辖区 › 东城区
 *   ├─ 东华门街道 (streets[0])
 *   │  ├─ 多福巷社区居委会 (communities[0])  ← communityAdmin
 *   │  │  └─ 第一网格 › 1栋 › 1单元 › 101, 102
 *   │  └─ 银闸社区居委会 (communities[1])
 *   └─ 景山街道 (streets[1])
 *      ├─ 隆福寺社区居委会, 吉祥社区居委会
 */
describe('regions: browse', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let admin: Client;
  let communityAdmin: Client;
  let nobody: Client;

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    communityAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
    nobody = await userWith(t, []);
  });

  async function json<T>(as: Client, url: string): Promise<T> {
    const res = await as.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  }
  const names = (nodes: Array<{ name: string }>) => nodes.map((n) => n.name);
  const page = (as: Client, id: number, query = '') => json<{ items: RegionNode[]; total: number }>(as, `/api/regions/${id}/children${query}`);

  describe('roots', () => {
    it('are the provinces for a platform-wide user', async () => {
      const roots = await json<RegionNode[]>(admin, '/api/regions/roots');
      expect(roots).toEqual([expect.objectContaining({ id: tree.province, level: 'province', name: '北京市', code: '11', inScope: true, childCount: 1 })]);
    });

    it('are the granted community for a community-scoped region admin', async () => {
      const roots = await json<RegionNode[]>(communityAdmin, '/api/regions/roots');
      expect(roots).toEqual([expect.objectContaining({ id: tree.communities[0], level: 'community', inScope: true, childCount: 1 })]);
    });

    it('show a grant inside another grant only once', async () => {
      const both = await userWith(t, [
        { role: 'region_admin', regionId: tree.streets[0] },
        { role: 'grid_worker', regionId: tree.grid },
      ]);
      expect((await json<RegionNode[]>(both, '/api/regions/roots')).map((r) => r.id)).toEqual([tree.streets[0]]);
    });

    it('are FORBIDDEN without a region grant, and need a session', async () => {
      expect(errorCode(await nobody.get('/api/regions/roots'))).toBe('FORBIDDEN');
      expect(errorCode(await anonymous(t).get('/api/regions/roots'))).toBe('UNAUTHENTICATED');
    });
  });

  describe('one node', () => {
    it('carries its ancestors top first and the households below it', async () => {
      const community = await json<RegionDetail>(communityAdmin, `/api/regions/${tree.communities[0]}`);
      expect(community).toMatchObject({ id: tree.communities[0], inScope: true, householdCount: 2, childCount: 1 });
      expect(community.ancestors.map((a) => [a.level, a.name])).toEqual([
        ['province', '北京市'],
        ['city', '市辖区'],
        ['district', '东城区'],
        ['street', '东华门街道'],
      ]);
      const household = await json<RegionDetail>(communityAdmin, `/api/regions/${tree.households[0]}`);
      expect(household).toMatchObject({ level: 'household', name: '101', occupancy: 'owner', householdCount: 1, childCount: 0 });
      expect(household.ancestors.map((a) => a.id)).toEqual([
        tree.province,
        expect.any(Number),
        tree.district,
        tree.streets[0],
        tree.communities[0],
        tree.grid,
        tree.building,
        tree.entrance,
      ]);
    });

    it('is readable above the scope as the way down, without its counts', async () => {
      const district = await json<RegionDetail>(communityAdmin, `/api/regions/${tree.district}`);
      expect(district).toMatchObject({ id: tree.district, inScope: false, householdCount: 0 });
      // The platform admin sees the same node's real count.
      expect((await json<RegionDetail>(admin, `/api/regions/${tree.district}`)).householdCount).toBe(2);
    });

    it('is FORBIDDEN beside the path down to the scope, NOT_FOUND when absent', async () => {
      expect(errorCode(await communityAdmin.get(`/api/regions/${tree.communities[1]}`))).toBe('FORBIDDEN');
      expect(errorCode(await communityAdmin.get(`/api/regions/${tree.streets[1]}`))).toBe('FORBIDDEN');
      expect(errorCode(await admin.get('/api/regions/999999999'))).toBe('NOT_FOUND');
    });
  });

  describe('children', () => {
    it('carry child counts and are all in scope for the platform admin', async () => {
      const streets = await page(admin, tree.district);
      expect(streets.total).toBe(2);
      expect(streets.items.map((s) => [s.id, s.childCount, s.inScope])).toEqual([
        [tree.streets[0], 2, true],
        [tree.streets[1], 2, true],
      ]);
      const households = await page(admin, tree.entrance);
      expect(households.items.map((h) => [h.name, h.occupancy, h.childCount])).toEqual([
        ['101', 'owner', 0],
        ['102', 'rented', 0],
      ]);
    });

    it('above the scope list only the path down, not its siblings', async () => {
      const streets = await page(communityAdmin, tree.district);
      expect(streets).toEqual({ items: [expect.objectContaining({ id: tree.streets[0], inScope: false })], total: 1 });
      const communities = await page(communityAdmin, tree.streets[0]);
      expect(communities).toEqual({ items: [expect.objectContaining({ id: tree.communities[0], inScope: true, childCount: 1 })], total: 1 });
      expect(errorCode(await communityAdmin.get(`/api/regions/${tree.streets[1]}/children`))).toBe('FORBIDDEN');
    });

    it('page with limit and offset while total counts them all', async () => {
      const second = await page(admin, tree.streets[1], '?limit=1&offset=1');
      expect(second.total).toBe(2);
      expect(names(second.items)).toEqual(['吉祥社区居委会']);
    });
  });

  describe('search', () => {
    const search = (as: Client, q: string, path = '/api/regions/search') => json<RegionSearchHit[]>(as, `${path}?q=${encodeURIComponent(q)}`);

    it('by name stays inside the scope', async () => {
      expect(names(await search(admin, '社区'))).toHaveLength(4);
      const mine = await search(communityAdmin, '社区');
      expect(mine.map((h) => [h.id, h.inScope])).toEqual([[tree.communities[0], true]]);
      const outsider = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[1] }]);
      expect(await search(outsider, '101')).toEqual([]);
    });

    it('finds local nodes with the names of their ancestors', async () => {
      const [hit, ...rest] = await search(communityAdmin, '101');
      expect(rest).toEqual([]);
      expect(hit).toMatchObject({ id: tree.households[0], level: 'household' });
      expect(hit!.pathNames).toEqual(['北京市', '市辖区', '东城区', '东华门街道', '多福巷社区居委会', '第一网格', '1栋', '1单元']);
    });

    it('by code prefix stays inside the scope', async () => {
      const all = await search(admin, '110101001');
      expect(all.map((h) => h.code).sort()).toEqual(['110101001', '110101001001', '110101001002']);
      const streetAdmin = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[1] }]);
      const theirs = await search(streetAdmin, '1101010');
      expect(theirs.map((h) => h.code).sort()).toEqual(['110101002', '110101002001', '110101002002']);
    });

    it('takes LIKE wildcards literally', async () => {
      expect(await search(admin, '%')).toEqual([]);
      expect(await search(admin, '_')).toEqual([]);
    });

    it('of divisions serves any signed-in user, division levels only', async () => {
      const hits = await search(nobody, '1', '/api/divisions/search');
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => ['province', 'city', 'district', 'street', 'community'].includes(h.level) && !h.inScope)).toBe(true);
      expect(names(await search(nobody, '社区', '/api/divisions/search'))).toHaveLength(4);
      expect(await search(admin, '网格', '/api/divisions/search')).toEqual([]);
      expect(await search(admin, '101', '/api/divisions/search')).toEqual([]);
      expect(errorCode(await anonymous(t).get('/api/divisions/search?q=1'))).toBe('UNAUTHENTICATED');
    });
  });
});
