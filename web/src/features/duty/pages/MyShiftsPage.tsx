import { useState } from 'react';
import { Alert, App, Button, Empty, Segmented, Skeleton, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MyShift } from '@meshwork/contracts';
import { ignore, showSuccess } from '@/lib/feedback';
import { useCancelSignup, useMyShifts } from '../api';
import { Attendance } from '../components/Attendance';
import { PhonePage } from '../components/PhonePage';
import { ShiftCard } from '../components/ShiftCard';
import { SignupStatusTag } from '../components/SignupStatusTag';

/** Cancelling closer to the start than this is recorded (the server's LATE_CANCEL_HOURS). */
const LATE_CANCEL_HOURS = 12;

const isPast = (m: MyShift) => Date.parse(m.shift.endsAt) <= Date.now() || m.signup.status === 'cancelled' || m.signup.status === 'removed';

function MyShiftCard({ item }: { item: MyShift }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const cancel = useCancelSignup();
  const { shift, signup } = item;
  const startsIn = Date.parse(shift.startsAt) - Date.now();
  const cancellable = (signup.status === 'active' || signup.status === 'waitlisted') && startsIn > 0;

  const confirmCancel = () =>
    modal.confirm({
      title: t('duty.mine.cancelConfirm'),
      // Warned before, since the record stays.
      content: startsIn < LATE_CANCEL_HOURS * 3_600_000 ? <Alert type="warning" showIcon title={t('duty.mine.lateWarning', { hours: LATE_CANCEL_HOURS })} data-testid="my-shift-late-warning" /> : undefined,
      okText: t('duty.mine.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'my-shift-cancel-confirm' },
      onOk: () => cancel.mutateAsync(signup.id).then(() => showSuccess(t('duty.mine.cancelled')), ignore),
    });

  return (
    <ShiftCard
      shift={shift}
      testId="my-shift"
      tags={
        <>
          <SignupStatusTag status={signup.status} waitlistPosition={signup.waitlistPosition} />
          {shift.status === 'cancelled' && <Tag color="red">{t('duty.shift.cancelled')}</Tag>}
        </>
      }
    >
      <Attendance signup={signup} />
      {cancellable && (
        <Button danger block onClick={confirmCancel} data-testid="my-shift-cancel">
          {t('duty.mine.cancel')}
        </Button>
      )}
    </ShiftCard>
  );
}

/** 我的班次: the member's upcoming and past shifts, on a phone. */
export function MyShiftsPage() {
  const { t } = useTranslation();
  const mine = useMyShifts();
  const [tab, setTab] = useState<'upcoming' | 'past'>('upcoming');

  if (mine.isPending) return <Skeleton active />;
  if (mine.isError) return <Alert type="error" showIcon title={mine.error.message} />;

  const shown = mine.data
    .filter((m) => isPast(m) === (tab === 'past'))
    // Upcoming soonest first; past most recent first.
    .sort((a, b) => (tab === 'past' ? -1 : 1) * (Date.parse(a.shift.startsAt) - Date.parse(b.shift.startsAt)));

  return (
    <PhonePage title={t('duty.mine.title')} testId="my-shifts">
      <Segmented<'upcoming' | 'past'>
        block
        value={tab}
        onChange={setTab}
        data-testid="my-shifts-tab"
        options={[
          { value: 'upcoming', label: t('duty.mine.upcoming') },
          { value: 'past', label: t('duty.mine.past') },
        ]}
      />
      {shown.length === 0 ? (
        <Empty description={t('duty.mine.empty')}>
          {tab === 'upcoming' && (
            <Link to="/open-shifts">
              <Button type="primary">{t('duty.mine.findShifts')}</Button>
            </Link>
          )}
        </Empty>
      ) : (
        shown.map((m) => <MyShiftCard key={m.signup.id} item={m} />)
      )}
    </PhonePage>
  );
}
