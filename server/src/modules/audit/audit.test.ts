import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@meshwork/contracts';
import { rowCount, seedSampleTree, type Client, type SampleTree, TEST_PASSWORD, useTestApp, userWith } from '../../../test/helpers.js';

type Signed = Client & { userId: number; username: string };
type Page = { items: AuditEntry[]; total: number };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit log', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let admin: Signed;
  let auditor: Signed;
  let worker: Signed;

  const auditRows = () => rowCount(t.db, 'audit_log');

  async function search(query: string): Promise<Page> {
    const res = await auditor.get(`/api/audit?${query}`);
    if (res.statusCode !== 200) throw new Error(`search ${query}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  const login = (username: string, password: string, remoteAddress = '10.9.9.9') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    auditor = await userWith(t, [{ role: 'auditor' }]);
    worker = await userWith(t, [{ role: 'grid_worker', regionId: tree.communities[0] }]);
  });

  describe('search', () => {
    it('filters by username (contained), action (prefix), entity, result', async () => {
      await login(worker.username, 'Wrong!Pass-1');
      const created = await admin.post('/api/users', { username: 'audited.one', name: '被审计', password: 'Audit#Pass-31' });
      const userId = String(created.json().id);

      const byName = await search(`username=${worker.username.slice(2)}&limit=500`);
      expect(byName.items.length).toBeGreaterThan(0);
      expect(byName.items.every((e) => e.username!.includes(worker.username.slice(2)))).toBe(true);
      expect(byName.items.some((e) => e.action === 'auth.login' && e.result === 'failed' && e.ip === '10.9.9.9')).toBe(true);

      const auth = await search('action=auth.&limit=500');
      expect(auth.items.every((e) => e.action.startsWith('auth.'))).toBe(true);
      expect(auth.items.some((e) => e.action === 'auth.login')).toBe(true);
      // A prefix, not a substring: "login" matches nothing.
      expect((await search('action=login')).total).toBe(0);
      // LIKE's own wildcards are literal: "auth_" is not "auth."
      expect((await search('action=auth_')).total).toBe(0);

      const entity = await search(`entity=user&entityId=${userId}`);
      expect(entity.items.map((e) => e.action)).toEqual(['user.create']);
      expect(entity.items[0]).toMatchObject({ userId: admin.userId, username: admin.username, result: 'ok', changes: { username: 'audited.one' } });

      const failed = await search('result=failed&limit=500');
      expect(failed.total).toBeGreaterThan(0);
      expect(failed.items.every((e) => e.result === 'failed')).toBe(true);
      const all = await search('limit=500');
      expect(failed.total).toBe(all.items.filter((e) => e.result === 'failed').length);
    });

    it('filters by time: from inclusive, to exclusive', async () => {
      const start = new Date();
      await pause(30);
      await login(worker.username, 'Wrong!Pass-1', '10.9.9.1');
      await pause(30);
      const middle = new Date();
      await pause(30);
      await login(worker.username, 'Wrong!Pass-1', '10.9.9.2');
      await pause(30);
      const end = new Date();

      const window = (from: Date, to: Date) => search(`from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&action=auth.login`);
      expect((await window(start, middle)).items.map((e) => e.ip)).toEqual(['10.9.9.1']);
      expect((await window(middle, end)).items.map((e) => e.ip)).toEqual(['10.9.9.2']);
      expect((await window(start, end)).items.map((e) => e.ip)).toEqual(['10.9.9.2', '10.9.9.1']);
      // An offset other than Z names the same instant.
      const shifted = middle.toISOString().replace('Z', '+00:00');
      expect((await search(`from=${encodeURIComponent(shifted)}&action=auth.login`)).items.map((e) => e.ip)).toEqual(['10.9.9.2']);
    });

    it('pages newest first, with a stable total', async () => {
      for (let i = 0; i < 5; i++) await login(`pager${i}`, 'Wrong!Pass-1');
      const whole = await search('action=auth.login&limit=6');
      const first = await search('action=auth.login&limit=3&offset=0');
      const second = await search('action=auth.login&limit=3&offset=3');
      expect(first.total).toBe(whole.total);
      expect(second.total).toBe(whole.total);
      expect([...first.items, ...second.items].map((e) => e.id)).toEqual(whole.items.map((e) => e.id));
      const ids = whole.items.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const beyond = await search(`action=auth.login&offset=${whole.total}`);
      expect(beyond).toEqual({ items: [], total: whole.total });
    });

    it('is for the auditor only', async () => {
      for (const role of ['platform_admin', 'security_admin'] as const) {
        const u = await userWith(t, [{ role }]);
        expect((await u.get('/api/audit')).statusCode).toBe(403);
        expect((await u.get('/api/audit/export.xlsx')).statusCode).toBe(403);
      }
      expect((await worker.get('/api/audit')).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    });
  });

  describe('export', () => {
    it('is a workbook of the filtered rows, and is itself audited', async () => {
      const expected = await search('action=auth.&limit=500');
      const res = await auditor.get('/api/audit/export.xlsx?action=auth.');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('审计日志.xlsx'));

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('审计日志')!;
      expect(sheet).toBeDefined();
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      expect(String(values(1)[0])).toContain(`共 ${expected.total} 条`);
      expect(values(2)).toEqual(['编号', '时间', '用户', '操作', '对象', '对象编号', '结果', 'IP', '变更', '说明']);
      const rows = Array.from({ length: sheet.rowCount - 2 }, (_, i) => values(i + 3));
      expect(rows.map((r) => r[0])).toEqual(expected.items.map((e) => e.id));
      expect(rows.every((r) => String(r[3]).startsWith('auth.'))).toBe(true);
      const failedRow = rows.find((r) => r[6] === '失败');
      expect(failedRow).toBeDefined();

      const exports = await search('action=audit.export');
      expect(exports.items[0]).toMatchObject({ userId: auditor.userId, result: 'ok', changes: { action: 'auth.' }, detail: `${expected.total} rows` });
    });
  });

  describe('append-only', () => {
    it.each([
      ['UPDATE', sql`UPDATE audit_log SET detail = 'rewritten'`],
      ['DELETE', sql`DELETE FROM audit_log`],
      ['TRUNCATE', sql`TRUNCATE audit_log`],
    ])('refuses %s in the database itself', async (_statement, statement) => {
      await login(worker.username, TEST_PASSWORD);
      const before = await t.db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(before.length).toBeGreaterThan(0);
      await expect(statement.execute(t.db.kysely)).rejects.toMatchObject({ code: '42501' });
      expect(await t.db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
    });
  });

  describe('denied requests', () => {
    it('writes a denied row for a 403 from any route, and none for other errors', async () => {
      const security = await userWith(t, [{ role: 'security_admin' }]);
      const denials: Array<[Signed, () => Promise<LightMyRequestResponse>, string]> = [
        [auditor, () => auditor.post('/api/regions', { parentId: tree.grid, level: 'building', name: '审计员楼' }), 'POST /api/regions'],
        [admin, () => admin.get('/api/audit'), 'GET /api/audit'],
        [worker, () => worker.get(`/api/regions/${tree.communities[3]}`), 'GET /api/regions/:id'],
        [worker, () => worker.post('/api/users', { username: 'never.made', name: '无', password: 'Never#Made-11' }), 'POST /api/users'],
        [security, () => security.post(`/api/users/${security.userId}/grants`, { role: 'grid_worker', regionId: tree.grid }), 'POST /api/users/:id/grants'],
      ];
      for (const [who, request, action] of denials) {
        const before = await auditRows();
        const res = await request();
        expect(res.statusCode).toBe(403);
        expect(await auditRows()).toBe(before + 1);
        const [row] = await t.db.kysely.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).execute();
        expect(row).toMatchObject({ action, result: 'denied', user_id: who.userId, username: who.username, ip: '127.0.0.1' });
        // The denial's own reason, as the user was told it.
        expect(row!.detail).toBe(res.json<{ error: { message: string } }>().error.message);
      }

      // A 404, a 422 and a 401 are not denials.
      const before = await auditRows();
      expect((await admin.get('/api/users/987654')).statusCode).toBe(404);
      expect((await admin.post('/api/regions', { parentId: tree.households[0], level: 'grid', name: '错层' })).statusCode).toBe(422);
      expect((await t.app.inject({ method: 'GET', url: '/api/users' })).statusCode).toBe(401);
      expect(await auditRows()).toBe(before);
    });
  });

  describe('bad input', () => {
    it.each([
      'limit=0',
      'limit=abc',
      'limit=501',
      'limit=1.5',
      'offset=-1',
      'result=nope',
      'from=yesterday',
      'to=2026-01-01',
      'from=2026-01-01T00:00:00',
      'username=' + 'x'.repeat(65),
      'unknown=1',
    ])('GET /api/audit?%s → 400, nothing written', async (query) => {
      for (const url of [`/api/audit?${query}`, `/api/audit/export.xlsx?${query}`]) {
        // Paging belongs to the search; the export takes the filters only, so it refuses it too.
        const before = await auditRows();
        const res = await auditor.get(url);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
        expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } });
        expect(await auditRows()).toBe(before);
      }
    });
  });
});
