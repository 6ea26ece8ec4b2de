import { describe, expect, it } from 'vitest';
import { assertStrongPassword, hashPassword, passwordProblem, verifyPassword } from './passwords.js';

const cheap = { memoryCost: 1024, timeCost: 1 };

describe('password rules', () => {
  it.each([
    ['Strong#Pass-1', undefined],
    ['abcDEF12', undefined],
    ['abc-def-12', undefined],
    ['ABC DEF 12', undefined],
  ])('accepts %s', (password) => {
    expect(passwordProblem(password)).toBeNull();
  });

  it.each([
    ['Ab1!xyz', '至少 8 位'],
    [`Aa1!${'x'.repeat(125)}`, '不能超过 128 位'],
    ['abcdefgh', '至少三类'],
    ['abcdefgh12', '至少三类'],
    ['ABCDEFGH!!', '至少三类'],
    ['P@ssw0rd', '过于常见'],
    ['PASSWORD123', '至少三类'],
    ['Password123', '过于常见'],
    // Common passwords are compared without case.
    ['pASSWORD1', '过于常见'],
    ['Zq7-uncommon', null],
  ])('judges %s', (password, problem) => {
    const found = passwordProblem(password);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('refuses a password containing the username, whatever the case, for usernames of 3 or more', () => {
    expect(passwordProblem('Xy9!ZhangSan', 'zhangsan')).toContain('用户名');
    expect(passwordProblem('Xy9!zhangsan', 'ZhangSan')).toContain('用户名');
    expect(passwordProblem('Xy9!zhangsan', 'lisi')).toBeNull();
    // Two letters would forbid too much; the rule starts at three.
    expect(passwordProblem('Xy9!abcdef', 'ab')).toBeNull();
  });

  it('assertStrongPassword throws PASSWORD_WEAK', () => {
    expect(() => assertStrongPassword('short')).toThrow(expect.objectContaining({ code: 'PASSWORD_WEAK', status: 422 }));
    expect(() => assertStrongPassword('Strong#Pass-1')).not.toThrow();
  });
});

describe('password hashing', () => {
  it('hashes with argon2id at the given cost and verifies only the right password', async () => {
    const hash = await hashPassword('Strong#Pass-1', cheap);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verifyPassword(hash, 'Strong#Pass-1')).toBe(true);
    expect(await verifyPassword(hash, 'Strong#Pass-2')).toBe(false);
    expect(await hashPassword('Strong#Pass-1', cheap)).not.toBe(hash);
  });

  it('treats a hash it cannot read as a mismatch, not an error', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    expect(await verifyPassword('', 'anything')).toBe(false);
  });
});
