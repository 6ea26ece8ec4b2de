import { describe, expect, it } from 'vitest';
import { Permission, Role, separatedDuties } from '@meshwork/contracts';
import { Actor, covers, rolePermissions, type ActorGrant } from './access.js';

let grantSeq = 0;
function grant(role: Role, where: { region?: string; org?: string } = {}): ActorGrant {
  return { id: ++grantSeq, role, regionId: null, regionPath: where.region ?? null, orgId: null, orgPath: where.org ?? null };
}

describe('covers', () => {
  const scope = { all: false as const, paths: ['1.2'] };
  it.each([
    ['1.2', true],
    ['1.2.3', true],
    ['1.2.3.4', true],
    // A label that merely starts with the same digits is a sibling, not a descendant.
    ['1.23', false],
    ['1.23.4', false],
    ['1', false],
    ['11.2', false],
    ['2.1.2', false],
  ])('[1.2] covers %s: %s', (path, expected) => {
    expect(covers(scope, path)).toBe(expected);
  });

  it('covers everything for an all-scope and nothing for an empty one', () => {
    expect(covers({ all: true }, '9.9.9')).toBe(true);
    expect(covers({ all: false, paths: [] }, '1')).toBe(false);
  });
});

describe('Actor scopes', () => {
  it('a separated duty holds its permissions platform-wide', () => {
    const admin = new Actor(1, 'admin', [grant('platform_admin')]);
    expect(admin.regionScope('region.write')).toEqual({ all: true });
    expect(admin.orgScope('org.write')).toEqual({ all: true });
    expect(admin.regionScope('grant.write')).toEqual({ all: false, paths: [] });
  });

  it('a scoped grant gives its permissions in its own tree only', () => {
    const actor = new Actor(2, 'mixed', [grant('region_admin', { region: '1.2' }), grant('grid_worker', { region: '1.5.6' }), grant('org_admin', { org: '7' })]);
    expect(actor.regionScope('region.write')).toEqual({ all: false, paths: ['1.2', '1.5.6'] });
    // A grid worker manages no users: only the region admin's subtree counts for user.write.
    expect(actor.regionScope('user.write')).toEqual({ all: false, paths: ['1.2'] });
    expect(actor.orgScope('org.write')).toEqual({ all: false, paths: ['7'] });
    expect(actor.orgScope('region.write')).toEqual({ all: false, paths: [] });
    expect(actor.has('audit.read')).toBe(false);
    expect(() => actor.require('audit.read')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('member and resident carry no permissions', () => {
    const actor = new Actor(3, 'member', [grant('member', { org: '7' }), grant('resident', { region: '1.2.3' })]);
    expect(actor.permissions()).toEqual([]);
    for (const p of Permission.options) expect(actor.has(p)).toBe(false);
  });
});

describe('三员分立 in the permission table', () => {
  const holders = (p: Permission) => separatedDuties.filter((r) => rolePermissions[r].includes(p));
  it('each of grant.write and audit.read belongs to exactly one duty', () => {
    expect(holders('grant.write')).toEqual(['security_admin']);
    expect(holders('audit.read')).toEqual(['auditor']);
  });
  it('the auditor reads the audit log and nothing else; the security admin writes no data', () => {
    expect(rolePermissions.auditor).toEqual(['audit.read']);
    expect(rolePermissions.security_admin.filter((p) => p.endsWith('.write') && p !== 'user.write' && p !== 'grant.write')).toEqual([]);
  });
  it('no scoped role reads the audit log', () => {
    for (const role of Role.options.filter((r) => !(separatedDuties as readonly Role[]).includes(r))) {
      expect(rolePermissions[role]).not.toContain('audit.read');
    }
  });
});
