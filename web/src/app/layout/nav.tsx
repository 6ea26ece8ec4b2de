import type { ReactNode } from 'react';
import { CarryOutOutlined, ContactsOutlined, QrcodeOutlined, SolutionOutlined } from '@ant-design/icons';
import { ApartmentOutlined, AuditOutlined, BarChartOutlined, BranchesOutlined, ClusterOutlined, FlagOutlined, HomeOutlined, IdcardOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { LinkOutlined, ShopOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { AlertOutlined, CalendarOutlined, DeploymentUnitOutlined, FieldTimeOutlined, FormOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { Permission } from '@meshwork/contracts';

export interface NavItem {
  path: string;
  icon: ReactNode;
  /** Keys in the `nav` section of the locale files. */
  label: 'home' | 'regions' | 'orgs' | 'members' | 'users' | 'audit' | 'rates' | 'responsibilities' | 'myResponsibilities' | 'temporaryBranches' | 'enrol' | 'enrolments' | 'orgEnrolments' | 'invitations' | 'pairings' | 'pairingReview' | 'teams' | 'myShifts' | 'openShifts' | 'serviceRecord' | 'duty' | 'allocation' | 'riskZones';
  permission?: Permission;
}

/** The screens, in menu order; each shows only to users holding its permission. */
export const navItems: readonly NavItem[] = [
  { path: '/', icon: <HomeOutlined />, label: 'home' },
  { path: '/regions', icon: <ApartmentOutlined />, label: 'regions', permission: 'region.read' },
  { path: '/orgs', icon: <ClusterOutlined />, label: 'orgs', permission: 'org.read' },
  { path: '/members', icon: <IdcardOutlined />, label: 'members', permission: 'person.read' },
  // Every account acts for its own person, so anyone may enrol; members hold no grant at all.
  { path: '/enrol', icon: <CarryOutOutlined />, label: 'enrol' },
  { path: '/enrolments', icon: <SolutionOutlined />, label: 'enrolments', permission: 'enrolment.review' },
  { path: '/org-enrolments', icon: <ContactsOutlined />, label: 'orgEnrolments', permission: 'person.read' },
  { path: '/invitations', icon: <QrcodeOutlined />, label: 'invitations', permission: 'invitation.write' },
  { path: '/pairings', icon: <LinkOutlined />, label: 'pairings', permission: 'pairing.write' },
  { path: '/pairing-review', icon: <ShopOutlined />, label: 'pairingReview', permission: 'pairing.review' },
  { path: '/teams', icon: <UsergroupAddOutlined />, label: 'teams', permission: 'team.write' },
  { path: '/responsibilities', icon: <SafetyCertificateOutlined />, label: 'responsibilities', permission: 'duty.assign' },
  // Anyone may answer for something; the page says so when they do not.
  { path: '/my-responsibilities', icon: <FlagOutlined />, label: 'myResponsibilities' },
  // A member's duty needs no grant, like enrolling; the pages say when there is no confirmed enrolment.
  { path: '/my-shifts', icon: <ScheduleOutlined />, label: 'myShifts' },
  { path: '/open-shifts', icon: <FormOutlined />, label: 'openShifts' },
  { path: '/service-record', icon: <FieldTimeOutlined />, label: 'serviceRecord' },
  { path: '/duty', icon: <CalendarOutlined />, label: 'duty', permission: 'duty.read' },
  { path: '/allocation', icon: <DeploymentUnitOutlined />, label: 'allocation', permission: 'allocation.plan' },
  { path: '/risk-zones', icon: <AlertOutlined />, label: 'riskZones', permission: 'risk_zone.write' },
  { path: '/temporary-branches', icon: <BranchesOutlined />, label: 'temporaryBranches', permission: 'temporary_branch.write' },
  { path: '/users', icon: <TeamOutlined />, label: 'users', permission: 'user.read' },
  { path: '/rates', icon: <BarChartOutlined />, label: 'rates', permission: 'rate.read' },
  { path: '/audit', icon: <AuditOutlined />, label: 'audit', permission: 'audit.read' },
];

export const visibleNav = (permissions: readonly Permission[]) =>
  navItems.filter((item) => !item.permission || permissions.includes(item.permission));

/** The menu entry a location belongs to: `/regions/12` → `/regions`. */
export const navKeyOf = (pathname: string) => `/${pathname.split('/')[1] ?? ''}`;
