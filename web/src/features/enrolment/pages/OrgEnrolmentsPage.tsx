import { useState } from 'react';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnrolmentStatus, OrgEnrolmentView } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { OrgPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { SearchInput } from '@/components/SearchInput';
import { formatDateTime } from '@/lib/format';
import { useListQuery } from '@/lib/hooks';
import { useOrgEnrolments } from '../api';
import { EnrolmentStatusTag } from '../components/EnrolmentStatusTag';
import { StatusFilter } from '../components/StatusFilter';
import { PagedTable, pageSize } from '@/components/PagedTable';

/** Where the org's members enrolled, and how it stands; the org's own ledger of it. */
export function OrgEnrolmentsPage() {
  const { t } = useTranslation();
  const [org, setOrg] = useState<PickedValue | null>(null);
  const [status, setStatus] = useState<EnrolmentStatus>();
  const { search, setSearch, q, page, setPage, resetting } = useListQuery();
  const orgId = org?.value;
  const list = useOrgEnrolments({ orgId, status, q, limit: pageSize, offset: (page - 1) * pageSize });

  return (
    <Card
      size="small"
      title={t('enrolment.orgSide.title')}
      extra={
        <DownloadButton path="/org-enrolments/export.xlsx" query={{ orgId, status }} fileName="党员报到情况台账.xlsx" data-testid="org-enrolments-ledger">
          {t('enrolment.orgSide.ledger')}
        </DownloadButton>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('enrolment.orgSide.intro')}</Typography.Text>
        <Flex wrap gap={8}>
          <OrgPicker data-testid="org-enrolments-org" placeholder={t('enrolment.orgSide.allOrgs')} value={org} onChange={resetting(setOrg)} style={{ width: '100%', maxWidth: 320 }} />
          <StatusFilter data-testid="org-enrolments-status" value={status} onChange={resetting(setStatus)} />
          <SearchInput value={search} onSearch={setSearch} placeholder={t('enrolment.review.search')} data-testid="org-enrolments-search" />
        </Flex>
        <PagedTable<OrgEnrolmentView>
          data-testid="org-enrolments-table"
          rows={list.data?.items}
          total={list.data?.total ?? 0}
          loading={list.isFetching}
          page={page}
          onPage={setPage}
          emptyText={t('enrolment.review.empty')}
          columns={[
            { title: t('enrolment.review.name'), dataIndex: 'name', width: 100 },
            { title: t('enrolment.review.status'), dataIndex: 'status', width: 90, render: (s: EnrolmentStatus) => <EnrolmentStatusTag status={s} /> },
            { title: t('enrolment.review.org'), dataIndex: 'orgName', width: 220 },
            { title: t('enrolment.review.community'), dataIndex: 'communityName', width: 160 },
            { title: t('enrolment.review.createdAt'), dataIndex: 'createdAt', width: 160, render: formatDateTime },
            { title: t('enrolment.orgSide.decidedAt'), dataIndex: 'decidedAt', width: 160, render: formatDateTime },
          ]}
        />
      </Flex>
    </Card>
  );
}
