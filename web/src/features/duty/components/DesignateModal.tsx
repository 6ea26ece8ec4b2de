import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { riskLevel, type CreateRiskZoneRequest, type RiskLevel } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { useLocale } from '@/lib/locale';
import { useDesignate } from '../api';

interface Values {
  region: PickedValue;
  level: RiskLevel;
  startsAt: Dayjs;
  endsAt?: Dayjs | null;
  reason?: string;
}

/** Zones are drawn on a community, a grid or a building (the server's rule too). */
const zoneLevels = ['community', 'grid', 'building'];

export function DesignateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const designate = useDesignate();
  return (
    <FormModal<Values, CreateRiskZoneRequest>
      open={open}
      title={t('duty.risk.designate')}
      mutation={designate}
      success={t('duty.risk.designated')}
      onClose={onClose}
      toRequest={(v) => ({
        regionId: v.region.value,
        level: v.level,
        startsAt: v.startsAt.toISOString(),
        endsAt: v.endsAt ? v.endsAt.toISOString() : null,
        reason: v.reason?.trim() || undefined,
      })}
    >
      <Form.Item name="region" label={t('duty.risk.region')} extra={t('duty.risk.regionHint')} rules={[{ required: true }]}>
        <RegionPicker isAllowed={(hit) => hit.inScope && zoneLevels.includes(hit.level)} data-testid="risk-form-region" />
      </Form.Item>
      <Form.Item name="level" label={t('duty.risk.level')} rules={[{ required: true }]}>
        <Select data-testid="risk-form-level" options={riskLevel.values.map((l) => ({ value: l, label: riskLevel.label(l, locale) }))} />
      </Form.Item>
      <Form.Item name="startsAt" label={t('duty.risk.startsAt')} initialValue={dayjs()} rules={[{ required: true }]}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="risk-form-starts" />
      </Form.Item>
      <Form.Item name="endsAt" label={t('duty.risk.endsAt')} extra={t('duty.risk.endsAtHint')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="risk-form-ends" />
      </Form.Item>
      <Form.Item name="reason" label={t('duty.risk.reason')} rules={[{ max: 200 }]}>
        <Input data-testid="risk-form-reason" />
      </Form.Item>
    </FormModal>
  );
}
