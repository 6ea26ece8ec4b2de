import { useState } from 'react';
import { Button, Card, Empty, Flex, Pagination, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NeedView, ShiftView } from '@meshwork/contracts';
import { useNeeds } from '../api';
import { useShiftName, useSkillList } from '../names';
import { shiftWindow } from '@/lib/china-time';
import { ShiftFill } from './ShiftFill';

const pageSize = 10;

/** The needs under a region from a date on, each with its shifts; a shift opens its drawer. */
export function NeedsList({ regionId, from, onOpen }: { regionId: number; from: string; onOpen: (shiftId: number) => void }) {
  const { t } = useTranslation();
  const name = useShiftName();
  const skills = useSkillList();
  const [page, setPage] = useState(1);
  const needs = useNeeds({ regionId, from, limit: pageSize, offset: (page - 1) * pageSize });

  if (needs.isPending) return <Skeleton active />;
  if (!needs.data?.items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.needs.empty')} />;

  return (
    <Flex vertical gap={12} data-testid="needs-list">
      {needs.data.items.map((need: NeedView) => (
        <Card
          key={need.id}
          size="small"
          data-testid="need"
          title={
            <Flex gap={8} align="center" wrap>
              <span>{name(need)}</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {need.siteName} · {need.regionName}
              </Typography.Text>
              {need.requiredSkills.length > 0 && <Tag color="purple">{skills(need.requiredSkills)}</Tag>}
              {need.status === 'cancelled' && <Tag color="red">{t('duty.shift.cancelled')}</Tag>}
            </Flex>
          }
        >
          {need.notes && <Typography.Paragraph type="secondary">{need.notes}</Typography.Paragraph>}
          <Table<ShiftView>
            size="small"
            rowKey="id"
            dataSource={need.shifts}
            pagination={{ pageSize: 7, hideOnSinglePage: true, showSizeChanger: false, size: 'small' }}
            scroll={{ x: 'max-content' }}
            onRow={(s) => ({ onClick: () => onOpen(s.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('duty.shift.window'), key: 'window', render: (_, s) => shiftWindow(s) },
              { title: t('duty.shift.headcount'), key: 'fill', render: (_, s) => <ShiftFill shift={s} /> },
              {
                title: t('common.actions'),
                key: 'open',
                // The row's click opens it.
                render: () => (
                  <Button size="small" type="link" data-testid="shift-open">
                    {t('duty.needs.open')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      ))}
      <Pagination
        align="end"
        current={page}
        pageSize={pageSize}
        total={needs.data.total}
        onChange={setPage}
        hideOnSinglePage
        showSizeChanger={false}
        showTotal={(total) => t('common.total', { total })}
      />
    </Flex>
  );
}
