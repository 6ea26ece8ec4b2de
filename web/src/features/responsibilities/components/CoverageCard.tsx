import { Card, Empty, List, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GridCoverage } from '@meshwork/contracts';
import { useCoverage, useUncovered } from '../api';

function UncoveredList({ grid }: { grid: GridCoverage }) {
  const { t } = useTranslation();
  const households = useUncovered(grid.gridId);
  return (
    <List
      size="small"
      data-testid="resp-uncovered-list"
      header={<Typography.Text strong>{t('responsibilities.uncoveredOf', { name: grid.gridName })}</Typography.Text>}
      loading={households.isPending}
      dataSource={households.data ?? []}
      locale={{ emptyText: t('responsibilities.allCovered') }}
      renderItem={(h) => <List.Item>{h.place.join(' / ')}</List.Item>}
    />
  );
}

/** Per grid: households, how many someone answers for, and (opened) the ones nobody does. */
export function CoverageCard({ communityId }: { communityId: number }) {
  const { t } = useTranslation();
  const coverage = useCoverage(communityId);
  return (
    <Card size="small" title={t('responsibilities.coverage')} data-testid="resp-coverage">
      <Table<GridCoverage>
        size="small"
        rowKey="gridId"
        loading={coverage.isFetching}
        dataSource={coverage.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        expandable={{
          expandedRowRender: (g) => <UncoveredList grid={g} />,
          rowExpandable: (g) => g.uncovered > 0,
        }}
        columns={[
          { title: t('responsibilities.grid'), dataIndex: 'gridName' },
          { title: t('responsibilities.households'), dataIndex: 'households', width: 90 },
          { title: t('responsibilities.covered'), dataIndex: 'covered', width: 90 },
          {
            title: t('responsibilities.uncovered'),
            dataIndex: 'uncovered',
            width: 90,
            render: (n: number) => (
              <Tag color={n > 0 ? 'red' : 'green'} data-testid="resp-grid-uncovered">
                {n}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
