import { describe, expect, it } from 'vitest';
import { anonymous, errorCode, seedSampleTree, signIn, TEST_PASSWORD, useTestApp, userWith, type SampleTree } from '../../../test/helpers.js';

describe('auth', () => {
  const t = useTestApp();
  let tree: SampleTree;

  it('signs in with username, reads me, signs out', async () => {
    tree = await seedSampleTree(t.db);
    const u = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
    const me = await u.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: u.username, permissions: expect.arrayContaining(['region.read', 'region.write']) });
    // A grant names its node and the node's level (the invitation form pre-fills only a community).
    expect(me.json().grants).toEqual([expect.objectContaining({ role: 'region_admin', regionId: tree.communities[0], regionLevel: 'community', orgId: null, orgName: null })]);
    expect((await u.post('/api/auth/logout')).statusCode).toBe(200);
    expect(errorCode(await u.get('/api/auth/me'))).toBe('UNAUTHENTICATED');
  });

  it('sets an HttpOnly SameSite=Lax cookie', async () => {
    const u = await userWith(t, []);
    const res = await anonymous(t).post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'meshwork_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  });

  it('signs in by phone', async () => {
    const u = await userWith(t, [], { phone: '13912345678' });
    const client = await signIn(t.app, '13912345678');
    expect((await client.get('/api/auth/me')).json().username).toBe(u.username);
  });
});
