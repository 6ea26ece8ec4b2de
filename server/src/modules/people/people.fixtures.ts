import { expect } from 'vitest';
import { idNumberCheckChar } from '@meshwork/contracts';
import type { Client } from '../../../test/helpers.js';

/** A valid ID number from 17 digits: the check character computed. */
export const validId = (first17: string) => first17 + idNumberCheckChar(first17);

let seq = 0;
/** A fresh valid ID number (a distinct birth date and sequence per call) for tests. */
export function nextIdNumber(area = '220102'): string {
  seq++;
  const month = String(1 + (seq % 12)).padStart(2, '0');
  const day = String(1 + (seq % 28)).padStart(2, '0');
  return validId(`${area}1990${month}${day}${String(seq % 1000).padStart(3, '0')}`);
}

/**
 * The org tree the people suites share, made through the API by `admin` (a platform admin):
 *
 *   市委组织部 (root)
 *   ├─ 甲党委 (a)
 *   │  ├─ 甲一支部 (a1, branch)
 *   │  └─ 甲单位 (a2, organ)
 *   └─ 乙党委 (b)
 *      └─ 乙支部 (b1, branch)
 */
export async function seedMemberOrgs(admin: Client): Promise<{ root: number; a: number; a1: number; a2: number; b: number; b1: number }> {
  async function org(parentId: number | null, name: string, type: string): Promise<number> {
    const res = await admin.post('/api/orgs', { parentId, type, name });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  }
  const root = await org(null, '市委组织部', 'organization_department');
  const a = await org(root, '甲党委', 'party_committee');
  const a1 = await org(a, '甲一支部', 'branch');
  const a2 = await org(a, '甲单位', 'organ');
  const b = await org(root, '乙党委', 'party_committee');
  const b1 = await org(b, '乙支部', 'branch');
  return { root, a, a1, a2, b, b1 };
}
