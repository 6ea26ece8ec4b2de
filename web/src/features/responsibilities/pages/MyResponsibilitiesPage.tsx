import type { ReactNode } from 'react';
import { Card, Empty, Flex, List, Result, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { dutyRole, regionLevel, type ResponsibilityView } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { useMyDuty } from '../api';

/** What the signed-in member answers for (我的责任): made for a phone first. */
export function MyResponsibilitiesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const mine = useMyDuty();
  const since = (iso: string) => t('responsibilities.mine.since', { date: dayjs(iso).format('YYYY-MM-DD') });

  if (mine.isPending) return <Skeleton active />;
  if (mine.isError) return <Result status="warning" title={mine.error.message} />;
  const duty = mine.data;
  if (!duty.community) {
    return (
      <Card size="small" title={t('responsibilities.mine.title')} data-testid="my-resp">
        <Empty description={t('responsibilities.mine.notEnrolled')} />
      </Card>
    );
  }

  const section = (title: string, testId: string, empty: string, body: ReactNode | null) => (
    <Card size="small" title={title} data-testid={testId}>
      {body ?? <Typography.Text type="secondary">{empty}</Typography.Text>}
    </Card>
  );
  const places = (list: ResponsibilityView[]) =>
    list.length === 0 ? null : (
      <List
        size="small"
        split
        dataSource={list}
        renderItem={(r) => (
          <List.Item>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text strong>
                {r.place.at(-1)} <Tag variant="filled">{regionLevel.label(r.regionLevel, locale)}</Tag>
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.place.join(' / ')} · {since(r.since)}
              </Typography.Text>
              {r.note && <Typography.Text style={{ fontSize: 12 }}>{r.note}</Typography.Text>}
            </Flex>
          </List.Item>
        )}
      />
    );

  return (
    <Flex vertical gap={12} data-testid="my-resp" style={{ maxWidth: 640, minWidth: 0 }}>
      <Card size="small" title={t('responsibilities.mine.title')}>
        <Typography.Text type="secondary">{t('responsibilities.mine.community')}：</Typography.Text>
        <Typography.Text strong data-testid="my-resp-community">
          {duty.community.name}
        </Typography.Text>
      </Card>
      {section(
        t('responsibilities.mine.dutyRoles'),
        'my-resp-roles',
        t('responsibilities.mine.noDutyRoles'),
        duty.dutyRoles.length === 0 ? null : (
          <Flex wrap gap={8}>
            {duty.dutyRoles.map((r) => (
              <Tag key={r.id} color="red" style={{ fontSize: 14, padding: '4px 10px' }}>
                {dutyRole.label(r.role, locale)}
              </Tag>
            ))}
          </Flex>
        ),
      )}
      {section(t('responsibilities.mine.zones'), 'my-resp-zones', t('responsibilities.mine.noZones'), places(duty.zones))}
      {section(t('responsibilities.mine.care'), 'my-resp-care', t('responsibilities.mine.noCare'), places(duty.care))}
    </Flex>
  );
}
