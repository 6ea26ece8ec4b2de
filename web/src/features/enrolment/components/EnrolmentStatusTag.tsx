import { Tag } from 'antd';
import { enrolmentStatus, type EnrolmentStatus } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

const colors: Record<EnrolmentStatus, string> = { pending: 'gold', confirmed: 'green', rejected: 'red', withdrawn: 'default', ended: 'default' };

export function EnrolmentStatusTag({ status, 'data-testid': testId }: { status: EnrolmentStatus; 'data-testid'?: string }) {
  const locale = useLocale();
  return (
    <Tag color={colors[status]} data-testid={testId}>
      {enrolmentStatus.label(status, locale)}
    </Tag>
  );
}
