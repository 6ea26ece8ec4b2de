import { useState } from 'react';
import { Button, Card, Flex, Form, Input, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { gender, post, skill, type EnrolmentStatus, type EnrolmentView } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { FormModal } from '@/components/FormModal';
import { SearchInput } from '@/components/SearchInput';
import { showSuccess } from '@/lib/feedback';
import { formatDateTime } from '@/lib/format';
import { useAvailability } from '@/lib/availability';
import { useIsPhone, useListQuery } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';
import { useConfirm, useEnd, useReject, useReviewList } from '../api';
import { EnrolmentStatusTag } from '../components/EnrolmentStatusTag';
import { StatusFilter } from '../components/StatusFilter';
import { PagedTable, pageSize } from '@/components/PagedTable';

/** The community's (or street's) enrolments: confirm, reject with a reason, end; the ledger. */
export function EnrolmentReviewPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const pinned = !useIsPhone();
  const [status, setStatus] = useState<EnrolmentStatus>();
  const { search, setSearch, q, page, setPage, resetting } = useListQuery();
  const [rejecting, setRejecting] = useState<EnrolmentView>();
  const list = useReviewList({ status, q, limit: pageSize, offset: (page - 1) * pageSize });
  const confirm = useConfirm();
  const end = useEnd();
  const reject = useReject();
  const availability = useAvailability();

  return (
    <Card
      size="small"
      title={t('enrolment.review.title')}
      extra={
        <DownloadButton path="/enrolments/export.xlsx" query={{ status }} fileName="党员报到台账.xlsx" data-testid="review-ledger">
          {t('enrolment.review.ledger')}
        </DownloadButton>
      }
    >
      <Flex vertical gap={12}>
        <Flex wrap gap={8}>
          <StatusFilter
            data-testid="review-status"
            value={status}
            onChange={resetting(setStatus)}
          />
          <SearchInput
            value={search}
            onSearch={setSearch}
            placeholder={t('enrolment.review.search')}
            data-testid="review-search"
          />
        </Flex>
        <PagedTable<EnrolmentView>
          data-testid="review-table"
          rows={list.data?.items}
          total={list.data?.total ?? 0}
          loading={list.isFetching}
          page={page}
          onPage={setPage}
          emptyText={t('enrolment.review.empty')}
          columns={[
            { title: t('enrolment.review.name'), dataIndex: 'name', width: 90, fixed: pinned && 'left' },
            { title: t('enrolment.review.status'), dataIndex: 'status', width: 90, render: (s: EnrolmentStatus) => <EnrolmentStatusTag status={s} /> },
            { title: t('enrolment.review.gender'), dataIndex: 'gender', width: 60, render: (g: EnrolmentView['gender']) => (g ? gender.label(g, locale) : '—') },
            { title: t('enrolment.review.phone'), dataIndex: 'phone', width: 120, render: (p: string | null) => p ?? '—' },
            { title: t('enrolment.review.community'), dataIndex: 'communityName', width: 140 },
            { title: t('enrolment.review.home'), dataIndex: 'homeName', width: 180, render: (h: string | null) => h ?? '—' },
            { title: t('enrolment.review.org'), dataIndex: 'orgName', width: 200, render: (o: string | null) => o ?? '—' },
            { title: t('enrolment.review.skills'), key: 'skills', width: 140, render: (_, e) => e.skills.map((s) => skill.label(s, locale)).join('、') || '—' },
            { title: t('enrolment.review.posts'), key: 'posts', width: 160, render: (_, e) => e.preferredPosts.map((p) => post.label(p, locale)).join('、') || '—' },
            { title: t('enrolment.review.days'), key: 'days', width: 140, render: (_, e) => availability.days(e.availableDays) },
            { title: t('enrolment.review.periods'), key: 'periods', width: 160, render: (_, e) => availability.periods(e.availablePeriods) },
            { title: t('enrolment.review.availability'), dataIndex: 'availability', width: 140, render: (a: string | null) => a ?? '—' },
            { title: t('enrolment.review.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 140,
              fixed: pinned && 'right',
              render: (_, e) => (
                <Flex gap={8} wrap>
                  {e.status === 'pending' && (
                    <>
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        loading={confirm.isPending && confirm.variables === e.id}
                        onClick={() => confirm.mutate(e.id, { onSuccess: () => showSuccess(t('enrolment.review.confirmed')) })}
                        data-testid="review-confirm"
                      >
                        {t('enrolment.review.confirm')}
                      </Button>
                      <Button type="link" size="small" danger style={{ padding: 0 }} onClick={() => setRejecting(e)} data-testid="review-reject">
                        {t('enrolment.review.reject')}
                      </Button>
                    </>
                  )}
                  {e.status === 'confirmed' && (
                    <Popconfirm title={t('enrolment.review.endConfirm')} onConfirm={() => end.mutate(e.id, { onSuccess: () => showSuccess(t('enrolment.review.ended')) })}>
                      <Button type="link" size="small" danger style={{ padding: 0 }} data-testid="review-end">
                        {t('enrolment.review.end')}
                      </Button>
                    </Popconfirm>
                  )}
                </Flex>
              ),
            },
          ]}
        />
      </Flex>
      <FormModal<{ reason: string }, { id: number; reason: string }>
        open={!!rejecting}
        title={rejecting && `${t('enrolment.review.rejectTitle')}：${rejecting.name}`}
        okText={t('enrolment.review.reject')}
        danger
        mutation={reject}
        toRequest={({ reason }) => ({ id: rejecting!.id, reason: reason.trim() })}
        success={t('enrolment.review.rejected')}
        onClose={() => setRejecting(undefined)}
      >
        <Form.Item name="reason" label={t('enrolment.review.reason')} rules={[{ required: true, whitespace: true, message: t('enrolment.review.reasonRequired') }]}>
          <Input.TextArea maxLength={200} rows={3} data-testid="review-reason" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
