import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShiftView } from '@meshwork/contracts';

/** How full a shift is: filled of headcount, its waitlist, and whether it was cancelled. */
export function ShiftFill({ shift }: { shift: ShiftView }) {
  const { t } = useTranslation();
  if (shift.status === 'cancelled') return <Tag color="red">{t('duty.shift.cancelled')}</Tag>;
  return (
    <Flex gap={4} align="center" wrap data-testid="shift-fill">
      <Typography.Text type={shift.filled < shift.headcount ? 'warning' : 'success'}>{t('duty.shift.filled', { filled: shift.filled, headcount: shift.headcount })}</Typography.Text>
      {shift.waitlisted > 0 && <Tag color="gold">{t('duty.shift.waitlisted', { count: shift.waitlisted })}</Tag>}
    </Flex>
  );
}
