import argon2 from 'argon2';
import { readFileSync } from 'node:fs';
import { AppError } from './errors.js';

// Passwords seen most often in leaks (Chinese and international lists) that still pass the class
// rule; lower-cased for comparison.
const common = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean),
);

export interface HashCost {
  memoryCost: number;
  timeCost: number;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 8) return '密码至少 8 位';
  if (password.length > 128) return '密码不能超过 128 位';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  const lower = password.toLowerCase();
  if (common.has(lower)) return '密码过于常见，请换一个';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

export function assertStrongPassword(password: string, username?: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError('PASSWORD_WEAK', problem);
}

export function hashPassword(password: string, cost: HashCost): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
