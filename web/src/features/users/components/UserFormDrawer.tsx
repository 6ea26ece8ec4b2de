import { Divider, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserView } from '@meshwork/contracts';
import { blankToNull, changedFields, patternUnlessMasked } from '@/lib/forms';
import { ignore, showSuccess } from '@/lib/feedback';
import { FormDrawer } from '@/components/FormDrawer';
import { useCreateUser, useUpdateUser } from '../api';
import { toGrantRequest, type GrantValues } from '../grants';
import { GrantFields } from './GrantFields';
import { PasswordInput } from './PasswordInput';

export type UserFormTarget = { kind: 'create' } | { kind: 'edit'; user: UserView };

interface Values {
  username: string;
  name: string;
  phone?: string | null;
  password: string;
  grant?: Partial<GrantValues>;
}

const mobilePhone = /^1[3-9]\d{9}$/;

export function UserFormDrawer({ target, onClose }: { target: UserFormTarget | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const creating = target?.kind === 'create';

  const submit = async (values: Values) => {
    if (!target) return;
    if (target.kind === 'create') {
      const { role, scope } = values.grant ?? {};
      await create.mutateAsync({
        username: values.username.trim().toLowerCase(),
        name: values.name.trim(),
        phone: blankToNull(values.phone),
        password: values.password,
        ...(role ? { grant: toGrantRequest({ role, scope: scope ?? null }) } : {}),
      });
      showSuccess(t('users.created', { name: values.name }));
    } else {
      const before = { name: target.user.name, phone: target.user.phone };
      const changes = changedFields(before, { name: values.name.trim(), phone: blankToNull(values.phone) });
      if (Object.keys(changes).length > 0) await update.mutateAsync({ id: target.user.id, ...changes });
      showSuccess(t('common.saved'));
    }
    onClose();
  };

  return (
    <FormDrawer
      open={!!target}
      title={creating ? t('users.create') : t('users.edit')}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={create.isPending || update.isPending}
      saveTestId="user-form-submit"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={target?.kind === 'edit' ? { name: target.user.name, phone: target.user.phone } : undefined}
        onFinish={(v) => submit(v).catch(ignore)}
      >
        {creating && (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameHint')}
            rules={[{ required: true }, { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]{2,31}$/, message: t('users.usernameHint') }]}
          >
            <Input autoComplete="off" maxLength={32} data-testid="user-form-username" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input maxLength={50} data-testid="user-form-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('users.phone')} rules={[{ validator: patternUnlessMasked(mobilePhone, t('users.phoneInvalid')) }]}>
          <Input maxLength={11} inputMode="tel" data-testid="user-form-phone" />
        </Form.Item>
        {creating && (
          <>
            <Form.Item name="password" label={t('users.initialPassword')} extra={t('password.hint')} rules={[{ required: true }, { min: 8, message: t('password.tooShort') }]}>
              <PasswordInput />
            </Form.Item>
            <Divider titlePlacement="start" plain>
              {t('users.firstGrant')}
            </Divider>
            <GrantFields prefix={['grant']} required={false} />
          </>
        )}
      </Form>
    </FormDrawer>
  );
}
