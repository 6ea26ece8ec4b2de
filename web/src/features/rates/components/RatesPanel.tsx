import { useMemo, type ReactNode } from 'react';
import { Alert, Breadcrumb, Card, Empty, Flex, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { orgType, regionLevel, type OrgRateRow, type OrgRates, type RegionRateRow, type RegionRates } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { useLocale } from '@/lib/locale';
import { ratesPath, useRates, type RateTree } from '../api';
import { BarChart, type BarSeries } from './BarChart';

type Row = OrgRateRow | RegionRateRow;
type Rates = OrgRates | RegionRates;
type Counts = Rates['own'];
type CountKey = 'members' | 'enrolled' | 'confirmed' | 'active' | 'pairedUnits' | 'pendingPairings';
type RateKey = 'enrolledRate' | 'confirmedRate';
type Label = 'members' | 'enrolled' | 'enrolledMembers' | 'confirmed' | 'active' | 'pairedUnits' | 'pendingPairings' | 'enrolledRate' | 'confirmedRate';

/** What each tree shows: its columns, and what its chart compares across children. */
const layouts: Record<RateTree, { columns: Array<{ key: CountKey | RateKey; label: Label }>; chart: Array<{ key: CountKey | RateKey; label: Label }>; percent: boolean }> = {
  org: {
    columns: [
      { key: 'members', label: 'members' },
      { key: 'enrolled', label: 'enrolled' },
      { key: 'confirmed', label: 'confirmed' },
      { key: 'active', label: 'active' },
      { key: 'enrolledRate', label: 'enrolledRate' },
      { key: 'confirmedRate', label: 'confirmedRate' },
    ],
    chart: [
      { key: 'enrolledRate', label: 'enrolledRate' },
      { key: 'confirmedRate', label: 'confirmedRate' },
    ],
    percent: true,
  },
  region: {
    columns: [
      { key: 'enrolled', label: 'enrolledMembers' },
      { key: 'confirmed', label: 'confirmed' },
      { key: 'active', label: 'active' },
      { key: 'confirmedRate', label: 'confirmedRate' },
      { key: 'pairedUnits', label: 'pairedUnits' },
      { key: 'pendingPairings', label: 'pendingPairings' },
    ],
    chart: [
      { key: 'enrolled', label: 'enrolledMembers' },
      { key: 'confirmed', label: 'confirmed' },
      { key: 'pairedUnits', label: 'pairedUnits' },
    ],
    percent: false,
  },
};

const valueOf = (counts: Counts, key: CountKey | RateKey): number | null => (counts as Record<string, number | null | undefined>)[key] ?? null;

interface RatesPanelProps {
  tree: RateTree;
  nodeId: number;
  onOpen: (id: number) => void;
  /** Other scope roots to switch to, when the user holds several. */
  roots: ReactNode;
}

/** One node of one tree: breadcrumb, definitions, a chart and a table of its children, the ledger. */
export function RatesPanel({ tree, nodeId, onOpen, roots }: RatesPanelProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rates = useRates(tree, nodeId);
  const data = rates.data;
  const layout = layouts[tree];

  const percent = (value: number | null) => {
    if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
    const text = `${(value * 100).toFixed(1)}%`;
    // Never capped: more enrolled than members is a gap in the member register, shown as such.
    return value > 1 ? (
      <Tooltip title={t('rates.overflow')}>
        <Tag color="orange" data-testid="rates-overflow">
          {text}
        </Tag>
      </Tooltip>
    ) : (
      text
    );
  };
  const cell = (key: CountKey | RateKey, counts: Counts) => (key.endsWith('Rate') ? percent(valueOf(counts, key)) : valueOf(counts, key));
  const kindOf = (row: Row) =>
    'type' in row ? (
      <Flex gap={4} wrap>
        {orgType.label(row.type, locale)}
        {row.status === 'closed' && <Tag>{t('rates.closed')}</Tag>}
      </Flex>
    ) : (
      regionLevel.label(row.level, locale)
    );

  const columns: Array<ColumnType<Row>> = [
    {
      title: t('rates.name'),
      key: 'name',
      render: (_, row) =>
        row.hasChildren ? (
          <Typography.Link onClick={() => onOpen(row.id)} data-testid="rates-drill">
            {row.name}
          </Typography.Link>
        ) : (
          row.name
        ),
    },
    { title: t(tree === 'org' ? 'rates.type' : 'rates.level'), key: 'kind', render: (_, row) => kindOf(row) },
    ...layout.columns.map((c) => ({ title: t(`rates.${c.label}`), key: c.key, align: 'right' as const, render: (_: unknown, row: Row) => cell(c.key, row) })),
  ];

  const series = useMemo<BarSeries[]>(
    () => layout.chart.map((c) => ({ name: t(`rates.${c.label}`), values: (data?.children ?? []).map((row) => valueOf(row, c.key)) })),
    [data, layout, t],
  );
  const categories = useMemo(() => (data?.children ?? []).map((row) => row.name), [data]);

  if (rates.isPending) return <Skeleton active />;
  if (!data) return <Alert type="error" showIcon title={rates.error?.message} />;

  const summaryRow = (label: string, counts: Counts, testId: string) => (
    <Table.Summary.Row data-testid={testId}>
      <Table.Summary.Cell index={0} colSpan={2}>
        <Typography.Text strong>{label}</Typography.Text>
      </Table.Summary.Cell>
      {layout.columns.map((c, i) => (
        <Table.Summary.Cell key={c.key} index={i + 2} align="right">
          {cell(c.key, counts)}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      {roots}
      <Breadcrumb
        data-testid="rates-breadcrumb"
        items={data.trail.map((n, i) => ({
          key: n.id,
          title: i < data.trail.length - 1 ? <Typography.Link onClick={() => onOpen(n.id)}>{n.name}</Typography.Link> : n.name,
        }))}
      />
      <Typography.Paragraph type="secondary" data-testid="rates-help" style={{ margin: 0 }}>
        {t(tree === 'org' ? 'rates.orgHelp' : 'rates.regionHelp')}
      </Typography.Paragraph>
      <Card
        size="small"
        title={data.node.name}
        extra={
          <DownloadButton path={`${ratesPath(tree, data.node.id)}/export.xlsx`} fileName={`${data.node.name}-报到情况台账.xlsx`} data-testid="rates-export">
            {t('rates.export')}
          </DownloadButton>
        }
      >
        <Table<Row>
          data-testid="rates-table"
          size="small"
          rowKey="id"
          loading={rates.isFetching}
          dataSource={data.children}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('rates.noChildren')} /> }}
          onRow={(row) => (row.hasChildren ? { onClick: () => onOpen(row.id), style: { cursor: 'pointer' } } : {})}
          summary={() => (
            <Table.Summary>
              {summaryRow(t('rates.own'), data.own, 'rates-own')}
              {summaryRow(t('rates.total'), data.node, 'rates-total')}
            </Table.Summary>
          )}
        />
      </Card>
      {data.children.length > 0 && (
        <Card size="small" title={t(tree === 'org' ? 'rates.chartOrg' : 'rates.chartRegion')}>
          <BarChart categories={categories} series={series} percent={layout.percent} data-testid="rates-chart" />
        </Card>
      )}
    </Flex>
  );
}
