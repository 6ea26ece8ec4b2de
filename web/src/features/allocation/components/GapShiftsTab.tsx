import { useState } from 'react';
import { Alert, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AllocationQuery, GapShift } from '@meshwork/contracts';
import { pageSize } from '@/components/PagedTable';
import { shiftWindow } from '@/lib/china-time';
import { useGapShifts } from '../api';
import { PriorityTags, RiskTag, useShiftName, useSkillList } from './tags';

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

/** 缺口: the node's shifts short of people in the dates, highest priority weight first. */
export function GapShiftsTab({ query }: { query: AllocationQuery }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const shifts = useGapShifts({ ...query, limit: pageSize, offset: (page - 1) * pageSize });
  const shiftName = useShiftName();
  const skillList = useSkillList();

  if (shifts.isError) return <Alert type="error" showIcon title={shifts.error.message} data-testid="gap-error" />;
  return (
    <Flex vertical gap={8}>
      {shifts.data && (
        <Typography.Text type="secondary" data-testid="gap-summary">
          {t('allocation.gaps.summary', { total: shifts.data.total, gap: shifts.data.totalGap })}
        </Typography.Text>
      )}
      <Table<GapShift>
        data-testid="gap-table"
        size="small"
        rowKey="shiftId"
        loading={shifts.isFetching}
        dataSource={shifts.data?.items}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('allocation.gaps.empty')} /> }}
        pagination={{ current: page, pageSize, total: shifts.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('common.total', { total: n }) }}
        columns={[
          { title: t('allocation.gaps.community'), dataIndex: 'communityName' },
          {
            title: t('allocation.gaps.post'),
            key: 'post',
            render: (_, s) => (
              <Flex vertical>
                <span>{shiftName(s)}</span>
                {s.requiredSkills.length > 0 && <Typography.Text type="secondary">{`${t('allocation.gaps.skills')}：${skillList(s.requiredSkills)}`}</Typography.Text>}
              </Flex>
            ),
          },
          {
            title: t('allocation.gaps.site'),
            key: 'site',
            render: (_, s) => (
              <Flex gap={4} align="center">
                <span>{s.siteName}</span>
                {s.keySite && <Tag color="magenta">{t('allocation.gaps.keySite')}</Tag>}
              </Flex>
            ),
          },
          { title: t('allocation.gaps.time'), key: 'time', render: (_, s) => shiftWindow(s) },
          { title: t('allocation.gaps.headcount'), dataIndex: 'headcount', align: 'right' },
          { title: t('allocation.gaps.filled'), dataIndex: 'filled', align: 'right' },
          {
            title: t('allocation.gaps.gap'),
            dataIndex: 'gap',
            align: 'right',
            render: (gap: number) => (
              <Typography.Text type="danger" strong>
                {gap}
              </Typography.Text>
            ),
          },
          { title: t('allocation.gaps.risk'), dataIndex: 'risk', render: (r: GapShift['risk']) => (r ? <RiskTag level={r} /> : '—') },
          {
            title: t('allocation.gaps.weight'),
            key: 'weight',
            render: (_, s) => (
              <Flex gap={6} align="center">
                <Typography.Text strong>{s.weight}</Typography.Text>
                <PriorityTags reasons={s.priorityReasons} />
              </Flex>
            ),
          },
          { title: t('allocation.gaps.gapRatio'), dataIndex: 'communityGapRatio', align: 'right', render: percent },
        ]}
      />
    </Flex>
  );
}
