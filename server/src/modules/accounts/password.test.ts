import { describe, expect, it } from 'vitest';
import { errorCode, signIn, TEST_PASSWORD, useTestApp, userWith, type TestApp } from '../../../test/helpers.js';

const NEW_PASSWORD = 'Fresh#Start-2027';

async function hashOf(t: TestApp, userId: number): Promise<string> {
  const row = await t.db.kysely.selectFrom('app_user').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.password_hash;
}

async function auditRows(t: TestApp, userId: number, action: string) {
  return t.db.kysely.selectFrom('audit_log').select(['result', 'detail']).where('action', '=', action).where('user_id', '=', userId).execute();
}

describe('change password', () => {
  const t = useTestApp();

  it('refuses a wrong current password, changes nothing, and audits the failure', async () => {
    const u = await userWith(t, []);
    const before = await hashOf(t, u.userId);
    const res = await u.post('/api/auth/password', { currentPassword: 'Not!The-One-1', newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('PASSWORD_WRONG');
    expect(await hashOf(t, u.userId)).toBe(before);
    expect(await auditRows(t, u.userId, 'auth.password.change')).toEqual([{ result: 'failed', detail: 'wrong current password' }]);
  });

  // The username is only known once the account exists, so some candidates are built from it.
  const weak: Array<[string, (username: string) => string]> = [
    ['shorter than 8', () => 'Ab1!xyz'],
    ['fewer than 3 classes', () => 'abcdefgh12'],
    ['common', () => 'P@ssw0rd'],
    ['common, whatever the case', () => 'p@SSW0RD'],
    ['containing the username', (username) => `Xy9!${username.toUpperCase()}`],
    ['the current one', () => TEST_PASSWORD],
  ];
  it.each(weak)('refuses a new password that is %s', async (_why, candidate) => {
    const u = await userWith(t, []);
    const before = await hashOf(t, u.userId);
    const res = await u.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: candidate(u.username) });
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('PASSWORD_WEAK');
    expect(await hashOf(t, u.userId)).toBe(before);
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } });
    expect(res.statusCode).toBe(401);
  });

  it('changes it: signs out the other sessions, keeps this one, clears must-change', async () => {
    const u = await userWith(t, []);
    const elsewhere = await signIn(t.app, u.username);
    const someoneElse = await userWith(t, []);
    await t.db.kysely.updateTable('app_user').set({ must_change_password: true }).where('id', '=', u.userId).execute();
    const before = await hashOf(t, u.userId);

    const res = await u.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.statusCode).toBe(200);

    const me = await u.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().mustChangePassword).toBe(false);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    expect((await someoneElse.get('/api/auth/me')).statusCode).toBe(200);

    const after = await hashOf(t, u.userId);
    expect(after).not.toBe(before);
    expect(after.startsWith('$argon2id$')).toBe(true);
    const oldLogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: TEST_PASSWORD } });
    expect(errorCode(oldLogin)).toBe('LOGIN_FAILED');
    await signIn(t.app, u.username, NEW_PASSWORD);
    expect(await auditRows(t, u.userId, 'auth.password.change')).toEqual([{ result: 'ok', detail: null }]);
  });
});

describe('password storage', () => {
  const t = useTestApp();

  it('keeps argon2id hashes, never the password, for accounts made and reset through the API', async () => {
    const admin = await userWith(t, [{ role: 'platform_admin' }]);
    const security = await userWith(t, [{ role: 'security_admin' }]);
    const created = await admin.post('/api/users', { username: 'hash.check', name: '哈希', password: 'Created#Pass-77' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const createdHash = await hashOf(t, id);
    expect((await security.post(`/api/users/${id}/password`, { password: 'Reset#Pass-88' })).statusCode).toBe(200);
    const resetHash = await hashOf(t, id);

    for (const [hash, password] of [
      [createdHash, 'Created#Pass-77'],
      [resetHash, 'Reset#Pass-88'],
    ] as const) {
      // $argon2id$v=19$m=…,t=…,p=…$salt$hash: the PHC string of argon2id, version 1.3.
      expect(hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
      expect(hash).not.toContain(password);
    }
    // Salted: two hashes never repeat, even across accounts.
    const all = await t.db.kysely.selectFrom('app_user').select('password_hash').execute();
    expect(new Set(all.map((r) => r.password_hash)).size).toBe(all.length);
    expect(all.every((r) => r.password_hash.startsWith('$argon2id$'))).toBe(true);
  });
});
