import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Client, errorCode, TEST_PASSWORD, useTestApp, userWith, type TestApp } from '../../../test/helpers.js';

let addressSeq = 0;
/**
 * Each login comes from its own address unless one is given: the per-address rate limit
 * (30 a minute) is tested on its own and must not be what the other tests run into.
 */
function nextAddress(): string {
  addressSeq++;
  return `10.${Math.floor(addressSeq / 250) % 250}.${addressSeq % 250}.7`;
}

function login(t: TestApp, username: string, password: string, remoteAddress = nextAddress()) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
}

function clientOf(t: TestApp, res: Awaited<ReturnType<typeof login>>): Client {
  const cookie = res.cookies.find((c) => c.name === 'meshwork_session');
  if (!cookie) throw new Error(`no session cookie: ${res.statusCode} ${res.body}`);
  return new Client(t.app, `meshwork_session=${cookie.value}`);
}

async function account(t: TestApp, userId: number) {
  return t.db.kysely
    .selectFrom('app_user')
    .select(['failed_logins', 'locked_until', 'status', 'last_login_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

async function loginAudit(t: TestApp, username: string) {
  return t.db.kysely
    .selectFrom('audit_log')
    .select(['user_id', 'username', 'result', 'ip', 'detail'])
    .where('action', '=', 'auth.login')
    .where('username', '=', username)
    .orderBy('id')
    .execute();
}

describe('login', () => {
  const t = useTestApp();

  it('signs in by username, case-insensitively, and by a phone only one account has', async () => {
    const u = await userWith(t, [], { phone: '13700001111' });
    const byName = await login(t, u.username.toUpperCase(), TEST_PASSWORD);
    expect(byName.statusCode).toBe(200);
    expect(byName.json()).toMatchObject({ id: u.userId, username: u.username });
    const byPhone = await login(t, '13700001111', TEST_PASSWORD);
    expect(byPhone.statusCode).toBe(200);
    expect((await clientOf(t, byPhone).get('/api/auth/me')).json().username).toBe(u.username);
    expect((await account(t, u.userId)).last_login_at).not.toBeNull();
  });

  it('refuses a phone shared by two accounts: it names nobody', async () => {
    await userWith(t, [], { phone: '13700002222' });
    await userWith(t, [], { phone: '13700002222' });
    const res = await login(t, '13700002222', TEST_PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('LOGIN_FAILED');
  });

  it('answers an unknown name like a wrong password, and audits the attempt under that name', async () => {
    const res = await login(t, 'nobody-here', TEST_PASSWORD, '10.250.0.1');
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('LOGIN_FAILED');
    expect(await loginAudit(t, 'nobody-here')).toEqual([
      { user_id: null, username: 'nobody-here', result: 'failed', ip: '10.250.0.1', detail: 'unknown account' },
    ]);
  });

  it('counts wrong passwords down, then locks: 423 even with the right password', async () => {
    const u = await userWith(t, []);
    for (let left = 4; left >= 1; left--) {
      const res = await login(t, u.username, 'Wrong!Pass-1');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'LOGIN_FAILED', details: { attemptsLeft: left } } });
    }
    const fifth = await login(t, u.username, 'Wrong!Pass-1');
    expect(fifth.statusCode).toBe(423);
    expect(errorCode(fifth)).toBe('ACCOUNT_LOCKED');
    const lockedUntil = Date.parse(fifth.json().error.details.lockedUntil);
    // Locked for the configured 15 minutes, give or take the test's own run time.
    expect(lockedUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    const right = await login(t, u.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(errorCode(right)).toBe('ACCOUNT_LOCKED');
    expect(right.cookies.find((c) => c.name === 'meshwork_session')).toBeUndefined();
  });

  it('answers a name no account has exactly as an account: the same count down, then the same lock', async () => {
    const u = await userWith(t, []);
    // Without the lock's own instant, both answers must be the same body.
    const answer = (res: Awaited<ReturnType<typeof login>>) => {
      const body = res.json() as { error: { details?: { lockedUntil?: string } } };
      if (body.error.details?.lockedUntil) body.error.details.lockedUntil = 'until';
      return { status: res.statusCode, body };
    };
    for (let attempt = 1; attempt <= 6; attempt++) {
      const known = answer(await login(t, u.username, 'Wrong!Pass-1'));
      const unknown = answer(await login(t, 'no-such-account', 'Wrong!Pass-1'));
      expect(unknown).toEqual(known);
      expect(known.status).toBe(attempt < 5 ? 401 : 423);
    }
    expect(await loginAudit(t, 'no-such-account')).toEqual(
      ['unknown account', 'unknown account', 'unknown account', 'unknown account', 'unknown account; account locked', 'unknown account; locked'].map((detail) => ({
        user_id: null,
        username: 'no-such-account',
        result: 'failed',
        ip: expect.any(String),
        detail,
      })),
    );
  });

  it('forgets names no account has once they have been left alone for a day', async () => {
    await t.db.kysely.insertInto('login_name_failure').values({ name: 'stale-guess', failed_logins: 2, updated_at: sql<Date>`now() - interval '25 hours'` }).execute();
    await t.db.kysely.insertInto('login_name_failure').values({ name: 'recent-guess', failed_logins: 2, updated_at: sql<Date>`now() - interval '23 hours'` }).execute();
    await login(t, 'another-guess', 'Wrong!Pass-1');
    const names = (await t.db.kysely.selectFrom('login_name_failure').select('name').execute()).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['recent-guess', 'another-guess']));
    expect(names).not.toContain('stale-guess');
  });

  it('lets the account in again once the lock has expired, with a fresh count', async () => {
    const u = await userWith(t, []);
    for (let i = 0; i < 5; i++) await login(t, u.username, 'Wrong!Pass-1');
    expect((await login(t, u.username, TEST_PASSWORD)).statusCode).toBe(423);

    await t.db.kysely.updateTable('app_user').set({ locked_until: sql`now() - interval '1 minute'` }).where('id', '=', u.userId).execute();
    const wrong = await login(t, u.username, 'Wrong!Pass-1');
    expect(wrong.json()).toMatchObject({ error: { code: 'LOGIN_FAILED', details: { attemptsLeft: 4 } } });
    expect((await login(t, u.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await account(t, u.userId)).toMatchObject({ failed_logins: 0, locked_until: null });
  });

  it('a success in between resets the count', async () => {
    const u = await userWith(t, []);
    for (let i = 0; i < 4; i++) await login(t, u.username, 'Wrong!Pass-1');
    expect((await login(t, u.username, TEST_PASSWORD)).statusCode).toBe(200);
    const next = await login(t, u.username, 'Wrong!Pass-1');
    expect(next.json()).toMatchObject({ error: { code: 'LOGIN_FAILED', details: { attemptsLeft: 4 } } });
  });

  it('never lets concurrent wrong passwords skip the lock', async () => {
    const u = await userWith(t, []);
    const results = await Promise.all(Array.from({ length: 20 }, () => login(t, u.username, 'Wrong!Pass-1')));
    const failed = results.filter((r) => r.statusCode === 401);
    const locked = results.filter((r) => r.statusCode === 423);
    expect(failed.length + locked.length).toBe(20);
    // Each failure before the lock is counted exactly once: 4, 3, 2, 1 left, never the same
    // count twice (which a read-then-write counter would give), and everything after is locked.
    expect(failed.map((r) => r.json().error.details.attemptsLeft as number).sort()).toEqual([1, 2, 3, 4]);
    expect(locked.every((r) => errorCode(r) === 'ACCOUNT_LOCKED')).toBe(true);
    const row = await account(t, u.userId);
    expect(row.locked_until!.getTime()).toBeGreaterThan(Date.now());
    expect((await login(t, u.username, TEST_PASSWORD)).statusCode).toBe(423);
  });

  it('refuses a disabled account with the right password only, and drops its sessions', async () => {
    const u = await userWith(t, []);
    await t.db.kysely.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', u.userId).execute();
    const right = await login(t, u.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(403);
    expect(errorCode(right)).toBe('ACCOUNT_DISABLED');
    // A wrong password learns nothing about the account's state.
    expect(errorCode(await login(t, u.username, 'Wrong!Pass-1'))).toBe('LOGIN_FAILED');
    // The session opened before the account was disabled no longer resolves.
    expect((await u.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('audits every success and failure with its result and address', async () => {
    const u = await userWith(t, []);
    const before = (await loginAudit(t, u.username)).length;
    await login(t, u.username, 'Wrong!Pass-1', '10.251.0.1');
    await login(t, u.username, TEST_PASSWORD, '10.251.0.2');
    const rows = (await loginAudit(t, u.username)).slice(before);
    expect(rows).toEqual([
      { user_id: u.userId, username: u.username, result: 'failed', ip: '10.251.0.1', detail: 'wrong password' },
      { user_id: u.userId, username: u.username, result: 'ok', ip: '10.251.0.2', detail: null },
    ]);
  });

  it('slows one address spraying logins: the 31st in a minute is 429', async () => {
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 31; i++) codes.push(errorCode(await login(t, `spray${i}`, 'Wrong!Pass-1', '10.252.0.1')));
    expect(codes.slice(0, 30).every((c) => c === 'LOGIN_FAILED')).toBe(true);
    expect(codes[30]).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await login(t, 'spray-other', 'Wrong!Pass-1', '10.252.0.2')).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  const t = useTestApp();
  const sessionIdle = (minutes: number) => sql<Date>`now() - make_interval(mins => ${minutes})`;

  async function sessionsOf(userId: number) {
    return t.db.kysely.selectFrom('session').select(['id', 'last_seen_at']).where('user_id', '=', userId).execute();
  }

  it('stores only the SHA-256 of the cookie token', async () => {
    const u = await userWith(t, []);
    const token = u.cookie!.replace(/^meshwork_session=/, '');
    const ids = (await sessionsOf(u.userId)).map((s) => s.id);
    expect(ids).toEqual([createHash('sha256').update(token).digest('hex')]);
    expect(ids).not.toContain(token);
  });

  it('ends a session idle longer than the limit, and keeps (and refreshes) one just inside it', async () => {
    const idleMinutes = t.config.session.idleMinutes;
    const stale = await userWith(t, []);
    const fresh = await userWith(t, []);
    await t.db.kysely.updateTable('session').set({ last_seen_at: sessionIdle(idleMinutes + 1) }).where('user_id', '=', stale.userId).execute();
    await t.db.kysely.updateTable('session').set({ last_seen_at: sessionIdle(idleMinutes - 1) }).where('user_id', '=', fresh.userId).execute();

    const res = await stale.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect((await fresh.get('/api/auth/me')).statusCode).toBe(200);
    const [seen] = await sessionsOf(fresh.userId);
    expect(Date.now() - seen!.last_seen_at.getTime()).toBeLessThan(60_000);
  });

  it('ends a session past its absolute end, however active', async () => {
    const u = await userWith(t, []);
    await t.db.kysely.updateTable('session').set({ expires_at: sql`now() - interval '1 second'` }).where('user_id', '=', u.userId).execute();
    expect((await u.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('logout deletes the session, audits it, and leaves the user’s other sessions alone', async () => {
    const u = await userWith(t, []);
    const other = clientOf(t, await login(t, u.username, TEST_PASSWORD));
    expect(await sessionsOf(u.userId)).toHaveLength(2);
    expect((await u.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await u.get('/api/auth/me')).statusCode).toBe(401);
    expect(await sessionsOf(u.userId)).toHaveLength(1);
    expect((await other.get('/api/auth/me')).statusCode).toBe(200);
    const logouts = await t.db.kysely.selectFrom('audit_log').select('result').where('action', '=', 'auth.logout').where('user_id', '=', u.userId).execute();
    expect(logouts).toEqual([{ result: 'ok' }]);
  });
});

describe('login with another lock policy', () => {
  const t = useTestApp({ login: { maxFailures: 3, lockMinutes: 2 } });

  it('locks after the configured number of failures, for the configured time', async () => {
    const u = await userWith(t, []);
    expect((await login(t, u.username, 'Wrong!Pass-1')).json()).toMatchObject({ error: { details: { attemptsLeft: 2 } } });
    expect((await login(t, u.username, 'Wrong!Pass-1')).json()).toMatchObject({ error: { details: { attemptsLeft: 1 } } });
    const third = await login(t, u.username, 'Wrong!Pass-1');
    expect(errorCode(third)).toBe('ACCOUNT_LOCKED');
    const minutes = (Date.parse(third.json().error.details.lockedUntil) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(1.5);
    expect(minutes).toBeLessThanOrEqual(2);
  });
});
