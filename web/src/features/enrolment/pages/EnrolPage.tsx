import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Flex, Popconfirm, Spin, Typography } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { post, skill, type AvailabilityRequest, type EnrolmentView } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { useAvailability } from '@/lib/availability';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/locale';
import { useMyEnrolments, usePublicInvitation, useSetAvailability, useWithdraw } from '../api';
import { AvailabilityFields } from '../components/AvailabilityFields';
import { EnrolForm } from '../components/EnrolForm';
import { EnrolmentStatusTag } from '../components/EnrolmentStatusTag';

const isActive = (e: EnrolmentView) => e.status === 'pending' || e.status === 'confirmed';

function EnrolmentCard({ enrolment: e, current }: { enrolment: EnrolmentView; current: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const withdraw = useWithdraw();
  const setAvailability = useSetAvailability();
  const availability = useAvailability();
  const [editing, setEditing] = useState(false);
  return (
    <Card
      size="small"
      data-testid={current ? 'my-enrolment' : 'my-enrolment-past'}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{e.communityName}</span>
          <EnrolmentStatusTag status={e.status} data-testid={current ? 'my-enrolment-status' : undefined} />
        </Flex>
      }
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          ...(e.homeName ? [{ key: 'home', label: t('enrolment.review.home'), children: e.homeName }] : []),
          ...(e.orgName ? [{ key: 'org', label: t('enrolment.review.org'), children: e.orgName }] : []),
          ...(e.skills.length ? [{ key: 'skills', label: t('enrolment.review.skills'), children: e.skills.map((s) => skill.label(s, locale)).join('、') }] : []),
          ...(e.preferredPosts.length ? [{ key: 'posts', label: t('enrolment.review.posts'), children: e.preferredPosts.map((p) => post.label(p, locale)).join('、') }] : []),
          { key: 'days', label: t('enrolment.mine.days'), children: <span data-testid="my-enrolment-days">{availability.days(e.availableDays)}</span> },
          { key: 'periods', label: t('enrolment.mine.periods'), children: <span data-testid="my-enrolment-periods">{availability.periods(e.availablePeriods)}</span> },
          ...(e.availability ? [{ key: 'availability', label: t('enrolment.review.availability'), children: e.availability }] : []),
        ]}
      />
      <Flex vertical gap={4}>
        <Typography.Text type="secondary">{t('enrolment.mine.submittedAt', { at: formatDateTime(e.createdAt) })}</Typography.Text>
        {e.status === 'confirmed' && e.decidedAt && <Typography.Text type="secondary">{t('enrolment.mine.decidedAt', { at: formatDateTime(e.decidedAt) })}</Typography.Text>}
        {e.status === 'rejected' && <Alert type="warning" showIcon title={t('enrolment.mine.rejectReason', { reason: e.rejectReason ?? '' })} />}
      </Flex>
      {isActive(e) && (
        <Button block icon={<ClockCircleOutlined />} style={{ marginTop: 12 }} onClick={() => setEditing(true)} data-testid="enrol-availability-edit">
          {t('enrolment.mine.editAvailability')}
        </Button>
      )}
      {isActive(e) && (
        <Popconfirm title={t('enrolment.mine.withdrawConfirm')} onConfirm={() => withdraw.mutate(e.id)}>
          <Button danger block style={{ marginTop: 12 }} loading={withdraw.isPending} data-testid="enrol-withdraw">
            {t('enrolment.mine.withdraw')}
          </Button>
        </Popconfirm>
      )}
      <FormModal<AvailabilityRequest, AvailabilityRequest & { id: number }>
        open={editing}
        title={t('enrolment.mine.availabilityTitle')}
        mutation={setAvailability}
        success={t('enrolment.mine.availabilitySaved')}
        onClose={() => setEditing(false)}
        toRequest={(v) => ({ id: e.id, availableDays: v.availableDays ?? [], availablePeriods: v.availablePeriods ?? [] })}
      >
        <AvailabilityFields initial={{ availableDays: e.availableDays, availablePeriods: e.availablePeriods }} />
      </FormModal>
    </Card>
  );
}

/** The member's own enrolment: where they enrolled and how it stands, or the form to enrol. */
export function EnrolPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('invitation') ?? undefined;
  const mine = useMyEnrolments();
  const invitation = usePublicInvitation(token);

  if (mine.isPending || (token && invitation.isPending)) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  const items = mine.data?.items ?? [];
  const active = items.find(isActive);
  const past = items.filter((e) => e !== active);
  // A link used up by this very registration still says where the member was invited to.
  const invited = invitation.data && invitation.data.problem !== 'expired' && invitation.data.problem !== 'revoked' ? invitation.data : undefined;

  return (
    <Flex vertical gap={12} style={{ width: '100%', maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('enrolment.mine.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('enrolment.mine.intro')}</Typography.Text>
      {active ? (
        <EnrolmentCard enrolment={active} current />
      ) : (
        <>
          {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('enrolment.mine.empty')} />}
          {invited && <Alert type="info" showIcon title={t('enrolment.form.invitedBy', { name: invited.communityName ?? invited.orgName })} />}
          <EnrolForm
            defaults={{
              place: invited?.communityId ? [{ id: invited.communityId, name: invited.communityName!, level: 'community' }] : [],
              org: mine.data?.defaultOrg ?? (invited?.orgId ? { id: invited.orgId, name: invited.orgName! } : null),
              invitation: invited ? token : undefined,
            }}
          />
        </>
      )}
      {past.length > 0 && (
        <>
          <Typography.Text strong>{t('enrolment.mine.history')}</Typography.Text>
          {past.map((e) => (
            <EnrolmentCard key={e.id} enrolment={e} current={false} />
          ))}
        </>
      )}
    </Flex>
  );
}
