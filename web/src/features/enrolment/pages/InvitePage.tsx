import { Alert, Button, Card, Flex, Form, Input, Result, Spin, Typography } from 'antd';
import { LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { invitationProblem, type RegisterRequest } from '@meshwork/contracts';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { useMe } from '@/lib/auth';
import { useLocale } from '@/lib/locale';
import { usePublicInvitation, useRegister } from '../api';

type Values = RegisterRequest & { confirm: string };

/**
 * What a member opens on a phone from a link or QR code: who invites, and an account made from a
 * phone and a password, after which enrolment opens with the community (and org) chosen. Someone
 * already signed in goes straight to enrolment.
 */
export function InvitePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { token = '' } = useParams();
  const { data: me, isPending: mePending } = useMe();
  const invitation = usePublicInvitation(token);
  const register = useRegister();
  const enrolPath = `/enrol?invitation=${encodeURIComponent(token)}`;

  if (me) return <Navigate to={enrolPath} replace />;

  const body = () => {
    if (mePending || invitation.isPending) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
    if (invitation.isError) return <Result status="404" title={t('enrolment.invite.notFound')} subTitle={invitation.error.message} data-testid="invite-problem" />;
    const i = invitation.data;
    if (i.problem) return <Result status="warning" title={t('enrolment.invite.problemTitle')} subTitle={invitationProblem.label(i.problem, locale)} data-testid="invite-problem" />;
    return (
      <>
        <Flex vertical gap={4} style={{ marginBottom: 16 }} data-testid="invite-target">
          {i.communityName && (
            <Typography.Title level={4} style={{ margin: 0 }}>
              {i.communityName}
            </Typography.Title>
          )}
          {i.communityPath.length > 0 && <Typography.Text type="secondary">{i.communityPath.join(' / ')}</Typography.Text>}
          {i.orgName && <Typography.Text strong>{i.orgName}</Typography.Text>}
          <Typography.Text>{t('enrolment.invite.from')}</Typography.Text>
          {i.note && <Typography.Text type="secondary">{i.note}</Typography.Text>}
        </Flex>
        <Form<Values>
          layout="vertical"
          requiredMark={false}
          onFinish={({ confirm: _, ...values }) =>
            register.mutate({ ...values, token }, { onSuccess: () => void navigate(enrolPath, { replace: true }) })
          }
        >
          <Form.Item name="name" label={t('enrolment.invite.name')} rules={[{ required: true, whitespace: true, message: t('enrolment.invite.nameRequired') }]}>
            <Input prefix={<UserOutlined />} maxLength={50} autoComplete="name" data-testid="invite-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('enrolment.invite.phone')} rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('enrolment.invite.phoneInvalid') }]}>
            <Input prefix={<MobileOutlined />} inputMode="tel" maxLength={11} autoComplete="tel" data-testid="invite-phone" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('enrolment.invite.password')}
            extra={t('password.hint')}
            rules={[{ required: true }, { min: 8, message: t('password.tooShort') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="invite-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('enrolment.invite.passwordConfirm')}
            dependencies={['password']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="invite-password-confirm" />
          </Form.Item>
          {register.isError && <Alert type="error" showIcon title={register.error.message} style={{ marginBottom: 16 }} data-testid="invite-error" />}
          <Button type="primary" htmlType="submit" block size="large" loading={register.isPending} data-testid="invite-submit">
            {t('enrolment.invite.register')}
          </Button>
        </Form>
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => void navigate('/login', { state: { from: { pathname: `/invite/${token}` } } })} data-testid="invite-login">
          {t('enrolment.invite.haveAccount')}
        </Button>
      </>
    );
  };

  return (
    <Flex vertical align="center" className="login-page">
      <Flex justify="flex-end" className="login-toolbar">
        <LanguageSwitch />
      </Flex>
      <Card className="login-card" title={`${t('app.name')} · ${t('enrolment.invite.title')}`}>
        {body()}
      </Card>
    </Flex>
  );
}
