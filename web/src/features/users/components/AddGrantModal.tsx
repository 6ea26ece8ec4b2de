import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserView } from '@meshwork/contracts';
import { showSuccess } from '@/lib/feedback';
import { useAddGrant } from '../api';
import { toGrantRequest, type GrantValues } from '../grants';
import { GrantFields } from './GrantFields';

export function AddGrantModal({ user, onClose }: { user: UserView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantValues>();
  const add = useAddGrant();
  return (
    <Modal
      open={!!user}
      title={t('grants.addTo', { name: user?.name ?? '' })}
      okText={t('common.save')}
      confirmLoading={add.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          user &&
          add.mutate(
            { userId: user.id, ...toGrantRequest(values) },
            {
              onSuccess: () => {
                showSuccess(t('grants.added'));
                onClose();
              },
            },
          )
        }
      >
        <GrantFields required />
      </Form>
    </Modal>
  );
}
