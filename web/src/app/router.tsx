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
