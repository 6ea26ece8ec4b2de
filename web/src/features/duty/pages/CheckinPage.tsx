import { Alert, Button, Flex, Typography } from 'antd';
import { LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MyShift } from '@meshwork/contracts';
import { useCheckin, useMyShifts } from '../api';
import { Attendance } from '../components/Attendance';
import { PhonePage } from '../components/PhonePage';
import { ShiftCard } from '../components/ShiftCard';
import { SignupStatusTag } from '../components/SignupStatusTag';

const big = { flex: 1, height: 72, fontSize: 22 };

/** Check-in opens this long before the start (the server's EARLY_CHECKIN_MINUTES). */
const EARLY_MS = 30 * 60_000;

const underWay = (m: MyShift) =>
  m.signup.status === 'active' && Date.parse(m.shift.startsAt) - EARLY_MS <= Date.now() && Date.now() < Date.parse(m.shift.endsAt);

function CheckinShift({ item, testId }: { item: MyShift; testId: string }) {
  return (
    <ShiftCard shift={item.shift} testId={testId} tags={<SignupStatusTag status={item.signup.status} />}>
      <Attendance signup={item.signup} />
    </ShiftCard>
  );
}

/**
 * Opened by scanning a site's QR code (`/checkin/<token>`): big buttons to check in and out of
 * the member's shift at that site. The code names the site, not the shift; the server finds the
 * member's shift there now, and the page shows it once it answers.
 */
export function CheckinPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const checkin = useCheckin();
  const mine = useMyShifts();
  const current = (mine.data ?? []).filter(underWay);
  const act = (action: 'in' | 'out') => checkin.mutate({ token, action });

  return (
    <PhonePage title={t('duty.checkin.title')} intro={t('duty.checkin.intro')} testId="checkin-page">
      <Flex gap={12}>
        <Button type="primary" size="large" icon={<LoginOutlined />} style={big} loading={checkin.isPending && checkin.variables?.action === 'in'} onClick={() => act('in')} data-testid="checkin-in">
          {t('duty.checkin.in')}
        </Button>
        <Button size="large" icon={<LogoutOutlined />} style={big} loading={checkin.isPending && checkin.variables?.action === 'out'} onClick={() => act('out')} data-testid="checkin-out">
          {t('duty.checkin.out')}
        </Button>
      </Flex>
      {checkin.isError && <Alert type="error" showIcon title={checkin.error.message} data-testid="checkin-error" />}
      {checkin.isSuccess && (
        <>
          <Alert type="success" showIcon title={t(checkin.variables.action === 'in' ? 'duty.checkin.doneIn' : 'duty.checkin.doneOut')} data-testid="checkin-done" />
          <CheckinShift item={checkin.data} testId="checkin-shift" />
        </>
      )}
      {!checkin.isSuccess && (
        <>
          <Typography.Text strong>{t('duty.checkin.now')}</Typography.Text>
          {current.length === 0 ? (
            <Typography.Text type="secondary">{t('duty.checkin.none')}</Typography.Text>
          ) : (
            current.map((m) => <CheckinShift key={m.signup.id} item={m} testId="checkin-current" />)
          )}
        </>
      )}
    </PhonePage>
  );
}
