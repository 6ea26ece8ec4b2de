import { useState } from 'react';
import { Button, Card, Flex, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { temporaryBranchPurpose, type TemporaryBranchPurpose, type TemporaryBranchStatus, type TemporaryBranchView } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { PagedTable, pageSize } from '@/components/PagedTable';
import { SearchInput } from '@/components/SearchInput';
import { formatDateTime } from '@/lib/format';
import { useIsPhone, useListQuery } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';
import { useTemporaryBranches } from '../api';
import { areaOf } from '../area';
import { BranchDetailDrawer } from '../components/BranchDetailDrawer';
import { BranchStatusTag } from '../components/BranchStatusTag';
import { SetUpBranchDrawer } from '../components/SetUpBranchDrawer';

const day = (iso: string | null) => (iso ? formatDateTime(iso).slice(0, 10) : '—');

/** The temporary branches of the user's streets and communities, active and dissolved. */
export function TemporaryBranchesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const pinned = !useIsPhone();
  const [status, setStatus] = useState<TemporaryBranchStatus>();
  const [purpose, setPurpose] = useState<TemporaryBranchPurpose>();
  const { search, setSearch, q, page, setPage, resetting } = useListQuery();
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState<number>();
  const filter = { status, purpose, q };
  const branches = useTemporaryBranches({ ...filter, limit: pageSize, offset: (page - 1) * pageSize });


  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <Card
        size="small"
        title={t('temporaryBranches.title')}
        extra={
          <Flex gap={8}>
            <DownloadButton path="/temporary-branches/export.xlsx" query={filter} fileName="临时党支部台账.xlsx" data-testid="tb-export">
              {t('temporaryBranches.export')}
            </DownloadButton>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="tb-create">
              {t('temporaryBranches.create')}
            </Button>
          </Flex>
        }
      >
        <Flex vertical gap={12}>
          <Flex wrap gap={8}>
            <Select<TemporaryBranchStatus>
              allowClear
              placeholder={t('temporaryBranches.allStatuses')}
              style={{ width: 140 }}
              value={status}
              onChange={resetting(setStatus)}
              data-testid="tb-filter-status"
              options={(['active', 'dissolved'] as const).map((s) => ({ value: s, label: t(`temporaryBranches.${s}`) }))}
            />
            <Select<TemporaryBranchPurpose>
              allowClear
              placeholder={t('temporaryBranches.allPurposes')}
              style={{ width: 140 }}
              value={purpose}
              onChange={resetting(setPurpose)}
              data-testid="tb-filter-purpose"
              options={temporaryBranchPurpose.values.map((p) => ({ value: p, label: temporaryBranchPurpose.label(p, locale) }))}
            />
            <SearchInput value={search} onSearch={setSearch} placeholder={t('temporaryBranches.search')} data-testid="tb-search" />
          </Flex>
          <PagedTable<TemporaryBranchView>
            data-testid="tb-table"
            rows={branches.data?.items}
            total={branches.data?.total ?? 0}
            loading={branches.isFetching}
            page={page}
            onPage={setPage}
            emptyText={t('temporaryBranches.empty')}
            columns={[
              {
                title: t('temporaryBranches.name'),
                dataIndex: 'name',
                fixed: pinned && 'left',
                render: (name: string, b) => (
                  <Typography.Link onClick={() => setOpened(b.id)} data-testid="tb-open">
                    {name}
                  </Typography.Link>
                ),
              },
              { title: t('temporaryBranches.status'), dataIndex: 'status', render: (s: TemporaryBranchStatus) => <BranchStatusTag status={s} /> },
              { title: t('temporaryBranches.purpose'), dataIndex: 'purpose', render: (p: TemporaryBranchPurpose) => temporaryBranchPurpose.label(p, locale) },
              { title: t('temporaryBranches.area'), key: 'area', render: (_, b) => areaOf(b) },
              { title: t('temporaryBranches.task'), dataIndex: 'task', render: (v: string | null) => v ?? '—' },
              { title: t('temporaryBranches.parent'), dataIndex: 'parentOrgName', render: (v: string | null) => v ?? '—' },
              { title: t('temporaryBranches.secretary'), key: 'secretary', render: (_, b) => b.secretary?.name ?? '—' },
              { title: t('temporaryBranches.memberCount'), dataIndex: 'memberCount' },
              { title: t('temporaryBranches.setUpAt'), dataIndex: 'setUpAt', render: day },
              { title: t('temporaryBranches.dissolvedAt'), dataIndex: 'dissolvedAt', render: day },
            ]}
          />
        </Flex>
      </Card>
      <SetUpBranchDrawer open={creating} onClose={() => setCreating(false)} onCreated={setOpened} />
      <BranchDetailDrawer branchId={opened} onClose={() => setOpened(undefined)} />
    </Flex>
  );
}
