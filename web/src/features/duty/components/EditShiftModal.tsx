import { Form, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UpdateShiftRequest } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { useUpdateShift, type ShiftDetail } from '../api';

interface Values {
  headcount: number;
  leaderPersonId?: number;
}

/** Changes a shift's headcount or its leader (who may then mark presence); its members are notified. */
export function EditShiftModal({ detail, open, onClose }: { detail: ShiftDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateShift();
  const { shift } = detail;
  return (
    <FormModal<Values & { id: number }, UpdateShiftRequest & { id: number }>
      open={open}
      title={t('duty.detail.editTitle')}
      mutation={update}
      success={t('duty.detail.editSaved')}
      onClose={onClose}
      toRequest={(v) => {
        const body: UpdateShiftRequest & { id: number } = { id: shift.id };
        if (v.headcount !== shift.headcount) body.headcount = v.headcount;
        if (v.leaderPersonId) body.leaderPersonId = v.leaderPersonId;
        return body.headcount === undefined && body.leaderPersonId === undefined ? undefined : body;
      }}
    >
      <Form.Item name="headcount" label={t('duty.needs.headcount')} initialValue={shift.headcount} rules={[{ required: true }]}>
        <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} data-testid="shift-form-headcount" />
      </Form.Item>
      <Form.Item name="leaderPersonId" label={t('duty.detail.leader')} extra={t('duty.detail.leaderHint')}>
        <Select
          allowClear
          data-testid="shift-form-leader"
          options={detail.signups.filter((s) => s.status === 'active').map((s) => ({ value: s.personId, label: s.personName }))}
        />
      </Form.Item>
    </FormModal>
  );
}
