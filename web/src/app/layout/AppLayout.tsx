import { useState } from 'react';
import { Button, Drawer, Dropdown, Flex, Layout, Menu, Typography } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/lib/auth';
import { useIsPhone } from '@/lib/hooks';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { ChangePasswordModal } from '@/features/auth/components/ChangePasswordModal';
import { useLogout } from '@/features/auth/api';
import { NotificationBell } from '@/features/notifications/components/NotificationBell';
import { navKeyOf, visibleNav } from './nav';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const isPhone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[navKeyOf(location.pathname)]}
      items={visibleNav(me.permissions).map((item) => ({
        key: item.path,
        icon: item.icon,
        label: <span data-testid={`nav-${item.label}`}>{t(`nav.${item.label}`)}</span>,
      }))}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );

  return (
    <Layout className="app-shell">
      {!isPhone && (
        <Layout.Sider theme="light" width={208} breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} className="app-sider">
          <div className="app-brand">
            <img src="/favicon.svg" alt="" width={24} height={24} />
            {!collapsed && <span>{t('app.name')}</span>}
          </div>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          <Flex align="center" gap={8} style={{ minWidth: 0 }}>
            {isPhone && (
              <Button type="text" icon={<MenuOutlined />} aria-label={t('header.menu')} onClick={() => setDrawerOpen(true)} data-testid="nav-menu-button" />
            )}
            {isPhone && <span className="app-brand-inline">{t('app.name')}</span>}
          </Flex>
          {/* Pushed right by itself: the group before it is empty (and hidden) on wide screens. */}
          <Flex align="center" gap={4} style={{ marginInlineStart: 'auto' }}>
            <NotificationBell />
            <LanguageSwitch compact={isPhone} />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: <span data-testid="change-password">{t('header.changePassword')}</span> },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('header.logout')}</span> },
                ],
                onClick: ({ key }) => (key === 'logout' ? logout.mutate() : setPasswordOpen(true)),
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                <Typography.Text ellipsis style={{ maxWidth: isPhone ? 96 : 200 }}>
                  {me.name}
                </Typography.Text>
                <DownOutlined style={{ fontSize: 10 }} />
              </Button>
            </Dropdown>
          </Flex>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
      {isPhone && (
        <Drawer placement="left" size={240} open={drawerOpen} onClose={() => setDrawerOpen(false)} title={t('app.name')} styles={{ body: { padding: 0 } }}>
          {menu}
        </Drawer>
      )}
      <ChangePasswordModal
        open={passwordOpen || me.mustChangePassword}
        onClose={me.mustChangePassword ? undefined : () => setPasswordOpen(false)}
        onLogout={() => logout.mutate()}
      />
    </Layout>
  );
}
