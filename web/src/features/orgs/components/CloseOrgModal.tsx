import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgNode } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { useCloseOrg } from '../api';

/** Closing (撤销) keeps the org and its history; temporary branches end this way once their task is done. */
export function CloseOrgModal({ org, onClose }: { org: OrgNode | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const close = useCloseOrg();
  return (
    <FormModal
      open={!!org}
      title={t('orgs.closeTitle', { name: org?.name ?? '' })}
      okText={t('orgs.close')}
      danger
      mutation={close}
      toRequest={({ reason }: { reason: string }) => org && { id: org.id, reason: reason.trim() }}
      success={t('orgs.closed')}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('orgs.closeReason')} rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="org-close-reason" />
      </Form.Item>
    </FormModal>
  );
}
