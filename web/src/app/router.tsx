import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { Permission } from '@meshwork/contracts';
import { AppLayout } from './layout/AppLayout';
import { FullPageSpin, NotFound, RequireAuth, RequirePermission, RouteError } from './routes/guards';
import { HomePage } from './routes/HomePage';

/** A feature screen: loaded on first visit, and only for users holding its permission. */
function screen(path: string, permission: Permission, load: () => Promise<ComponentType>): RouteObject {
  return {
    element: <RequirePermission permission={permission} />,
    children: [{ path, lazy: async () => ({ Component: await load() }) }],
  };
}

/**
 * The login page and the shell are in the main bundle so that the first paint needs no second
 * round trip. `:id?` keeps one page instance while the selection changes, so the tree keeps its
 * open branches.
 */
const routes: RouteObject[] = [
  {
    // Shown while the first screen's code loads.
    hydrateFallbackElement: <FullPageSpin />,
    errorElement: <RouteError />,
    children: [
      { path: '/login', lazy: async () => ({ Component: (await import('@/features/auth/pages/LoginPage')).LoginPage }) },
      // Public: a member opens an invitation before having an account.
      { path: '/invite/:token', lazy: async () => ({ Component: (await import('@/features/enrolment/pages/InvitePage')).InvitePage }) },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              {
                // Inside the shell, so that a screen that fails (its code gone after a release,
                // say) keeps the menu and the header.
                errorElement: <RouteError />,
                children: [
                  { index: true, element: <HomePage /> },
                  screen('regions/:id?', 'region.read', async () => (await import('@/features/regions/pages/RegionsPage')).RegionsPage),
                  screen('orgs/:id?', 'org.read', async () => (await import('@/features/orgs/pages/OrgsPage')).OrgsPage),
                  screen('members', 'person.read', async () => (await import('@/features/people/pages/MembersPage')).MembersPage),
                  { path: 'enrol', lazy: async () => ({ Component: (await import('@/features/enrolment/pages/EnrolPage')).EnrolPage }) },
                  screen('enrolments', 'enrolment.review', async () => (await import('@/features/enrolment/pages/EnrolmentReviewPage')).EnrolmentReviewPage),
                  screen('org-enrolments', 'person.read', async () => (await import('@/features/enrolment/pages/OrgEnrolmentsPage')).OrgEnrolmentsPage),
                  screen('invitations', 'invitation.write', async () => (await import('@/features/enrolment/pages/InvitationsPage')).InvitationsPage),
                  screen('pairings', 'pairing.write', async () => (await import('@/features/pairing/pages/UnitPairingsPage')).UnitPairingsPage),
                  screen('pairing-review', 'pairing.review', async () => (await import('@/features/pairing/pages/PlacePairingsPage')).PlacePairingsPage),
                  screen('teams', 'team.write', async () => (await import('@/features/teams/pages/TeamsPage')).TeamsPage),
                  screen('responsibilities', 'duty.assign', async () => (await import('@/features/responsibilities/pages/ResponsibilitiesPage')).ResponsibilitiesPage),
                  { path: 'my-responsibilities', lazy: async () => ({ Component: (await import('@/features/responsibilities/pages/MyResponsibilitiesPage')).MyResponsibilitiesPage }) },
                  // The member's own duty: every signed-in account acts for its own person.
                  { path: 'my-shifts', lazy: async () => ({ Component: (await import('@/features/duty/pages/MyShiftsPage')).MyShiftsPage }) },
                  { path: 'open-shifts', lazy: async () => ({ Component: (await import('@/features/duty/pages/OpenShiftsPage')).OpenShiftsPage }) },
                  { path: 'service-record', lazy: async () => ({ Component: (await import('@/features/duty/pages/ServiceRecordPage')).ServiceRecordPage }) },
                  // Opened by scanning a site's QR code; the sign-in guard brings the member back here.
                  { path: 'checkin/:token', lazy: async () => ({ Component: (await import('@/features/duty/pages/CheckinPage')).CheckinPage }) },
                  screen('duty', 'duty.read', async () => (await import('@/features/duty/pages/DutyPage')).DutyPage),
                  screen('allocation', 'allocation.plan', async () => (await import('@/features/allocation/pages/AllocationPage')).AllocationPage),
                  screen('risk-zones', 'risk_zone.write', async () => (await import('@/features/duty/pages/RiskZonesPage')).RiskZonesPage),
                  screen('rates', 'rate.read', async () => (await import('@/features/rates/pages/RatesPage')).RatesPage),
                  screen('temporary-branches', 'temporary_branch.write', async () => (await import('@/features/temporary-branches/pages/TemporaryBranchesPage')).TemporaryBranchesPage),
                  screen('users', 'user.read', async () => (await import('@/features/users/pages/UsersPage')).UsersPage),
                  screen('audit', 'audit.read', async () => (await import('@/features/audit/pages/AuditPage')).AuditPage),
                  { path: '*', element: <NotFound /> },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
