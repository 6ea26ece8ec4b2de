import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { enrolmentStatus, type EnrolmentStatus } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

export function StatusFilter({ value, onChange, 'data-testid': testId }: { value: EnrolmentStatus | undefined; onChange: (v: EnrolmentStatus | undefined) => void; 'data-testid'?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Select<EnrolmentStatus>
      allowClear
      data-testid={testId}
      placeholder={t('enrolment.review.allStatuses')}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={enrolmentStatus.values.map((v) => ({ value: v, label: enrolmentStatus.label(v, locale) }))}
      style={{ width: 140 }}
    />
  );
}
