import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ErrorBody, orgLedgerColumns, type OrgDetail } from '@meshwork/contracts';
import { useTestApp, userWith, type Client } from '../../../test/helpers.js';
import { workbook } from '../../../test/excel.js';

/**
 * Bad input on every orgs endpoint: each must answer 4xx with `{ error: { code, message } }`
 * and leave the org table exactly as it was.
 */
describe('orgs input', () => {
  const t = useTestApp();
  let admin: Client;
  let parent: OrgDetail;
  let leaf: OrgDetail;

  const JSON_TYPE = { 'content-type': 'application/json' };
  const long = (n: number) => '长'.repeat(n);
  /** Over the 1 MB body limit, yet otherwise a valid request. */
  const huge = () => 'x'.repeat(1024 * 1024 + 1);

  /** A create body that the API accepts; cases change one thing about it. */
  const validCreate = () => ({ parentId: parent.id, type: 'branch', name: '合法支部' });

  /** A multipart request with a text field and no file. */
  function multipartWithoutFile(url: string) {
    const boundary = '----meshworkNoFile';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`;
    return admin.request('POST', url, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  }

  const validLedger = () => workbook(orgLedgerColumns, [['导入的单位', '机关']], '组织台账');

  interface Case {
    name: string;
    send: () => Promise<LightMyRequestResponse>;
    status: number;
    code: string;
  }
  const bad = (name: string, status: number, code: string, send: () => Promise<LightMyRequestResponse>): Case => ({ name, status, code, send });
  const invalid = (name: string, send: () => Promise<LightMyRequestResponse>) => bad(name, 400, 'VALIDATION_FAILED', send);
  const malformed = (name: string, send: () => Promise<LightMyRequestResponse>) => bad(name, 400, 'BAD_REQUEST', send);
  const badIds = ['abc', '0', '-1', '1.5', '99999999999999999999'];

  const cases: Case[] = [
    // POST /orgs
    malformed('create: malformed JSON', () => admin.request('POST', '/api/orgs', '{"parentId": 1, "name":', JSON_TYPE)),
    malformed('create: empty JSON body', () => admin.request('POST', '/api/orgs', '', JSON_TYPE)),
    invalid('create: JSON array', () => admin.post('/api/orgs', [validCreate()])),
    invalid('create: plain text', () => admin.request('POST', '/api/orgs', 'name=合法支部', { 'content-type': 'text/plain' })),
    bad('create: unsupported content type', 415, 'UNSUPPORTED_MEDIA_TYPE', () =>
      admin.request('POST', '/api/orgs', '<org/>', { 'content-type': 'application/xml' }),
    ),
    invalid('create: name is a number', () => admin.post('/api/orgs', { ...validCreate(), name: 123 })),
    invalid('create: type is a number', () => admin.post('/api/orgs', { ...validCreate(), type: 5 })),
    invalid('create: parentId is text', () => admin.post('/api/orgs', { ...validCreate(), parentId: 'abc' })),
    invalid('create: parentId is zero', () => admin.post('/api/orgs', { ...validCreate(), parentId: 0 })),
    invalid('create: parentId is fractional', () => admin.post('/api/orgs', { ...validCreate(), parentId: 1.5 })),
    invalid('create: regionId is an object', () => admin.post('/api/orgs', { ...validCreate(), regionId: { id: 1 } })),
    invalid('create: code is a number', () => admin.post('/api/orgs', { ...validCreate(), code: 12 })),
    invalid('create: code with spaces', () => admin.post('/api/orgs', { ...validCreate(), code: 'bad code!' })),
    invalid('create: bad contact phone', () => admin.post('/api/orgs', { ...validCreate(), contactPhone: '请拨总机' })),
    invalid('create: contact name > 50', () => admin.post('/api/orgs', { ...validCreate(), contactName: long(51) })),
    invalid('create: unknown field', () => admin.post('/api/orgs', { ...validCreate(), status: 'closed' })),
    invalid('create: path is not settable', () => admin.post('/api/orgs', { ...validCreate(), path: '1' })),
    invalid('create: missing name', () => admin.post('/api/orgs', { parentId: parent.id, type: 'branch' })),
    invalid('create: missing type', () => admin.post('/api/orgs', { parentId: parent.id, name: '合法支部' })),
    invalid('create: missing parentId', () => admin.post('/api/orgs', { type: 'branch', name: '合法支部' })),
    invalid('create: empty name', () => admin.post('/api/orgs', { ...validCreate(), name: '' })),
    invalid('create: blank name', () => admin.post('/api/orgs', { ...validCreate(), name: '   ' })),
    invalid('create: name > 100', () => admin.post('/api/orgs', { ...validCreate(), name: long(101) })),
    invalid('create: unknown type', () => admin.post('/api/orgs', { ...validCreate(), type: 'club' })),
    invalid('create: type label instead of value', () => admin.post('/api/orgs', { ...validCreate(), type: '党支部' })),
    bad('create: body > 1 MB', 413, 'PAYLOAD_TOO_LARGE', () => admin.post('/api/orgs', { ...validCreate(), name: huge() })),

    // PATCH /orgs/:id
    malformed('update: malformed JSON', () => admin.request('PATCH', `/api/orgs/${leaf.id}`, '{"name"', JSON_TYPE)),
    invalid('update: no body', () => admin.patch(`/api/orgs/${leaf.id}`)),
    invalid('update: nothing to change', () => admin.patch(`/api/orgs/${leaf.id}`, {})),
    invalid('update: parentId (moves have their own endpoint)', () => admin.patch(`/api/orgs/${leaf.id}`, { parentId: parent.id })),
    invalid('update: status (closing has its own endpoint)', () => admin.patch(`/api/orgs/${leaf.id}`, { status: 'closed' })),
    invalid('update: name is null', () => admin.patch(`/api/orgs/${leaf.id}`, { name: null })),
    invalid('update: name > 100', () => admin.patch(`/api/orgs/${leaf.id}`, { name: long(101) })),
    invalid('update: unknown type', () => admin.patch(`/api/orgs/${leaf.id}`, { type: 'club' })),
    invalid('update: supervisingOrgId is text', () => admin.patch(`/api/orgs/${leaf.id}`, { supervisingOrgId: 'abc' })),
    bad('update: body > 1 MB', 413, 'PAYLOAD_TOO_LARGE', () => admin.patch(`/api/orgs/${leaf.id}`, { name: huge() })),
    ...badIds.map((id) => invalid(`update: bad id ${id}`, () => admin.patch(`/api/orgs/${id}`, { name: '改名' }))),
    bad('update: unknown id', 404, 'NOT_FOUND', () => admin.patch('/api/orgs/999999', { name: '改名' })),

    // POST /orgs/:id/move
    malformed('move: malformed JSON', () => admin.request('POST', `/api/orgs/${leaf.id}/move`, '{', JSON_TYPE)),
    invalid('move: no parentId', () => admin.post(`/api/orgs/${leaf.id}/move`, {})),
    invalid('move: parentId null', () => admin.post(`/api/orgs/${leaf.id}/move`, { parentId: null })),
    invalid('move: parentId is text', () => admin.post(`/api/orgs/${leaf.id}/move`, { parentId: 'abc' })),
    invalid('move: unknown field', () => admin.post(`/api/orgs/${leaf.id}/move`, { parentId: parent.id, keepCode: true })),
    ...badIds.map((id) => invalid(`move: bad id ${id}`, () => admin.post(`/api/orgs/${id}/move`, { parentId: parent.id }))),
    bad('move: unknown id', 404, 'NOT_FOUND', () => admin.post('/api/orgs/999999/move', { parentId: parent.id })),

    // POST /orgs/:id/close
    malformed('close: malformed JSON', () => admin.request('POST', `/api/orgs/${leaf.id}/close`, '{"reason":', JSON_TYPE)),
    invalid('close: no reason', () => admin.post(`/api/orgs/${leaf.id}/close`, {})),
    invalid('close: empty reason', () => admin.post(`/api/orgs/${leaf.id}/close`, { reason: '' })),
    invalid('close: reason is a number', () => admin.post(`/api/orgs/${leaf.id}/close`, { reason: 7 })),
    invalid('close: reason > 200', () => admin.post(`/api/orgs/${leaf.id}/close`, { reason: long(201) })),
    invalid('close: unknown field', () => admin.post(`/api/orgs/${leaf.id}/close`, { reason: '撤销', closedAt: '2020-01-01' })),
    bad('close: body > 1 MB', 413, 'PAYLOAD_TOO_LARGE', () => admin.post(`/api/orgs/${leaf.id}/close`, { reason: huge() })),
    ...badIds.map((id) => invalid(`close: bad id ${id}`, () => admin.post(`/api/orgs/${id}/close`, { reason: '撤销' }))),
    bad('close: unknown id', 404, 'NOT_FOUND', () => admin.post('/api/orgs/999999/close', { reason: '撤销' })),

    // GET /orgs/roots, /orgs/:id, /orgs/:id/children
    invalid('roots: includeClosed=yes', () => admin.get('/api/orgs/roots?includeClosed=yes')),
    invalid('roots: includeClosed=TRUE', () => admin.get('/api/orgs/roots?includeClosed=TRUE')),
    invalid('roots: unknown parameter', () => admin.get('/api/orgs/roots?all=1')),
    ...badIds.map((id) => invalid(`get: bad id ${id}`, () => admin.get(`/api/orgs/${id}`))),
    bad('get: unknown id', 404, 'NOT_FOUND', () => admin.get('/api/orgs/999999')),
    invalid('children: includeClosed=1', () => admin.get(`/api/orgs/${parent.id}/children?includeClosed=1`)),
    invalid('children: includeClosed empty', () => admin.get(`/api/orgs/${parent.id}/children?includeClosed=`)),
    invalid('children: unknown parameter', () => admin.get(`/api/orgs/${parent.id}/children?depth=2`)),
    ...badIds.map((id) => invalid(`children: bad id ${id}`, () => admin.get(`/api/orgs/${id}/children`))),
    bad('children: unknown id', 404, 'NOT_FOUND', () => admin.get('/api/orgs/999999/children')),

    // GET /orgs/search
    invalid('search: no q', () => admin.get('/api/orgs/search')),
    invalid('search: empty q', () => admin.get('/api/orgs/search?q=')),
    invalid('search: blank q', () => admin.get('/api/orgs/search?q=%20%20')),
    invalid('search: q > 50', () => admin.get(`/api/orgs/search?q=${encodeURIComponent(long(51))}`)),
    invalid('search: limit 0', () => admin.get('/api/orgs/search?q=a&limit=0')),
    invalid('search: limit 101', () => admin.get('/api/orgs/search?q=a&limit=101')),
    invalid('search: limit is text', () => admin.get('/api/orgs/search?q=a&limit=ten')),
    invalid('search: limit is fractional', () => admin.get('/api/orgs/search?q=a&limit=1.5')),
    invalid('search: unknown parameter', () => admin.get('/api/orgs/search?q=a&scope=all')),

    // GET /orgs/:id/export.xlsx, POST /orgs/:id/import
    ...badIds.map((id) => invalid(`export: bad id ${id}`, () => admin.get(`/api/orgs/${id}/export.xlsx`))),
    bad('export: unknown id', 404, 'NOT_FOUND', () => admin.get('/api/orgs/999999/export.xlsx')),
    bad('import: JSON instead of a file', 415, 'UNSUPPORTED_MEDIA_TYPE', () => admin.post(`/api/orgs/${parent.id}/import`, { rows: [] })),
    bad('import: multipart without a file', 422, 'FILE_INVALID', () => multipartWithoutFile(`/api/orgs/${parent.id}/import`)),
    bad('import: an empty file', 422, 'FILE_INVALID', () => admin.upload(`/api/orgs/${parent.id}/import`, [{ name: 'empty.xlsx', data: Buffer.alloc(0) }])),
    ...badIds.map((id) =>
      invalid(`import: bad id ${id}`, async () => admin.upload(`/api/orgs/${id}/import`, [{ name: '台账.xlsx', data: await validLedger() }])),
    ),
    bad('import: unknown id', 404, 'NOT_FOUND', async () => admin.upload('/api/orgs/999999/import', [{ name: '台账.xlsx', data: await validLedger() }])),
  ];

  beforeAll(async () => {
    admin = await userWith(t, [{ role: 'platform_admin' }]);
    const create = async (body: Record<string, unknown>) => {
      const res = await admin.post('/api/orgs', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<OrgDetail>();
    };
    parent = await create({ parentId: null, type: 'party_committee', name: '输入校验党委' });
    leaf = await create({ parentId: parent.id, type: 'branch', name: '输入校验支部', code: 'input-1' });
  });

  async function orgTable() {
    return t.db.kysely.selectFrom('org').selectAll().orderBy('id').execute();
  }

  it.each(cases)('$name → $status $code', async ({ send, status, code }) => {
    const before = await orgTable();
    const res = await send();
    expect({ status: res.statusCode, code: ErrorBody.safeParse(res.json()).data?.error.code }, res.body).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(typeof res.json<ErrorBody>().error.message).toBe('string');
    expect(await orgTable()).toEqual(before);
  });

  it('still accepts the valid request the cases are built from', async () => {
    // Guards the cases above: each differs from a request that succeeds in one respect only.
    const res = await admin.post('/api/orgs', validCreate());
    expect(res.statusCode, res.body).toBe(201);
    const moved = await admin.post(`/api/orgs/${leaf.id}/move`, { parentId: res.json<OrgDetail>().id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await admin.post(`/api/orgs/${leaf.id}/close`, { reason: '撤销' })).statusCode).toBe(200);
    expect((await admin.upload(`/api/orgs/${parent.id}/import`, [{ name: '台账.xlsx', data: await validLedger() }])).statusCode).toBe(200);
  });

  // JSON ids are not coerced: `true` must not become org 1.
  it('rejects a boolean where an id belongs', async () => {
    const res = await admin.post('/api/orgs', { ...validCreate(), name: '布尔上级', parentId: true });
    expect(res.statusCode).toBe(400);
  });
});
