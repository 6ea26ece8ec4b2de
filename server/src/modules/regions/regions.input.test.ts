import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ErrorBody } from '@meshwork/contracts';
import { rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';

/**
 * Bad input on every regions endpoint gets a 4xx with `{ error: { code, message } }` and changes
 * nothing. The caller is the platform admin, so that nothing is refused for want of rights.
 */
describe('regions: bad input', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let admin: Client;

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    admin = await userWith(t, [{ role: 'platform_admin' }]);
  });

  const json = { 'content-type': 'application/json' };
  const longName = '楼'.repeat(101);

  async function counts(): Promise<{ region: number; audit: number }> {
    return { region: await rowCount(t.db, 'region'), audit: await rowCount(t.db, 'audit_log') };
  }

  /** The request is answered with `status` and an error body, and no region row appears or goes. */
  async function rejects(status: number, code: string, send: () => Promise<LightMyRequestResponse>): Promise<void> {
    const before = await counts();
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    const body = ErrorBody.parse(res.json());
    expect(body.error.code).toBe(code);
    expect(body.error.message).not.toBe('');
    const after = await counts();
    expect(after.region).toBe(before.region);
    // Denials are audited; bad input is not a write.
    expect(after.audit).toBe(before.audit);
  }

  describe('POST /api/regions', () => {
    const valid = () => ({ parentId: tree.grid, level: 'building', name: '新楼' });

    it.each([
      ['a string parentId', { parentId: 'x' }],
      ['a numeric string as parentId', { parentId: '1' }],
      ['a negative parentId', { parentId: -1 }],
      ['a number as name', { name: 5 }],
      ['an empty name', { name: '' }],
      ['a blank name', { name: '   ' }],
      ['a name over 100 characters', { name: longName }],
      ['a division level', { level: 'community' }],
      ['an unknown level', { level: 'floor' }],
      ['an unknown occupancy', { level: 'household', occupancy: 'palace' }],
      ['an unknown field', { code: '110101001099' }],
      ['a missing name', { name: undefined }],
    ])('refuses %s', async (_, patch) => {
      await rejects(400, 'VALIDATION_FAILED', () => admin.post('/api/regions', { ...valid(), ...patch }));
    });

    it('accepts exactly 100 characters (the boundary above is real)', async () => {
      const res = await admin.post('/api/regions', { ...valid(), name: '楼'.repeat(100) });
      expect(res.statusCode, res.body).toBe(201);
    });

    it('refuses malformed JSON', async () => {
      await rejects(400, 'BAD_REQUEST', () => admin.request('POST', '/api/regions', '{"parentId": 1, "level": "building", "name": ', json));
    });

    it('refuses an array body', async () => {
      await rejects(400, 'VALIDATION_FAILED', () => admin.request('POST', '/api/regions', JSON.stringify([valid()]), json));
    });

    it('refuses an empty JSON body', async () => {
      await rejects(400, 'BAD_REQUEST', () => admin.request('POST', '/api/regions', '', json));
    });

    it('refuses a body over 1 MB', async () => {
      const body = JSON.stringify({ ...valid(), name: 'x'.repeat(1024 * 1024 + 10) });
      await rejects(413, 'PAYLOAD_TOO_LARGE', () => admin.request('POST', '/api/regions', body, json));
    });

    it('refuses a body that is not JSON', async () => {
      await rejects(415, 'UNSUPPORTED_MEDIA_TYPE', () => admin.request('POST', '/api/regions', 'name=新楼', { 'content-type': 'text/csv' }));
    });
  });

  describe('PATCH /api/regions/:id', () => {
    it.each([
      ['an empty patch', {}],
      ['an empty name', { name: '' }],
      ['a name over 100 characters', { name: longName }],
      ['a number as name', { name: 101 }],
      ['an unknown occupancy', { occupancy: 'palace' }],
      ['an unknown field', { level: 'grid' }],
      ['a path', { name: '新名', path: '1.2.3' }],
    ])('refuses %s', async (_, body) => {
      await rejects(400, 'VALIDATION_FAILED', () => admin.patch(`/api/regions/${tree.households[0]}`, body));
    });

    it('refuses malformed JSON and oversized bodies', async () => {
      await rejects(400, 'BAD_REQUEST', () => admin.request('PATCH', `/api/regions/${tree.households[0]}`, '{"name":', json));
      const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
      await rejects(413, 'PAYLOAD_TOO_LARGE', () => admin.request('PATCH', `/api/regions/${tree.households[0]}`, big, json));
    });
  });

  describe('POST /api/regions/:id/move', () => {
    it.each([
      ['no parentId', {}],
      ['a string parentId', { parentId: 'grid' }],
      ['a numeric string as parentId', { parentId: '1' }],
      ['a zero parentId', { parentId: 0 }],
      ['a fractional parentId', { parentId: 1.5 }],
      ['an unknown field', { parentId: 1, name: 'x' }],
    ])('refuses %s', async (_, body) => {
      await rejects(400, 'VALIDATION_FAILED', () => admin.post(`/api/regions/${tree.building}/move`, body));
    });

    it('refuses malformed JSON', async () => {
      await rejects(400, 'BAD_REQUEST', () => admin.request('POST', `/api/regions/${tree.building}/move`, '{parentId: 1}', json));
    });
  });

  describe('bad ids', () => {
    it.each(['abc', '0', '-1', '1.5', '1e3x', '99999999999999999999'])('refuses /api/regions/%s on every route', async (id) => {
      await rejects(400, 'VALIDATION_FAILED', () => admin.get(`/api/regions/${id}`));
      await rejects(400, 'VALIDATION_FAILED', () => admin.get(`/api/regions/${id}/children`));
      await rejects(400, 'VALIDATION_FAILED', () => admin.patch(`/api/regions/${id}`, { name: '新名' }));
      await rejects(400, 'VALIDATION_FAILED', () => admin.post(`/api/regions/${id}/move`, { parentId: tree.grid }));
      await rejects(400, 'VALIDATION_FAILED', () => admin.delete(`/api/regions/${id}`));
      await rejects(400, 'VALIDATION_FAILED', () => admin.get(`/api/regions/${id}/households.xlsx`));
      await rejects(400, 'VALIDATION_FAILED', () => admin.upload(`/api/regions/${id}/households/import`, [{ name: 'a.xlsx', data: Buffer.from('x') }]));
    });
  });

  describe('query strings', () => {
    it.each([
      ['no q', ''],
      ['an empty q', '?q='],
      ['a blank q', '?q=%20%20'],
      ['a q over 50 characters', `?q=${'社'.repeat(51)}`],
      ['a zero limit', '?q=社区&limit=0'],
      ['a limit over 100', '?q=社区&limit=101'],
      ['a limit that is no number', '?q=社区&limit=ten'],
      ['an unknown parameter', '?q=社区&level=community'],
    ])('search refuses %s', async (_, query) => {
      const q = query.replace(/[^\x20-\x7e]/g, encodeURIComponent);
      await rejects(400, 'VALIDATION_FAILED', () => admin.get(`/api/regions/search${q}`));
      await rejects(400, 'VALIDATION_FAILED', () => admin.get(`/api/divisions/search${q}`));
    });

    it.each([
      ['a zero limit', '?limit=0'],
      ['a limit over 1000', '?limit=1001'],
      ['a negative offset', '?offset=-1'],
      ['an unknown parameter', '?sort=name'],
    ])('children refuse %s', async (_, query) => {
      await rejects(400, 'VALIDATION_FAILED', () => admin.get(`/api/regions/${tree.district}/children${query}`));
    });

    it.each([
      ['letters', '?under=abc'],
      ['one digit', '?under=1'],
      ['13 digits', `?under=${'1'.repeat(13)}`],
      ['an unknown parameter', '?dry=1'],
    ])('the division import refuses %s in under', async (_, query) => {
      await rejects(400, 'VALIDATION_FAILED', () => admin.upload(`/api/regions/divisions/import${query}`, [{ name: 'provinces.csv', data: Buffer.from('code,name\n') }]));
    });
  });

  describe('uploads', () => {
    it('refuse a JSON body where a file is expected', async () => {
      await rejects(415, 'UNSUPPORTED_MEDIA_TYPE', () => admin.post(`/api/regions/${tree.communities[0]}/households/import`, { rows: [] }));
      await rejects(415, 'UNSUPPORTED_MEDIA_TYPE', () => admin.post('/api/regions/divisions/import', { provinces: [] }));
    });

    it('refuse a multipart request without a file', async () => {
      await rejects(422, 'FILE_INVALID', () => admin.upload('/api/regions/divisions/import', []));
    });
  });
});
