import { Alert, Button, Empty, Result, Skeleton, Tag, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OpenShift } from '@meshwork/contracts';
import { isApiError } from '@/lib/api-client';
import { showSuccess } from '@/lib/feedback';
import { useOpenShifts, useSignUp } from '../api';
import { useSkillList } from '../names';
import { PhonePage } from '../components/PhonePage';
import { ShiftCard } from '../components/ShiftCard';
import { SignupStatusTag } from '../components/SignupStatusTag';

const tierColors: Record<OpenShift['tier'], string> = { community: 'red', street: 'volcano', district: 'default' };

function OpenShiftCard({ shift }: { shift: OpenShift }) {
  const { t } = useTranslation();
  const skills = useSkillList();
  const signUp = useSignUp();
  const full = shift.filled >= shift.headcount;
  const missing = skills(shift.skillsMissing);
  return (
    <ShiftCard
      shift={shift}
      testId="open-shift"
      tags={
        <Tag color={tierColors[shift.tier]} data-testid="open-shift-tier">
          {t(`duty.tier.${shift.tier}`)}
        </Tag>
      }
    >
      <Typography.Text>
        <TeamOutlined /> {t('duty.shift.filled', { filled: shift.filled, headcount: shift.headcount })}
        {shift.waitlisted > 0 && <Typography.Text type="secondary"> · {t('duty.shift.waitlisted', { count: shift.waitlisted })}</Typography.Text>}
      </Typography.Text>
      {shift.requiredSkills.length > 0 && (
        <Typography.Text type="secondary">
          {t('duty.shift.skills')}：{skills(shift.requiredSkills)}
        </Typography.Text>
      )}
      {missing && <Alert type="warning" showIcon title={t('duty.open.missing', { skills: missing })} data-testid="open-shift-missing" />}
      {shift.mine ? (
        <SignupStatusTag status={shift.mine} />
      ) : (
        <Button
          type="primary"
          size="large"
          block
          disabled={!!missing}
          loading={signUp.isPending}
          data-testid="open-shift-signup"
          onClick={() =>
            signUp.mutate(shift.id, {
              onSuccess: ({ signup }) =>
                showSuccess(signup.status === 'waitlisted' ? t('duty.open.waitlisted', { position: signup.waitlistPosition ?? 0 }) : t('duty.open.signedUp')),
            })
          }
        >
          {full ? t('duty.open.waitlistJoin') : t('duty.open.signUp')}
        </Button>
      )}
    </ShiftCard>
  );
}

/** 报名值守: open shifts nearest first, on a phone. */
export function OpenShiftsPage() {
  const { t } = useTranslation();
  const shifts = useOpenShifts();

  if (shifts.isPending) return <Skeleton active />;
  if (isApiError(shifts.error, 'ENROLMENT_NOT_CONFIRMED')) {
    return (
      <Result
        status="info"
        title={t('duty.open.notEnrolled')}
        subTitle={shifts.error.message}
        extra={
          <Link to="/enrol">
            <Button type="primary">{t('duty.open.goEnrol')}</Button>
          </Link>
        }
        data-testid="open-shifts-not-enrolled"
      />
    );
  }
  if (shifts.isError) return <Alert type="error" showIcon title={shifts.error.message} />;

  return (
    <PhonePage title={t('duty.open.title')} intro={t('duty.open.intro')} testId="open-shifts">
      {shifts.data.length === 0 ? <Empty description={t('duty.open.empty')} /> : shifts.data.map((s) => <OpenShiftCard key={s.id} shift={s} />)}
    </PhonePage>
  );
}
