import { Flex, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignupView } from '@meshwork/contracts';
import { clock } from '@/lib/china-time';

/** What the member did on a shift: presence, hours, certification, and what went wrong. */
export function Attendance({ signup }: { signup: SignupView }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap align="center" data-testid="attendance">
      {signup.checkedInAt ? (
        <Tag color="blue" data-testid="attendance-in">{t('duty.mine.checkedIn', { at: clock(signup.checkedInAt) })}</Tag>
      ) : (
        signup.status === 'active' && <Tag>{t('duty.mine.notCheckedIn')}</Tag>
      )}
      {signup.checkedOutAt && <Tag color="blue" data-testid="attendance-out">{t('duty.mine.checkedOut', { at: clock(signup.checkedOutAt) })}</Tag>}
      {signup.hours !== null && <Tag data-testid="attendance-hours">{t('duty.mine.hours', { hours: signup.hours })}</Tag>}
      {signup.certifiedAt && <Tag color="green" data-testid="attendance-certified">{t('duty.mine.certified')}</Tag>}
      {signup.noShow && <Tag color="red">{t('duty.mine.noShow')}</Tag>}
      {signup.lateCancel && <Tag color="orange">{t('duty.mine.lateCancel')}</Tag>}
      {signup.source === 'assigned' && <Tag>{t('duty.mine.assigned')}</Tag>}
    </Flex>
  );
}
