import { Checkbox, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AvailabilityRequest } from '@meshwork/contracts';
import { useAvailability } from '@/lib/availability';

/** The days and parts of the day a member can serve in, as form fields `availableDays` and `availablePeriods`. */
export function AvailabilityFields({ initial }: { initial?: AvailabilityRequest }) {
  const { t } = useTranslation();
  const { dayOptions, periodOptions } = useAvailability();
  return (
    <>
      <Form.Item name="availableDays" initialValue={initial?.availableDays} label={t('enrolment.form.days')}>
        <Checkbox.Group options={dayOptions} data-testid="enrol-days" />
      </Form.Item>
      <Form.Item name="availablePeriods" initialValue={initial?.availablePeriods} label={t('enrolment.form.periods')} extra={t('enrolment.form.anyHint')}>
        <Checkbox.Group options={periodOptions} data-testid="enrol-periods" />
      </Form.Item>
    </>
  );
}
