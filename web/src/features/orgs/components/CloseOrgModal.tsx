import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgNode } from '@meshwork/contracts';
import { showSuccess } from '@/lib/feedback';
import { useCloseOrg } from '../api';

/** Closing (撤销) keeps the org and its history; temporary branches end this way once their task is done. */
export function CloseOrgModal({ org, onClose }: { org: OrgNode | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const close = useCloseOrg();

  return (
    <Modal
      open={!!org}
      title={t('orgs.closeTitle', { name: org?.name ?? '' })}
      okText={t('orgs.close')}
      okButtonProps={{ danger: true }}
      confirmLoading={close.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={({ reason }) =>
          org &&
          close.mutate(
            { id: org.id, reason: reason.trim() },
            {
              onSuccess: () => {
                showSuccess(t('orgs.closed'));
                onClose();
              },
            },
          )
        }
      >
        <Form.Item name="reason" label={t('orgs.closeReason')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="org-close-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
