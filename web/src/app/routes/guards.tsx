import { Button, Flex, Result, Spin } from 'antd';
import { Navigate, Outlet, useLocation, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@meshwork/contracts';
import { useCan, useMe } from '@/lib/auth';

export function FullPageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Routes behind this need a session; without one the login page opens, remembering where to return. */
export function RequireAuth() {
  const location = useLocation();
  const { t } = useTranslation();
  const { data: me, isPending, isError, error, refetch } = useMe();
  if (isPending) return <FullPageSpin />;
  if (isError) {
    return <Result status="500" subTitle={error.message} extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>} />;
  }
  if (!me) return <Navigate to="/login" replace state={{ from: location }} />;
  return <Outlet />;
}

/** The server enforces permissions on every call; this only spares the user a screen of errors. */
export function RequirePermission({ permission }: { permission: Permission }) {
  const { t } = useTranslation();
  const can = useCan();
  return can(permission) ? <Outlet /> : <Result status="403" title="403" subTitle={t('errors.forbiddenPage')} />;
}

/** A screen that failed to load or render; reloading fetches the current release's code. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Result
      status="warning"
      title={t('errors.screenFailed')}
      subTitle={error instanceof Error ? error.message : undefined}
      extra={<Button onClick={() => window.location.reload()}>{t('common.reload')}</Button>}
    />
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('errors.notFoundPage')} />;
}
