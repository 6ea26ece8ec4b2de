import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { signupStatus, type SignupStatus } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

const colors: Record<SignupStatus, string> = { active: 'green', waitlisted: 'gold', cancelled: 'default', removed: 'default' };

/** The status, with the place in line while waitlisted. */
export function SignupStatusTag({ status, waitlistPosition }: { status: SignupStatus; waitlistPosition?: number | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Tag color={colors[status]} data-testid="signup-status">
      {status === 'waitlisted' && waitlistPosition ? t('duty.mine.waitlistPosition', { position: waitlistPosition }) : signupStatus.label(status, locale)}
    </Tag>
  );
}
