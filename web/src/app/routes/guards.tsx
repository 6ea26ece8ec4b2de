import { Flex, Result, Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@meshwork/contracts';
import { useCan, useMe } from '@/lib/auth';

/** Routes behind this need a session; without one the login page opens, remembering where to return. */
export function RequireAuth() {
  const location = useLocation();
  const { data: me, isPending, isError, error } = useMe();
  if (isPending) {
    return (
      <Flex justify="center" align="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (isError) return <Result status="500" subTitle={error.message} />;
  if (!me) return <Navigate to="/login" replace state={{ from: location }} />;
  return <Outlet />;
}

/** The server enforces permissions on every call; this only spares the user a screen of errors. */
export function RequirePermission({ permission }: { permission: Permission }) {
  const { t } = useTranslation();
  const can = useCan();
  return can(permission) ? <Outlet /> : <Result status="403" title="403" subTitle={t('errors.forbiddenPage')} />;
}

export function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('errors.notFoundPage')} />;
}
