import { useState } from 'react';
import { Alert, Breadcrumb, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GapRow } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { useGaps } from '../api';
import { useRegionLevelLabel } from '../names';
import { RiskTag } from './RiskTag';

type Node = { id: number; name: string };

/**
 * 缺口: headcount needed vs filled under a node, per child, rolled up; a child with children
 * opens it, and the breadcrumb goes back up. The page keys this by the picked region.
 */
export function GapsTab({ root, from, to }: { root: Node; from: string; to: string }) {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<Node[]>([root]);
  const node = trail[trail.length - 1]!;
  const query = { regionId: node.id, from, to };
  const gaps = useGaps(query);
  const levelOf = useRegionLevelLabel();

  if (gaps.isPending) return <Skeleton active />;
  if (gaps.isError) return <Alert type="error" showIcon title={gaps.error.message} />;
  const data = gaps.data;
  const gapCell = (gap: number) => (gap > 0 ? <Typography.Text type="danger" strong>{gap}</Typography.Text> : gap);
  // Needs posted at the node itself (a community's own, say) belong to none of its children.
  const sum = (key: 'shifts' | 'needed' | 'filled') => data.node[key] - data.children.reduce((n, c) => n + c[key], 0);
  const own = { shifts: sum('shifts'), needed: sum('needed'), filled: sum('filled'), gap: sum('needed') - sum('filled') };
  const summaryRow = (label: string, counts: typeof own, risk: GapRow['risk'], testId: string) => (
    <Table.Summary.Row data-testid={testId}>
      <Table.Summary.Cell index={0} colSpan={2}>
        <Typography.Text strong>{label}</Typography.Text>
      </Table.Summary.Cell>
      <Table.Summary.Cell index={2} align="right">{counts.shifts}</Table.Summary.Cell>
      <Table.Summary.Cell index={3} align="right">{counts.needed}</Table.Summary.Cell>
      <Table.Summary.Cell index={4} align="right">{counts.filled}</Table.Summary.Cell>
      <Table.Summary.Cell index={5} align="right">{gapCell(counts.gap)}</Table.Summary.Cell>
      <Table.Summary.Cell index={6}>{risk ? <RiskTag level={risk} /> : '—'}</Table.Summary.Cell>
    </Table.Summary.Row>
  );

  return (
    <Flex vertical gap={12} data-testid="gaps">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Breadcrumb
          data-testid="gaps-breadcrumb"
          items={trail.map((n, i) => ({
            key: n.id,
            title: i < trail.length - 1 ? <Typography.Link onClick={() => setTrail(trail.slice(0, i + 1))}>{n.name}</Typography.Link> : n.name,
          }))}
        />
        <DownloadButton path="/gaps/export.xlsx" query={query} fileName={`${data.node.name}-缺口.xlsx`} data-testid="gaps-export">
          {t('duty.gaps.export')}
        </DownloadButton>
      </Flex>
      <Table<GapRow>
        data-testid="gaps-table"
        size="small"
        rowKey="regionId"
        loading={gaps.isFetching}
        dataSource={data.children}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.gaps.noChildren')} /> }}
        onRow={(row) => (row.hasChildren ? { onClick: () => setTrail([...trail, { id: row.regionId, name: row.name }]), style: { cursor: 'pointer' } } : {})}
        columns={[
          {
            title: t('duty.gaps.name'),
            dataIndex: 'name',
            render: (n: string, row) => (row.hasChildren ? <Typography.Link data-testid="gaps-drill">{n}</Typography.Link> : n),
          },
          { title: t('duty.gaps.level'), dataIndex: 'level', render: (l: string) => levelOf(l) },
          { title: t('duty.gaps.shifts'), dataIndex: 'shifts', align: 'right' },
          { title: t('duty.gaps.needed'), dataIndex: 'needed', align: 'right' },
          { title: t('duty.gaps.filled'), dataIndex: 'filled', align: 'right' },
          { title: t('duty.gaps.gap'), dataIndex: 'gap', align: 'right', render: gapCell },
          { title: t('duty.gaps.risk'), dataIndex: 'risk', render: (r: GapRow['risk']) => (r ? <RiskTag level={r} /> : '—') },
        ]}
        summary={() => (
          <Table.Summary>
            {own.shifts > 0 && summaryRow(t('duty.gaps.own'), own, null, 'gaps-own')}
            {summaryRow(`${t('duty.gaps.total')}（${data.node.name}）`, data.node, data.node.risk, 'gaps-total')}
          </Table.Summary>
        )}
      />
    </Flex>
  );
}
