import type { ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, ClusterOutlined, HomeOutlined, IdcardOutlined, TeamOutlined } from '@ant-design/icons';
import type { Permission } from '@meshwork/contracts';

export interface NavItem {
  path: string;
  icon: ReactNode;
  /** Keys in the `nav` section of the locale files. */
  label: 'home' | 'regions' | 'orgs' | 'members' | 'users' | 'audit';
  permission?: Permission;
}

/** The screens, in menu order; each shows only to users holding its permission. */
export const navItems: readonly NavItem[] = [
  { path: '/', icon: <HomeOutlined />, label: 'home' },
  { path: '/regions', icon: <ApartmentOutlined />, label: 'regions', permission: 'region.read' },
  { path: '/orgs', icon: <ClusterOutlined />, label: 'orgs', permission: 'org.read' },
  { path: '/members', icon: <IdcardOutlined />, label: 'members', permission: 'person.read' },
  { path: '/users', icon: <TeamOutlined />, label: 'users', permission: 'user.read' },
  { path: '/audit', icon: <AuditOutlined />, label: 'audit', permission: 'audit.read' },
];

export const visibleNav = (permissions: readonly Permission[]) =>
  navItems.filter((item) => !item.permission || permissions.includes(item.permission));

/** The menu entry a location belongs to: `/regions/12` → `/regions`. */
export const navKeyOf = (pathname: string) => `/${pathname.split('/')[1] ?? ''}`;
