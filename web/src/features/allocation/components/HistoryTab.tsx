import { useState } from 'react';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanListItem, PlanStatus } from '@meshwork/contracts';
import { PagedTable, pageSize } from '@/components/PagedTable';
import { formatDateTime } from '@/lib/format';
import { usePlans } from '../api';
import { PlanStatusTag } from './tags';

/** 历史方案: the node's plans, newest first; opening one shows it on the plan tab. */
export function HistoryTab({ regionId, onOpen }: { regionId: number; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const plans = usePlans(regionId, { limit: pageSize, offset: (page - 1) * pageSize });

  if (plans.isError) return <Alert type="error" showIcon title={plans.error.message} />;
  return (
    <PagedTable<PlanListItem>
      data-testid="plan-history"
      rows={plans.data?.items}
      total={plans.data?.total ?? 0}
      loading={plans.isFetching}
      page={page}
      onPage={setPage}
      emptyText={t('allocation.history.empty')}
      columns={[
        { title: t('allocation.history.id'), dataIndex: 'id', render: (id: number) => `#${id}` },
        { title: t('allocation.history.status'), dataIndex: 'status', render: (s: PlanStatus) => <PlanStatusTag status={s} data-testid="history-status" /> },
        { title: t('allocation.history.range'), key: 'range', render: (_, p) => `${p.from} ~ ${p.to}` },
        { title: t('allocation.history.createdBy'), dataIndex: 'createdBy', render: (by: string | null) => by ?? '—' },
        { title: t('allocation.history.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
        { title: t('allocation.history.planned'), key: 'planned', align: 'right', render: (_, p) => `${p.summary.planned} / ${p.summary.gap}` },
        {
          title: t('common.actions'),
          key: 'open',
          render: (_, p) => (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(p.id)} data-testid="history-open">
              {t('allocation.history.open')}
            </Button>
          ),
        },
      ]}
    />
  );
}
