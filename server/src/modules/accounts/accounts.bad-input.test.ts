import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { Client, seedSampleTree, TEST_PASSWORD, useTestApp, userWith, type SampleTree } from '../../../test/helpers.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Who = 'anonymous' | 'self' | 'security';

/** One endpoint, with a body it would accept; the tests spoil one thing at a time. */
interface Endpoint {
  method: Method;
  path: string;
  who: Who;
  valid?: () => Record<string, unknown>;
}

describe('accounts endpoints refuse bad input and change nothing', () => {
  const t = useTestApp();
  let tree: SampleTree;
  let clients: Record<Who, Client>;
  let target: number;
  let targetGrant: number;

  beforeAll(async () => {
    tree = await seedSampleTree(t.db);
    const security = await userWith(t, [{ role: 'security_admin' }]);
    const self = await userWith(t, [{ role: 'grid_worker', regionId: tree.grid }]);
    clients = { anonymous: new Client(t.app), self, security };
    const made = await userWith(t, [{ role: 'grid_worker', regionId: tree.grid }]);
    target = made.userId;
    targetGrant = (await t.db.kysely.selectFrom('user_grant').select('id').where('user_id', '=', target).executeTakeFirstOrThrow()).id;
  });

  // Functions, because the ids they name exist only once beforeAll has run.
  const byName = {
    login: () => ({ method: 'POST', path: '/api/auth/login', who: 'anonymous', valid: () => ({ username: 'someone', password: TEST_PASSWORD }) }),
    changePassword: () => ({ method: 'POST', path: '/api/auth/password', who: 'self', valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'Brand#New-2030' }) }),
    createUser: () => ({ method: 'POST', path: '/api/users', who: 'security', valid: () => ({ username: 'bad.input', name: '坏输入', password: 'Bad#Input-2026' }) }),
    updateUser: () => ({ method: 'PATCH', path: `/api/users/${target}`, who: 'security', valid: () => ({ name: '改名' }) }),
    resetPassword: () => ({ method: 'POST', path: `/api/users/${target}/password`, who: 'security', valid: () => ({ password: 'Reset#Pass-2026' }) }),
    unlock: () => ({ method: 'POST', path: `/api/users/${target}/unlock`, who: 'security', valid: () => ({}) }),
    addGrant: () => ({ method: 'POST', path: `/api/users/${target}/grants`, who: 'security', valid: () => ({ role: 'grid_worker', regionId: tree.building }) }),
  } satisfies Record<string, () => Endpoint>;
  type EndpointName = keyof typeof byName;
  const endpoints = (): Endpoint[] => Object.values(byName).map((e) => e());

  /** Everything a bad request could have touched, row by row. */
  async function snapshot() {
    const db = t.db.kysely;
    return {
      users: await db.selectFrom('app_user').selectAll().orderBy('id').execute(),
      people: await db.selectFrom('person').selectAll().orderBy('id').execute(),
      grants: await db.selectFrom('user_grant').selectAll().orderBy('id').execute(),
      sessions: await db.selectFrom('session').select(['id', 'user_id']).orderBy('id').execute(),
      audit: await db.selectFrom('audit_log').select('id').orderBy('id').execute(),
    };
  }

  /** Sends the request and checks the 4xx JSON error and that nothing changed. */
  async function refused(
    send: () => Promise<LightMyRequestResponse>,
    status: number,
    code: string,
  ): Promise<void> {
    const before = await snapshot();
    const res = await send();
    expect({ status: res.statusCode, code: res.json().error?.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(typeof res.json().error.message).toBe('string');
    expect(await snapshot()).toEqual(before);
  }

  const send = (e: Endpoint, payload?: unknown, headers: Record<string, string> = {}, path = e.path) =>
    clients[e.who].request(e.method, path, payload, headers);

  it('malformed JSON', async () => {
    for (const e of [...endpoints(), { method: 'POST', path: '/api/auth/logout', who: 'self' } satisfies Endpoint]) {
      await refused(() => send(e, '{"username": "a",', { 'content-type': 'application/json' }), 400, 'BAD_REQUEST');
    }
  });

  it('a body that is not JSON', async () => {
    for (const e of endpoints()) {
      await refused(() => send(e, 'username=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('unknown fields', async () => {
    for (const e of endpoints()) await refused(() => send(e, { ...e.valid!(), isAdmin: true }), 400, 'VALIDATION_FAILED');
  });

  it('a JSON array or null instead of an object', async () => {
    for (const e of endpoints()) {
      await refused(() => send(e, '[]', { 'content-type': 'application/json' }), 400, 'VALIDATION_FAILED');
      // `null` is not an object either; the unlock body alone may be left out altogether.
      if (!e.path.endsWith('/unlock')) await refused(() => send(e, 'null', { 'content-type': 'application/json' }), 400, 'VALIDATION_FAILED');
    }
  });

  it('an oversized body (over 1 MB)', async () => {
    const huge = 'x'.repeat(1024 * 1024 + 10);
    for (const e of endpoints()) await refused(() => send(e, { ...e.valid!(), padding: huge }), 413, 'PAYLOAD_TOO_LARGE');
  });

  // Field by field: what each endpoint's schema must refuse.
  // Field by field: what each endpoint's schema must refuse.
  const wrongBodies: Array<[EndpointName, Record<string, unknown>]> = [
    ['login', { username: 123, password: TEST_PASSWORD }],
    ['login', { username: 'someone', password: ['x'] }],
    ['login', { username: '   ', password: TEST_PASSWORD }],
    ['login', { username: 'someone', password: '' }],
    ['login', { username: 'someone' }],
    ['login', { username: 'x'.repeat(65), password: TEST_PASSWORD }],
    ['changePassword', { currentPassword: 1, newPassword: true }],
    ['changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(129) }],
    ['createUser', { username: 'ab', name: '短', password: 'Bad#Input-2026' }],
    ['createUser', { username: 'bad name!', name: '空格', password: 'Bad#Input-2026' }],
    ['createUser', { username: 'bad.input', name: '', password: 'Bad#Input-2026' }],
    ['createUser', { username: 'bad.input', name: '坏', password: 'Bad#Input-2026', phone: '12345' }],
    ['createUser', { username: 'bad.input', name: '坏', password: 42 }],
    ['createUser', { username: 'bad.input', name: '坏', password: 'Bad#Input-2026', grant: { role: 'king', regionId: 1 } }],
    ['createUser', { username: 'bad.input', name: '坏', password: 'Bad#Input-2026', grant: { role: 'grid_worker', regionId: 'abc' } }],
    ['createUser', { username: 'bad.input', name: '坏', password: 'Bad#Input-2026', grant: { role: 'grid_worker', regionId: -1 } }],
    ['updateUser', {}],
    ['updateUser', { status: 'deleted' }],
    ['updateUser', { phone: '123' }],
    ['updateUser', { name: 'x'.repeat(51) }],
    ['updateUser', { name: 5 }],
    ['resetPassword', { password: '' }],
    ['resetPassword', { password: 'Aa1!'.repeat(33) }],
    ['addGrant', { role: 'grid_worker', regionId: 0 }],
    ['addGrant', { role: 7 }],
    ['addGrant', { role: 'grid_worker', regionId: 1.5 }],
    ['addGrant', { regionId: 1 }],
  ];
  it.each(wrongBodies)('%s with wrong types or values: %j', async (name, body) => {
    await refused(() => send(byName[name](), body), 400, 'VALIDATION_FAILED');
  });

  it('bad ids in the path', async () => {
    const badIds = ['abc', '0', '-1', '1.5', '99999999999999999999', '%20'];
    const withId = (id: string): Array<[Endpoint, string]> => [
      ...endpoints()
        .filter((e) => e.path.includes(`/${target}`))
        .map((e): [Endpoint, string] => [e, e.path.replace(`/${target}`, `/${id}`)]),
      [{ method: 'GET', path: '', who: 'security' }, `/api/users/${id}`],
      [{ method: 'DELETE', path: '', who: 'security' }, `/api/grants/${id}`],
    ];
    for (const id of badIds) {
      for (const [e, path] of withId(id)) {
        await refused(() => send(e, e.valid?.(), {}, path), 400, 'VALIDATION_FAILED');
      }
    }
    // A well-formed id that names nothing is a 404, still with nothing changed.
    await refused(() => clients.security.delete(`/api/grants/${targetGrant + 100_000}`), 404, 'NOT_FOUND');
  });

  it.each(['limit=0', 'limit=abc', 'limit=501', 'offset=-1', 'offset=x', `q=${'x'.repeat(51)}`, 'role=admin'])(
    'GET /api/users?%s',
    async (query) => {
      await refused(() => clients.security.get(`/api/users?${query}`), 400, 'VALIDATION_FAILED');
    },
  );

  it('bad login input counts no failure against the account', async () => {
    const self = await t.db.kysely.selectFrom('app_user').select(['username', 'failed_logins']).where('id', '=', target).executeTakeFirstOrThrow();
    await refused(() => clients.anonymous.post('/api/auth/login', { username: self.username, password: TEST_PASSWORD, otp: '1' }), 400, 'VALIDATION_FAILED');
    await refused(() => clients.anonymous.post('/api/auth/login', { username: self.username, password: 'x'.repeat(129) }), 400, 'VALIDATION_FAILED');
  });
});
