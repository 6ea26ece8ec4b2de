import { Card, Col, Empty, Flex, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceLedger } from '@meshwork/contracts';
import { useShiftName } from '../names';
import { shiftWindow } from '@/lib/china-time';
import { SignupStatusTag } from './SignupStatusTag';

/** A member's service ledger: totals, then each shift with its hours; for the member and for the community. */
export function ServiceLedgerView({ ledger }: { ledger: ServiceLedger }) {
  const { t } = useTranslation();
  const name = useShiftName();
  const totals = [
    { key: 'shifts', value: ledger.totals.shifts },
    { key: 'certifiedHours', value: ledger.totals.certifiedHours },
    { key: 'noShows', value: ledger.totals.noShows },
    { key: 'lateCancels', value: ledger.totals.lateCancels },
  ] as const;
  return (
    <Flex vertical gap={12} data-testid="service-ledger">
      <Card size="small">
        <Row gutter={[12, 12]}>
          {totals.map((x) => (
            <Col key={x.key} span={12}>
              <Statistic title={t(`duty.ledger.${x.key}`)} value={x.value} data-testid={`ledger-${x.key}`} />
            </Col>
          ))}
        </Row>
      </Card>
      <List
        size="small"
        bordered
        style={{ background: '#fff' }}
        dataSource={ledger.entries}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duty.ledger.empty')} /> }}
        renderItem={(e) => (
          <List.Item data-testid="ledger-entry">
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex justify="space-between" gap={8} wrap>
                <Typography.Text strong>{name(e)}</Typography.Text>
                <SignupStatusTag status={e.status} />
              </Flex>
              <Typography.Text type="secondary">
                {shiftWindow(e)} · {e.siteName} · {e.regionName}
              </Typography.Text>
              <Flex gap={4} wrap>
                {e.hours !== null && <Tag data-testid="ledger-entry-hours">{t('duty.mine.hours', { hours: e.hours })}</Tag>}
                {e.certified ? <Tag color="green">{t('duty.mine.certified')}</Tag> : e.hours !== null && <Tag color="gold">{t('duty.ledger.pending')}</Tag>}
                {e.noShow && <Tag color="red">{t('duty.mine.noShow')}</Tag>}
                {e.lateCancel && <Tag color="orange">{t('duty.mine.lateCancel')}</Tag>}
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    </Flex>
  );
}
