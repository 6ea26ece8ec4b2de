import { Alert, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserView } from '@meshwork/contracts';
import { showSuccess } from '@/lib/feedback';
import { useResetPassword } from '../api';
import { PasswordInput } from './PasswordInput';

export function ResetPasswordModal({ user, onClose }: { user: UserView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  return (
    <Modal
      open={!!user}
      title={t('users.resetPasswordOf', { name: user?.name ?? '' })}
      okText={t('common.save')}
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('users.resetPasswordHint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={({ password }) =>
          user &&
          reset.mutate(
            { id: user.id, password },
            {
              onSuccess: () => {
                showSuccess(t('users.passwordReset'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="password" label={t('users.newPassword')} extra={t('password.hint')} rules={[{ required: true }, { min: 8, message: t('password.tooShort') }]}>
          <PasswordInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
