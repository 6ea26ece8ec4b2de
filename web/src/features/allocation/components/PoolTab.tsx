import { useState } from 'react';
import { Alert, Empty, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AllocationQuery, PoolMember, PoolSource } from '@meshwork/contracts';
import { pageSize } from '@/components/PagedTable';
import { useAvailability } from '@/lib/availability';
import { usePool } from '../api';
import { SourceTag, useSkillList } from './tags';

/** 人员池: everyone who could be deployed in the dates, with when they can serve and what they already hold. */
export function PoolTab({ query }: { query: AllocationQuery }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const pool = usePool({ ...query, limit: pageSize, offset: (page - 1) * pageSize });
  const skillList = useSkillList();
  const availability = useAvailability();

  if (pool.isError) return <Alert type="error" showIcon title={pool.error.message} data-testid="pool-error" />;
  return (
    <Flex vertical gap={8}>
      {pool.data && <Typography.Text type="secondary">{t('allocation.pool.summary', { total: pool.data.total })}</Typography.Text>}
      <Table<PoolMember>
        data-testid="pool-table"
        size="small"
        rowKey="personId"
        loading={pool.isFetching}
        dataSource={pool.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('allocation.pool.empty')} /> }}
        pagination={{ current: page, pageSize, total: pool.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('common.total', { total: n }) }}
        columns={[
          { title: t('allocation.pool.name'), dataIndex: 'personName' },
          { title: t('allocation.pool.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
          { title: t('allocation.pool.source'), dataIndex: 'source', render: (s: PoolSource) => <SourceTag source={s} /> },
          { title: t('allocation.pool.origin'), dataIndex: 'origin' },
          { title: t('allocation.pool.place'), dataIndex: 'placeName' },
          { title: t('allocation.pool.skills'), dataIndex: 'skills', render: (s: string[]) => skillList(s) || '—' },
          { title: t('allocation.pool.days'), key: 'days', render: (_, m) => availability.days(m.availableDays) },
          { title: t('allocation.pool.periods'), key: 'periods', render: (_, m) => availability.periods(m.availablePeriods) },
          { title: t('allocation.pool.held'), dataIndex: 'heldShifts', align: 'right' },
        ]}
      />
    </Flex>
  );
}
