import { Alert, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserView } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { useResetPassword } from '../api';
import { PasswordInput } from './PasswordInput';

export function ResetPasswordModal({ user, onClose }: { user: UserView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const reset = useResetPassword();
  return (
    <FormModal
      open={!!user}
      title={t('users.resetPasswordOf', { name: user?.name ?? '' })}
      mutation={reset}
      toRequest={({ password }: { password: string }) => user && { id: user.id, password }}
      success={t('users.passwordReset')}
      onClose={onClose}
      before={<Alert type="info" showIcon title={t('users.resetPasswordHint')} style={{ marginBottom: 16 }} />}
    >
      <Form.Item name="password" label={t('users.newPassword')} extra={t('password.hint')} rules={[{ required: true }, { min: 8, message: t('password.tooShort') }]}>
        <PasswordInput />
      </Form.Item>
    </FormModal>
  );
}
