import type { Role } from '@meshwork/contracts';

export const DEMO_PASSWORD = 'Demo@2026';

export interface DemoAccount {
  username: string;
  name: string;
  role: Role;
  /** Where the grant lies, for the login page. */
  scope: string | null;
  description: string;
  /** Demo phones are of the 139 0000 xxxx block, so that signing in by phone can be tried. */
  phone: string;
  /** Scope by the demo's own keys: a division code, a local node key, or an org code. */
  region?: string;
  org?: string;
}

/** One account per role, and one region admin per level of the office hierarchy. */
export const demoAccounts: DemoAccount[] = [
  { username: 'admin', phone: '13900000001', name: '系统管理员', role: 'platform_admin', scope: null, description: '系统管理员（全平台）' },
  { username: 'secadmin', phone: '13900000002', name: '安全管理员', role: 'security_admin', scope: null, description: '安全管理员（全平台，分配角色）' },
  { username: 'auditor', phone: '13900000003', name: '安全审计员', role: 'auditor', scope: null, description: '安全审计员（全平台，查看审计日志）' },
  { username: 'district', phone: '13900000004', name: '南关区管理员', role: 'region_admin', scope: '南关区', region: '220102', description: '属地管理员 @ 长春市南关区' },
  { username: 'street', phone: '13900000005', name: '南岭街道管理员', role: 'region_admin', scope: '南岭街道', region: '220102001', description: '属地管理员 @ 南岭街道' },
  { username: 'community', phone: '13900000006', name: '华阳社区书记', role: 'region_admin', scope: '华阳社区', region: '220102001001', description: '属地管理员 @ 华阳社区' },
  { username: 'gridworker', phone: '13900000007', name: '华阳第一网格员', role: 'grid_worker', scope: '华阳社区第一网格', region: 'huayang/第一网格', description: '网格员 @ 华阳社区第一网格' },
  { username: 'orgadmin', phone: '13900000008', name: '区卫健局党支部书记', role: 'org_admin', scope: '南关区卫生健康局', org: 'ngwjj', description: '组织管理员 @ 南关区卫生健康局' },
  { username: 'member', phone: '13900000009', name: '张党员', role: 'member', scope: '南关区卫生健康局党支部', org: 'ngwjj-dzb', description: '党员 @ 区卫健局党支部' },
  { username: 'resident', phone: '13900000010', name: '李居民', role: 'resident', scope: '华阳社区 1栋1单元101', region: 'huayang/第一网格/1栋/1单元/101', description: '居民 @ 华阳社区' },
];
