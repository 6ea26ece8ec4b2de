import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ignore, showSuccess } from '@/lib/feedback';
import { useChangePassword } from '../api';

interface ChangePasswordModalProps {
  open: boolean;
  /** Absent when the change is required (first sign-in, reset by an admin): the modal cannot be dismissed. */
  onClose?: () => void;
  /** The way out of a required change that the user does not want to make now. */
  onLogout: () => void;
}

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose, onLogout }: ChangePasswordModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const forced = !onClose;

  const submit = async ({ currentPassword, newPassword }: Values) => {
    await change.mutateAsync({ currentPassword, newPassword });
    showSuccess(t('password.changed'));
    form.resetFields();
    onClose?.();
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={change.isPending}
      onCancel={forced ? onLogout : onClose}
      cancelText={forced ? t('header.logout') : undefined}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      okButtonProps={{ 'data-testid': 'password-submit' }}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />}
      {change.isError && <Alert type="error" showIcon title={change.error.message} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => submit(v).catch(ignore)} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true }, { min: 8, message: t('password.tooShort') }]} extra={t('password.hint')}>
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
