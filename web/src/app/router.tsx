import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { NotFound, RequireAuth, RequirePermission } from './routes/guards';
import { HomePage } from './routes/HomePage';

/**
 * Feature screens load on first visit; the login page and the shell do not, so the first paint
 * needs no second round trip. `:id?` keeps one page instance while the selection changes, so
 * the tree keeps its open branches.
 */
const routes: RouteObject[] = [
  {
    path: '/login',
    lazy: async () => ({ Component: (await import('@/features/auth/pages/LoginPage')).LoginPage }),
  },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          {
            element: <RequirePermission permission="region.read" />,
            children: [
              { path: 'regions/:id?', lazy: async () => ({ Component: (await import('@/features/regions/pages/RegionsPage')).RegionsPage }) },
            ],
          },
          {
            element: <RequirePermission permission="org.read" />,
            children: [{ path: 'orgs/:id?', lazy: async () => ({ Component: (await import('@/features/orgs/pages/OrgsPage')).OrgsPage }) }],
          },
          {
            element: <RequirePermission permission="user.read" />,
            children: [{ path: 'users', lazy: async () => ({ Component: (await import('@/features/users/pages/UsersPage')).UsersPage }) }],
          },
          {
            element: <RequirePermission permission="audit.read" />,
            children: [{ path: 'audit', lazy: async () => ({ Component: (await import('@/features/audit/pages/AuditPage')).AuditPage }) }],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
