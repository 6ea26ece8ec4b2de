import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PairingView } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { useDeclinePairing } from '../api';

/** The place declines a pending pairing; the reason is required and shown to the unit. */
export function DeclineModal({ pairing, onClose }: { pairing: PairingView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const decline = useDeclinePairing();
  return (
    <FormModal<{ reason: string }, { id: number; reason: string }>
      open={!!pairing}
      title={t('pairing.declineTitle', { name: pairing?.unitName ?? '' })}
      okText={t('pairing.decline')}
      danger
      mutation={decline}
      toRequest={(v) => (pairing ? { id: pairing.id, reason: v.reason.trim() } : undefined)}
      success={t('pairing.declined')}
      onClose={onClose}
    >
      <Form.Item name="reason" label={t('pairing.declineReason')} rules={[{ required: true, whitespace: true, message: t('pairing.declineReasonRequired') }, { max: 200 }]}>
        <Input.TextArea rows={3} maxLength={200} data-testid="pairing-decline-reason" />
      </Form.Item>
    </FormModal>
  );
}
