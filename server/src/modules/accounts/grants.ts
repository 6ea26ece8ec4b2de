import { rolePermissions, covers, type Actor } from '../../platform/access.js';
import { scopeKindOf, type GrantView, type Role } from '@meshwork/contracts';
import type { GrantRow } from './accounts.repository.js';

export function toGrantView(g: GrantRow): GrantView {
  return { id: g.id, role: g.role, regionId: g.region_id, regionName: g.region_name, regionLevel: g.region_level, orgId: g.org_id, orgName: g.org_name };
}

/**
 * Whether `actor` may give (or take back) `role` at the node with `path`. The security admin
 * assigns roles anywhere: that is the duty 三员分立 gives it. Anyone else needs grant.write there
 * and must hold there every permission the role carries: nobody grants what they do not hold.
 * The separated duties themselves are given only by `meshwork create-admin`.
 */
export function mayGrant(actor: Actor, role: Role, path: string | null): boolean {
  const kind = scopeKindOf(role);
  if (kind === 'platform' || path === null) return false;
  if (actor.holds('security_admin')) return true;
  const scopeOf = (p: Parameters<Actor['regionScope']>[0]) => (kind === 'region' ? actor.regionScope(p) : actor.orgScope(p));
  return ['grant.write' as const, ...rolePermissions[role]].every((p) => covers(scopeOf(p), path));
}
