import { orgRoles, regionRoles, scopeKindOf, type CreateGrantRequest, type Role } from '@meshwork/contracts';
import type { PickedValue } from '@/components/RemoteSearchSelect';

/**
 * The roles the app may grant. The separated duties (platform, security and audit admins) are
 * given only from the command line, so they are never offered here.
 */
export const grantableRoles: Role[] = [...regionRoles, ...orgRoles];

export interface GrantValues {
  role: Role;
  scope: PickedValue | null;
}

export function toGrantRequest({ role, scope }: GrantValues): CreateGrantRequest {
  if (!scope) return { role };
  return scopeKindOf(role) === 'org' ? { role, orgId: scope.value } : { role, regionId: scope.value };
}
