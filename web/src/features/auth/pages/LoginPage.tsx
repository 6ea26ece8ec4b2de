import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Table, Tag, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { role, type LoginRequest, type Meta } from '@meshwork/contracts';
import { useMe } from '@/lib/auth';
import { useLocale } from '@/lib/locale';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { metaQuery, useLogin } from '../api';

type DemoAccount = NonNullable<Meta['demoAccounts']>[number];

/** Where the guard sent the user from, so that signing in returns them there. */
const returnPath = (state: unknown) => {
  const from = (state as { from?: { pathname?: string } } | null)?.from?.pathname;
  return from && from !== '/login' ? from : '/';
};

export function LoginPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const location = useLocation();
  const [form] = Form.useForm<LoginRequest>();
  const { data: me } = useMe();
  const { data: meta } = useQuery(metaQuery);
  const login = useLogin();

  if (me) return <Navigate to={returnPath(location.state)} replace />;

  const fill = (account: DemoAccount) => {
    form.setFieldsValue({ username: account.username, password: meta?.demoPassword ?? '' });
    login.reset();
  };

  return (
    <Flex vertical align="center" className="login-page">
      <Flex justify="flex-end" className="login-toolbar">
        <LanguageSwitch />
      </Flex>
      <Card className="login-card">
        <Flex vertical gap={4} align="center" style={{ marginBottom: 24 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </Flex>
        <Form<LoginRequest>
          form={form}
          layout="vertical"
          requiredMark={false}
          // Success stores the user, and the redirect above takes over.
          onFinish={(values) => login.mutate(values)}
        >
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {login.isError && <Alert type="error" showIcon title={login.error.message} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>

      {meta?.demo && meta.demoAccounts && (
        <Card className="login-card" size="small" title={t('login.demoTitle')} data-testid="demo-accounts">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('login.demoHint')} <Typography.Text code copyable data-testid="demo-password">{meta.demoPassword}</Typography.Text>
          </Typography.Paragraph>
          <Table<DemoAccount>
            size="small"
            rowKey="username"
            pagination={false}
            dataSource={meta.demoAccounts}
            onRow={(account) => ({ onClick: () => fill(account), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('login.username'), dataIndex: 'username', render: (u: string) => <Typography.Link>{u}</Typography.Link> },
              { title: t('login.role'), dataIndex: 'role', render: (r: DemoAccount['role']) => <Tag>{role.label(r, locale)}</Tag> },
              { title: t('login.scope'), dataIndex: 'scope', render: (s: string | null) => s ?? t('grants.platform') },
            ]}
          />
        </Card>
      )}
      {meta && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('app.name')} v{meta.version}
        </Typography.Text>
      )}
    </Flex>
  );
}
