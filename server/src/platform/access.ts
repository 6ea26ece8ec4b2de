import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Permission, Role } from '@meshwork/contracts';
import { AppError } from './errors.js';

/**
 * The access model in one place: what each role may do, and where. A grant binds a role to a
 * subtree of the region or org tree (or, for the three separated duties, to the whole platform);
 * every repository filters by the `Scope` computed here, never by checks of its own.
 */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  // 三员分立: the platform admin keeps data but cannot grant or read the audit log; the security
  // admin grants but changes no data; the auditor reads the audit log and nothing else.
  platform_admin: ['region.read', 'region.write', 'region.import', 'org.read', 'org.write', 'user.read', 'user.write'],
  security_admin: ['region.read', 'org.read', 'user.read', 'user.write', 'grant.write'],
  auditor: ['audit.read'],
  // A street or community admin confirms pairings and enrolments in its region, invites members,
  // keeps teams, duty roles, zones and temporary branches; it never sees ID numbers.
  region_admin: [
    'region.read', 'region.write', 'user.read', 'user.write', 'grant.write',
    'pairing.review', 'enrolment.review', 'invitation.write', 'team.write', 'duty.assign', 'temporary_branch.write', 'rate.read',
    // Risk zones are a district's or street's call: the duty service counts only grants at those levels.
    'risk_zone.write', 'duty.post', 'duty.read',
    // Allocation is a street's, district's or city's call: the allocation service counts only grants at those levels.
    'allocation.plan',
  ],
  grid_worker: ['region.read', 'region.write', 'duty.read'],
  // Only an org admin sees members' ID numbers in clear (person.reveal), within its org scope.
  org_admin: [
    'org.read', 'org.write', 'user.read', 'user.write', 'grant.write', 'person.read', 'person.write', 'person.reveal',
    'pairing.write', 'invitation.write', 'team.write', 'rate.read',
  ],
  member: [],
  resident: [],
};

export interface ActorGrant {
  id: number;
  role: Role;
  regionId: number | null;
  regionPath: string | null;
  orgId: number | null;
  orgPath: string | null;
}

/** Where a permission holds: everywhere, or under these ltree paths (possibly none). */
export type Scope = { all: true } | { all: false; paths: string[] };

export class Actor {
  constructor(
    readonly userId: number,
    readonly username: string,
    readonly grants: readonly ActorGrant[],
    /** Set by an admin's reset: until the owner picks a password, nothing else is served. */
    readonly mustChangePassword = false,
    /** The person the account acts for: what a member's own records (self-service) are keyed by. */
    readonly personId: number | null = null,
  ) {}

  permissions(): Permission[] {
    return [...new Set(this.grants.flatMap((g) => rolePermissions[g.role]))];
  }

  has(permission: Permission): boolean {
    return this.grants.some((g) => rolePermissions[g.role].includes(permission));
  }

  holds(role: Role): boolean {
    return this.grants.some((g) => g.role === role);
  }

  regionScope(permission: Permission): Scope {
    return this.scope(permission, 'regionPath');
  }

  orgScope(permission: Permission): Scope {
    return this.scope(permission, 'orgPath');
  }

  private scope(permission: Permission, key: 'regionPath' | 'orgPath'): Scope {
    const granting = this.grants.filter((g) => rolePermissions[g.role].includes(permission));
    if (granting.some((g) => g.regionPath === null && g.orgPath === null)) return { all: true };
    return { all: false, paths: granting.map((g) => g[key]).filter((p): p is string => p !== null) };
  }

  /** Throws FORBIDDEN unless the actor holds the permission somewhere. */
  require(permission: Permission): void {
    if (!this.has(permission)) throw new AppError('FORBIDDEN', '无权执行此操作');
  }
}

export function covers(scope: Scope, path: string): boolean {
  return scope.all || scope.paths.some((p) => path === p || path.startsWith(`${p}.`));
}

type PathColumn = Expression<string | null> | RawBuilder<string | null>;

function assertPath(path: string): void {
  // Labels are node ids; the range below relies on it, and it keeps SQL free of odd input.
  if (!/^\d+(\.\d+)*$/.test(path)) throw new Error(`not a tree path: ${path}`);
}

/**
 * `column` lies at or under `path`. Labels are ids (digits), and ltree orders label by label,
 * so the subtree is exactly the range [path, path + '0'): '1.2' < '1.2.x' < '1.20'. A b-tree on
 * path serves it.
 */
export function underPath(column: PathColumn, path: string): RawBuilder<SqlBool> {
  assertPath(path);
  return sql<boolean>`(${column} >= ${path}::ltree AND ${column} < ${`${path}0`}::ltree)`;
}

/** The proper ancestors of a path, top first: '1.2.3' → ['1', '1.2']. */
export function ancestorPaths(path: string): string[] {
  assertPath(path);
  const labels = path.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(0, i + 1).join('.'));
}

/** `column` lies in the scope's subtrees: the one predicate every scoped query uses. */
export function inScope(column: PathColumn, scope: Scope): RawBuilder<SqlBool> {
  if (scope.all) return sql<boolean>`true`;
  if (scope.paths.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(scope.paths.map((p) => underPath(column, p)), sql` OR `)})`;
}

/** `column` is an ancestor of (or equal to) a scope root: shown as the way down, not opened. */
export function aboveScope(column: PathColumn, scope: Scope): RawBuilder<SqlBool> {
  if (scope.all) return sql<boolean>`true`;
  const paths = [...new Set(scope.paths.flatMap((p) => [...ancestorPaths(p), p]))];
  if (paths.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${column} IN (${sql.join(paths.map((p) => sql`${p}::ltree`))})`;
}
