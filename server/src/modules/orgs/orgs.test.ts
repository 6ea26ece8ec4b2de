import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { orgType, type OrgDetail, type OrgNode, type OrgSearchHit, type OrgType } from '@meshwork/contracts';
import { anonymous, errorCode, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';

/**
 * The org tree through its HTTP API: creating, browsing, editing, moving and closing orgs, each
 * as the platform admin and as an org admin confined to one subtree.
 *
 *   市委组织部 (root)
 *   ├─ 东城区委 (a)            ← orgAdmin's scope
 *   │  └─ 东华门街道工委 (a1)   ← a1Admin's scope
 *   │     └─ 多福巷社区党委 (a1a)
 *   └─ 西城区委 (b)            ← outside orgAdmin's scope
 */
describe('orgs', () => {
  const t = useTestApp();
  let regions: SampleTree;
  let admin: Client;
  let orgAdmin: Client;
  let a1Admin: Client;
  const ids = { root: 0, a: 0, a1: 0, a1a: 0, b: 0 };

  // ---- local helpers ----

  async function create(as: Client, body: Record<string, unknown>): Promise<OrgDetail> {
    const res = await as.post('/api/orgs', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<OrgDetail>();
  }

  /** A child org; names must be unique among active siblings, so each test picks its own. */
  function child(as: Client, parentId: number, name: string, type: OrgType = 'branch', extra: Record<string, unknown> = {}) {
    return create(as, { parentId, type, name, ...extra });
  }

  async function read(id: number, as: Client = admin): Promise<OrgDetail> {
    const res = await as.get(`/api/orgs/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<OrgDetail>();
  }

  async function list<T = OrgNode>(as: Client, url: string): Promise<T[]> {
    const res = await as.get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T[]>();
  }

  /** Asserts the error status and code together, showing the body when they differ. */
  function expectError(res: LightMyRequestResponse, status: number, code: string): void {
    expect({ status: res.statusCode, code: errorCode(res) }, res.body).toEqual({ status, code });
  }

  /** Runs a request that must be refused and checks that the org table did not change. */
  async function refused(request: () => Promise<LightMyRequestResponse>, status: number, code: string): Promise<void> {
    const before = await t.db.kysely.selectFrom('org').selectAll().orderBy('id').execute();
    expectError(await request(), status, code);
    expect(await t.db.kysely.selectFrom('org').selectAll().orderBy('id').execute()).toEqual(before);
  }

  async function auditChanges(action: string, id: number): Promise<unknown[]> {
    const rows = await t.db.kysely
      .selectFrom('audit_log')
      .select('changes')
      .where('action', '=', action)
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    return rows.map((r) => r.changes);
  }

  const idsOf = (nodes: ReadonlyArray<{ id: number }>) => nodes.map((n) => n.id).sort((x, y) => x - y);

  beforeAll(async () => {
    regions = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    const root = await create(admin, { parentId: null, type: 'organization_department', name: '市委组织部', code: 'swzzb' });
    ids.root = root.id;
    ids.a = (await child(admin, root.id, '东城区委', 'party_committee')).id;
    ids.a1 = (await child(admin, ids.a, '东华门街道工委', 'working_committee', { code: 'dhm-gw' })).id;
    ids.a1a = (await child(admin, ids.a1, '多福巷社区党委', 'party_committee')).id;
    ids.b = (await child(admin, root.id, '西城区委', 'party_committee')).id;
    orgAdmin = await userWith(t, [{ role: 'org_admin', orgId: ids.a }]);
    a1Admin = await userWith(t, [{ role: 'org_admin', orgId: ids.a1 }]);
  });

  describe('create', () => {
    it('lets the platform admin create a top-level org, and audits it', async () => {
      const top = await create(admin, { parentId: null, type: 'working_committee', name: '市直机关工委' });
      expect(top).toMatchObject({ parentId: null, status: 'active', ancestors: [], inScope: true });
      expect(await auditChanges('org.create', top.id)).toEqual([expect.objectContaining({ parentId: null, name: '市直机关工委', type: 'working_committee' })]);
    });

    it('refuses top-level orgs to an org admin, and to roles that only read', async () => {
      const body = { parentId: null, type: 'organ', name: '越权顶级组织' };
      await refused(() => orgAdmin.post('/api/orgs', body), 403, 'FORBIDDEN');
      const securityAdmin = await userWith(t, [{ role: 'security_admin' }]);
      await refused(() => securityAdmin.post('/api/orgs', body), 403, 'FORBIDDEN');
      await refused(() => anonymous(t).post('/api/orgs', body), 401, 'UNAUTHENTICATED');
    });

    it('lets an org admin create inside its subtree but not outside or above it', async () => {
      const inside = await child(orgAdmin, ids.a1, '东华门街道机关党支部');
      expect(inside).toMatchObject({ parentId: ids.a1, inScope: true });
      expect(inside.ancestors.map((a) => a.id)).toEqual([ids.root, ids.a, ids.a1]);
      await refused(() => orgAdmin.post('/api/orgs', { parentId: ids.b, type: 'branch', name: '越界支部' }), 403, 'FORBIDDEN');
      await refused(() => orgAdmin.post('/api/orgs', { parentId: ids.root, type: 'branch', name: '越界支部' }), 403, 'FORBIDDEN');
      // A member grant reads nothing and writes nothing, even at the org itself.
      const member = await userWith(t, [{ role: 'member', orgId: ids.a }]);
      await refused(() => member.post('/api/orgs', { parentId: ids.a, type: 'branch', name: '党员建的支部' }), 403, 'FORBIDDEN');
    });

    it('accepts every one of the 15 org types', async () => {
      expect(new Set(orgType.values).size).toBe(15);
      const parent = await child(orgAdmin, ids.a, '类型测试', 'organ');
      for (const type of orgType.values) {
        expect((await child(orgAdmin, parent.id, `类型-${type}`, type)).type).toBe(type);
      }
      expect((await list(admin, `/api/orgs/${parent.id}/children`)).map((c) => c.type).sort()).toEqual([...orgType.values].sort());
    });

    it('sets a region and a supervising unit, shown by name', async () => {
      const org = await child(orgAdmin, ids.a, '东城区慈善协会', 'association', {
        regionId: regions.streets[0],
        supervisingOrgId: ids.a1,
        contactName: '王联络',
        contactPhone: '010-65123456',
      });
      const expected = { regionId: regions.streets[0], regionName: '东华门街道', supervisingOrgId: ids.a1, supervisingOrgName: '东华门街道工委' };
      expect(org).toMatchObject({ ...expected, contactName: '王联络', contactPhone: '010-65123456' });
      expect(await read(org.id)).toMatchObject(expected);
    });

    it('answers 404 for a region or supervising unit that does not exist or is closed', async () => {
      const body = { parentId: ids.a, type: 'association', name: '引用测试协会' };
      await refused(() => admin.post('/api/orgs', { ...body, regionId: 999_999 }), 404, 'NOT_FOUND');
      await refused(() => admin.post('/api/orgs', { ...body, supervisingOrgId: 999_999 }), 404, 'NOT_FOUND');
      const gone = await child(admin, ids.a, '已撤销的主管单位', 'organ');
      expect((await admin.post(`/api/orgs/${gone.id}/close`, { reason: '机构改革' })).statusCode).toBe(200);
      await refused(() => admin.post('/api/orgs', { ...body, supervisingOrgId: gone.id }), 404, 'NOT_FOUND');
    });

    it('does not let an org supervise itself', async () => {
      const org = await child(orgAdmin, ids.a, '自我主管协会', 'association');
      await refused(() => orgAdmin.patch(`/api/orgs/${org.id}`, { supervisingOrgId: org.id }), 422, 'CONSTRAINT_VIOLATED');
      expect((await read(org.id)).supervisingOrgId).toBeNull();
    });

    it('refuses a duplicate active sibling name, but not the same name elsewhere', async () => {
      await child(orgAdmin, ids.a, '重名支部');
      await refused(() => orgAdmin.post('/api/orgs', { parentId: ids.a, type: 'branch', name: '重名支部' }), 409, 'CONFLICT');
      // Names are trimmed before they are compared.
      await refused(() => orgAdmin.post('/api/orgs', { parentId: ids.a, type: 'organ', name: '  重名支部 ' }), 409, 'CONFLICT');
      expect((await child(orgAdmin, ids.a1, '重名支部')).parentId).toBe(ids.a1);
      // Top-level orgs are siblings too.
      await refused(() => admin.post('/api/orgs', { parentId: null, type: 'organ', name: '市委组织部' }), 409, 'CONFLICT');
    });

    it('refuses a duplicate code anywhere in the tree', async () => {
      await refused(() => orgAdmin.post('/api/orgs', { parentId: ids.a1a, type: 'branch', name: '代码重复支部', code: 'dhm-gw' }), 409, 'CONFLICT');
      await refused(() => admin.post('/api/orgs', { parentId: ids.b, type: 'branch', name: '代码重复支部', code: 'swzzb' }), 409, 'CONFLICT');
    });
  });

  describe('browse', () => {
    it('shows the platform-wide user every top-level org', async () => {
      const tops = await t.db.kysely.selectFrom('org').select('id').where('parent_id', 'is', null).where('status', '=', 'active').execute();
      for (const as of [admin, await userWith(t, [{ role: 'security_admin' }])]) {
        const roots = await list(as, '/api/orgs/roots');
        expect(idsOf(roots)).toEqual(idsOf(tops));
        expect(roots.every((r) => r.parentId === null && r.inScope)).toBe(true);
      }
    });

    it("shows an org-scoped user its grants' outermost orgs as roots", async () => {
      expect(idsOf(await list(orgAdmin, '/api/orgs/roots'))).toEqual([ids.a]);
      // a1 lies inside a: only a is a root; b is a second, separate root.
      const both = await userWith(t, [
        { role: 'org_admin', orgId: ids.a1 },
        { role: 'org_admin', orgId: ids.a },
        { role: 'org_admin', orgId: ids.b },
      ]);
      expect(idsOf(await list(both, '/api/orgs/roots'))).toEqual([ids.a, ids.b]);
      expectError(await (await userWith(t, [{ role: 'member', orgId: ids.a }])).get('/api/orgs/roots'), 403, 'FORBIDDEN');
      expectError(await anonymous(t).get('/api/orgs/roots'), 401, 'UNAUTHENTICATED');
    });

    it('reads one org with its ancestors, root first', async () => {
      const org = await read(ids.a1a, orgAdmin);
      expect(org).toMatchObject({ id: ids.a1a, parentId: ids.a1, name: '多福巷社区党委', inScope: true });
      expect(org.ancestors).toEqual([
        { id: ids.root, type: 'organization_department', name: '市委组织部' },
        { id: ids.a, type: 'party_committee', name: '东城区委' },
        { id: ids.a1, type: 'working_committee', name: '东华门街道工委' },
      ]);
      expectError(await admin.get('/api/orgs/999999'), 404, 'NOT_FOUND');
    });

    it('lets a scoped user read the way down to its scope, but nothing beside it', async () => {
      expect(await read(ids.root, a1Admin)).toMatchObject({ id: ids.root, inScope: false });
      expect(await read(ids.a, a1Admin)).toMatchObject({ id: ids.a, inScope: false });
      expect(await read(ids.a1, a1Admin)).toMatchObject({ id: ids.a1, inScope: true });
      expectError(await a1Admin.get(`/api/orgs/${ids.b}`), 403, 'FORBIDDEN');
      expectError(await a1Admin.get(`/api/orgs/${ids.b}/children`), 403, 'FORBIDDEN');
      // Children above the scope show only the path toward it, not its siblings.
      const rootChildren = await list(a1Admin, `/api/orgs/${ids.root}/children`);
      expect(rootChildren.map((c) => [c.id, c.inScope])).toEqual([[ids.a, false]]);
      const aChildren = await list(a1Admin, `/api/orgs/${ids.a}/children`);
      expect(aChildren.map((c) => [c.id, c.inScope])).toEqual([[ids.a1, true]]);
      // The platform admin sees every child of the root.
      expect(idsOf(await list(admin, `/api/orgs/${ids.root}/children`))).toEqual(expect.arrayContaining([ids.a, ids.b]));
    });

    it('hides closed children unless includeClosed=true', async () => {
      const parent = await child(admin, ids.b, '撤销测试街道', 'working_committee');
      const open = await child(admin, parent.id, '在册支部');
      const closed = await child(admin, parent.id, '撤销支部');
      expect((await admin.post(`/api/orgs/${closed.id}/close`, { reason: '合并' })).statusCode).toBe(200);
      expect(idsOf(await list(admin, `/api/orgs/${parent.id}/children`))).toEqual([open.id]);
      expect(idsOf(await list(admin, `/api/orgs/${parent.id}/children?includeClosed=false`))).toEqual([open.id]);
      const all = await list(admin, `/api/orgs/${parent.id}/children?includeClosed=true`);
      expect(all.map((c) => [c.id, c.status])).toEqual(expect.arrayContaining([[open.id, 'active'], [closed.id, 'closed']]));
      expect(all).toHaveLength(2);
    });

    it('searches by name and by exact code, with the path to each hit', async () => {
      const hits = await list<OrgSearchHit>(admin, `/api/orgs/search?q=${encodeURIComponent('街道工委')}`);
      const a1 = hits.find((h) => h.id === ids.a1);
      expect(a1?.pathNames).toEqual(['市委组织部', '东城区委']);
      expect(idsOf(await list<OrgSearchHit>(admin, '/api/orgs/search?q=dhm-gw'))).toEqual([ids.a1]);
      // Codes match whole, not in part.
      expect(await list<OrgSearchHit>(admin, '/api/orgs/search?q=dhm')).toEqual([]);
      // LIKE wildcards typed by a user are literal characters.
      expect(await list<OrgSearchHit>(admin, `/api/orgs/search?q=${encodeURIComponent('%')}`)).toEqual([]);
      expect(await list<OrgSearchHit>(admin, `/api/orgs/search?q=${encodeURIComponent('东_区委')}`)).toEqual([]);
    });

    it('searches only within the scope, and only active orgs', async () => {
      const q = `/api/orgs/search?q=${encodeURIComponent('西城区委')}`;
      expect(idsOf(await list<OrgSearchHit>(admin, q))).toEqual([ids.b]);
      expect(await list<OrgSearchHit>(orgAdmin, q)).toEqual([]);
      // The scope's own ancestors are readable, but not found by search.
      expect(await list<OrgSearchHit>(orgAdmin, '/api/orgs/search?q=swzzb')).toEqual([]);
      expect(idsOf(await list<OrgSearchHit>(orgAdmin, '/api/orgs/search?q=dhm-gw'))).toEqual([ids.a1]);
      const gone = await child(orgAdmin, ids.a, '即将撤销的搜索目标');
      expect((await orgAdmin.post(`/api/orgs/${gone.id}/close`, { reason: '撤并' })).statusCode).toBe(200);
      expect(await list<OrgSearchHit>(orgAdmin, `/api/orgs/search?q=${encodeURIComponent('即将撤销的搜索目标')}`)).toEqual([]);
      // The limit holds.
      expect(await list<OrgSearchHit>(admin, `/api/orgs/search?q=${encodeURIComponent('类型-')}&limit=3`)).toHaveLength(3);
    });
  });

  describe('edit', () => {
    it('edits fields and audits each changed one as [before, after]', async () => {
      const org = await child(orgAdmin, ids.a1, '待修改支部', 'branch', { code: 'dxg-1' });
      const res = await orgAdmin.patch(`/api/orgs/${org.id}`, {
        name: '已修改支部',
        type: 'branch', // unchanged: left out of the audit
        code: null,
        regionId: regions.communities[0],
        contactName: '李四',
        contactPhone: '13912345678',
      });
      expect(res.statusCode, res.body).toBe(200);
      const after = { name: '已修改支部', type: 'branch', code: null, regionId: regions.communities[0], regionName: '多福巷社区居委会', contactName: '李四', contactPhone: '13912345678' };
      expect(res.json<OrgNode>()).toMatchObject(after);
      expect(await read(org.id)).toMatchObject(after);
      expect(await auditChanges('org.update', org.id)).toEqual([
        {
          name: ['待修改支部', '已修改支部'],
          code: ['dxg-1', null],
          region_id: [null, regions.communities[0]],
          contact_name: [null, '李四'],
          contact_phone: [null, '13912345678'],
        },
      ]);
    });

    it('refuses edits outside the scope and renames onto an active sibling', async () => {
      await refused(() => orgAdmin.patch(`/api/orgs/${ids.b}`, { name: '越界改名' }), 403, 'FORBIDDEN');
      await refused(() => orgAdmin.patch(`/api/orgs/${ids.root}`, { contactName: '越界' }), 403, 'FORBIDDEN');
      const first = await child(orgAdmin, ids.a1, '改名甲');
      await child(orgAdmin, ids.a1, '改名乙');
      await refused(() => orgAdmin.patch(`/api/orgs/${first.id}`, { name: '改名乙' }), 409, 'CONFLICT');
      await refused(() => orgAdmin.patch(`/api/orgs/${first.id}`, { regionId: 999_999 }), 404, 'NOT_FOUND');
    });
  });

  describe('move', () => {
    it('moves an org with its subtree, and rewrites the ancestors below it', async () => {
      const p = await child(admin, ids.a, '迁移单位', 'organ');
      const q = await child(admin, p.id, '迁移单位党委', 'party_committee');
      const r = await child(admin, q.id, '迁移单位第一支部');
      const res = await admin.post(`/api/orgs/${p.id}/move`, { parentId: ids.b });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<OrgNode>().parentId).toBe(ids.b);
      expect((await read(r.id)).ancestors.map((a) => a.id)).toEqual([ids.root, ids.b, p.id, q.id]);
      expect((await read(q.id)).ancestors.map((a) => a.id)).toEqual([ids.root, ids.b, p.id]);
      expect(await auditChanges('org.move', p.id)).toEqual([{ parentId: [ids.a, ids.b] }]);
      // The subtree left a's scope with it; search paths follow too.
      expectError(await orgAdmin.get(`/api/orgs/${r.id}`), 403, 'FORBIDDEN');
      const hit = (await list<OrgSearchHit>(admin, `/api/orgs/search?q=${encodeURIComponent('迁移单位第一支部')}`))[0];
      expect(hit?.pathNames).toEqual(['市委组织部', '西城区委', '迁移单位', '迁移单位党委']);
    });

    it('refuses a move into the org itself or its own subtree', async () => {
      const p = await child(orgAdmin, ids.a, '环路单位', 'organ');
      const q = await child(orgAdmin, p.id, '环路下级');
      const r = await child(orgAdmin, q.id, '环路再下级');
      for (const target of [p.id, q.id, r.id]) {
        await refused(() => orgAdmin.post(`/api/orgs/${p.id}/move`, { parentId: target }), 422, 'ORG_MOVE_INVALID');
      }
    });

    it('refuses a move out of the scope, from outside it, or onto a sibling name', async () => {
      const p = await child(orgAdmin, ids.a, '不可越界迁移');
      await refused(() => orgAdmin.post(`/api/orgs/${p.id}/move`, { parentId: ids.b }), 403, 'FORBIDDEN');
      await refused(() => orgAdmin.post(`/api/orgs/${ids.b}/move`, { parentId: ids.a }), 403, 'FORBIDDEN');
      await refused(() => orgAdmin.post(`/api/orgs/${p.id}/move`, { parentId: 999_999 }), 404, 'NOT_FOUND');
      await child(orgAdmin, ids.a1, '不可越界迁移');
      await refused(() => orgAdmin.post(`/api/orgs/${p.id}/move`, { parentId: ids.a1 }), 409, 'CONFLICT');
    });
  });

  describe('close', () => {
    it('closes with a reason, and the closed org stays readable', async () => {
      const parent = await child(orgAdmin, ids.a, '撤销试点', 'organ');
      const leaf = await child(orgAdmin, parent.id, '撤销试点支部');
      await refused(() => orgAdmin.post(`/api/orgs/${parent.id}/close`, { reason: '撤销' }), 409, 'ORG_HAS_ACTIVE_CHILDREN');

      const res = await orgAdmin.post(`/api/orgs/${leaf.id}/close`, { reason: '单位撤并' });
      expect(res.statusCode, res.body).toBe(200);
      const closed = await read(leaf.id, orgAdmin);
      expect(closed).toMatchObject({ status: 'closed', closedReason: '单位撤并' });
      expect(Number.isNaN(Date.parse(closed.closedAt ?? ''))).toBe(false);
      expect(await auditChanges('org.close', leaf.id)).toEqual([{ reason: '单位撤并' }]);

      // Only closed children remain, so the parent may close now.
      expect((await orgAdmin.post(`/api/orgs/${parent.id}/close`, { reason: '撤销' })).statusCode).toBe(200);
    });

    it('refuses every write to a closed org, and frees its name for a new one', async () => {
      const parent = await child(orgAdmin, ids.a1, '关闭后写入测试', 'organ');
      const other = await child(orgAdmin, ids.a1, '可移动单位');
      const gone = await child(orgAdmin, parent.id, '已撤销支部');
      expect((await orgAdmin.post(`/api/orgs/${gone.id}/close`, { reason: '撤销' })).statusCode).toBe(200);

      await refused(() => orgAdmin.patch(`/api/orgs/${gone.id}`, { name: '复活' }), 409, 'ORG_CLOSED');
      await refused(() => orgAdmin.post('/api/orgs', { parentId: gone.id, type: 'party_group', name: '撤销后新建' }), 409, 'ORG_CLOSED');
      await refused(() => orgAdmin.post(`/api/orgs/${gone.id}/move`, { parentId: ids.a }), 409, 'ORG_CLOSED');
      await refused(() => orgAdmin.post(`/api/orgs/${other.id}/move`, { parentId: gone.id }), 409, 'ORG_CLOSED');
      await refused(() => orgAdmin.post(`/api/orgs/${gone.id}/close`, { reason: '再撤销' }), 409, 'ORG_CLOSED');

      const again = await child(orgAdmin, parent.id, '已撤销支部');
      expect(again.id).not.toBe(gone.id);
      expect((await read(gone.id)).status).toBe('closed');
    });

    it('refuses closing outside the scope', async () => {
      await refused(() => orgAdmin.post(`/api/orgs/${ids.b}/close`, { reason: '越界' }), 403, 'FORBIDDEN');
      await refused(() => a1Admin.post(`/api/orgs/${ids.a}/close`, { reason: '越界' }), 403, 'FORBIDDEN');
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of 20 parallel creates of one name under one parent succeed', async () => {
      const parent = await child(orgAdmin, ids.a, '并发测试单位', 'organ');
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => orgAdmin.post('/api/orgs', { parentId: parent.id, type: 'branch', name: '并发支部' })),
      );
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
      expect(responses.filter((r) => r.statusCode === 409).every((r) => errorCode(r) === 'CONFLICT')).toBe(true);
      const rows = await t.db.kysely.selectFrom('org').select('id').where('parent_id', '=', parent.id).where('name', '=', '并发支部').execute();
      expect(rows).toHaveLength(1);
    });

    it('lets exactly one of 20 parallel top-level creates of one name succeed', async () => {
      // No parent row to lock here: only the unique index stands between the racers.
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => admin.post('/api/orgs', { parentId: null, type: 'organ', name: '并发顶级组织' })),
      );
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
      const rows = await t.db.kysely.selectFrom('org').select('id').where('parent_id', 'is', null).where('name', '=', '并发顶级组织').execute();
      expect(rows).toHaveLength(1);
    });

    it('never leaves an active child under a closed parent when closing races a create', async () => {
      for (let round = 0; round < 8; round++) {
        const parent = await child(orgAdmin, ids.a1, `竞态父级${round}`, 'organ');
        const [closing, creating] = await Promise.all([
          orgAdmin.post(`/api/orgs/${parent.id}/close`, { reason: '竞态' }),
          orgAdmin.post('/api/orgs', { parentId: parent.id, type: 'branch', name: '竞态子级' }),
        ]);
        // Exactly one wins: either the parent closed first, or the child exists and blocks closing.
        const outcome = [closing.statusCode, errorCode(closing) ?? '', creating.statusCode, errorCode(creating) ?? ''];
        expect([
          [200, '', 409, 'ORG_CLOSED'],
          [409, 'ORG_HAS_ACTIVE_CHILDREN', 201, ''],
        ]).toContainEqual(outcome);
      }
      const orphans = await t.db.kysely
        .selectFrom('org as c')
        .innerJoin('org as p', 'p.id', 'c.parent_id')
        .select('c.id')
        .where('c.status', '=', 'active')
        .where('p.status', '=', 'closed')
        .execute();
      expect(orphans).toEqual([]);
    });

    /** Every org's path is its parent's path and its own id: no cycle, no stale subtree. */
    async function expectTreeConsistent(): Promise<void> {
      const wrong = await t.db.kysely
        .selectFrom('org as c')
        .leftJoin('org as p', 'p.id', 'c.parent_id')
        .select(['c.id', sql<string>`c.path::text`.as('path')])
        .where(sql<boolean>`c.path::text <> coalesce(p.path::text || '.', '') || c.id::text`)
        .execute();
      expect(wrong).toEqual([]);
    }

    it('of two opposite moves at once, one goes through and the other is refused, never a 500 or a cycle', async () => {
      for (let round = 0; round < 6; round++) {
        const x = await child(orgAdmin, ids.a, `对调甲${round}`, 'organ');
        const y = await child(orgAdmin, ids.a, `对调乙${round}`, 'organ');
        const [xy, yx] = await Promise.all([orgAdmin.post(`/api/orgs/${x.id}/move`, { parentId: y.id }), orgAdmin.post(`/api/orgs/${y.id}/move`, { parentId: x.id })]);
        expect([xy.statusCode, yx.statusCode].sort(), `${xy.body} ${yx.body}`).toEqual([200, 422]);
        expect([errorCode(xy), errorCode(yx)]).toContain('ORG_MOVE_INVALID');
      }
      await expectTreeConsistent();
    });

    it('moves that would close a cycle only together (a under b, while b’s ancestor goes under a’s descendant) do not both go through', async () => {
      for (let round = 0; round < 6; round++) {
        // a1 ⊃ d and c ⊃ b: moving a under b and c under d at once would make a → b → c → d → a.
        const a = await child(orgAdmin, ids.a, `环甲${round}`, 'organ');
        const d = await child(orgAdmin, a.id, `环丁${round}`);
        const c = await child(orgAdmin, ids.a, `环丙${round}`, 'organ');
        const b = await child(orgAdmin, c.id, `环乙${round}`);
        const [ab, cd] = await Promise.all([orgAdmin.post(`/api/orgs/${a.id}/move`, { parentId: b.id }), orgAdmin.post(`/api/orgs/${c.id}/move`, { parentId: d.id })]);
        expect([ab.statusCode, cd.statusCode].sort(), `${ab.body} ${cd.body}`).toEqual([200, 422]);
      }
      await expectTreeConsistent();
    });

    it('children created under a subtree while it moves end up with the subtree', async () => {
      const from = await child(orgAdmin, ids.a, '搬迁前上级', 'organ');
      const to = await child(orgAdmin, ids.a, '搬迁后上级', 'organ');
      const moving = await child(orgAdmin, from.id, '搬迁单位', 'organ');
      const inner = await child(orgAdmin, moving.id, '搬迁单位党委', 'party_committee');
      const [moved, ...created] = await Promise.all([
        orgAdmin.post(`/api/orgs/${moving.id}/move`, { parentId: to.id }),
        ...Array.from({ length: 12 }, (_, i) => orgAdmin.post('/api/orgs', { parentId: inner.id, type: 'branch', name: `搬迁中新建${i}` })),
      ]);
      expect(moved.statusCode, moved.body).toBe(200);
      expect(created.map((r) => r.statusCode)).toEqual(Array<number>(12).fill(201));
      for (const r of created) expect((await read(r.json<OrgDetail>().id)).ancestors.map((o) => o.id)).toEqual([ids.root, ids.a, to.id, moving.id, inner.id]);
      await expectTreeConsistent();
    });
  });
});
