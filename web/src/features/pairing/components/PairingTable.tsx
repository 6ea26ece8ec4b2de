import type { ReactNode } from 'react';
import { Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgType, pairingStatus, teamKind, teamStatus, type PairingStatus, type PairingView, type TeamView } from '@meshwork/contracts';
import { formatDateTime } from '@/lib/format';
import { useIsPhone } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';

const statusColor: Record<PairingStatus, string> = { pending: 'gold', confirmed: 'green', declined: 'red', ended: 'default' };

/** The offered teams and who serves in them (phones masked), as the place sees them. */
function OfferedTeams({ teams }: { teams: TeamView[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (teams.length === 0) return <Typography.Text type="secondary">{t('pairing.noTeams')}</Typography.Text>;
  return (
    <Flex vertical gap={8} data-testid="pairing-teams">
      {teams.map((team) => {
        const serving = team.members.filter((m) => m.leftAt === null);
        return (
          <Flex key={team.id} vertical gap={4}>
            <span>
              <Typography.Text strong>{t('pairing.membersOf', { name: team.name, count: team.memberCount })}</Typography.Text>{' '}
              <Tag variant="filled">{teamKind.label(team.kind, locale)}</Tag>
              {team.status === 'dissolved' && <Tag>{teamStatus.label(team.status, locale)}</Tag>}
            </span>
            <Typography.Text type="secondary">
              {serving.length === 0
                ? t('pairing.noMembers')
                : serving.map((m) => `${m.name}${m.personId === team.leaderPersonId ? `（${t('pairing.leader')}）` : ''} ${m.phone ?? ''}`.trim()).join('；')}
            </Typography.Text>
          </Flex>
        );
      })}
    </Flex>
  );
}

/** Pairings as either side lists them; the page adds its own actions. */
export function PairingTable({
  items,
  total,
  loading,
  page,
  pageSize,
  onPage,
  actions,
  testId,
}: {
  items: PairingView[] | undefined;
  total: number;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  actions: (p: PairingView) => ReactNode;
  testId: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const pinned = !useIsPhone();
  return (
    <Table<PairingView>
      data-testid={testId}
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pairing.empty')} /> }}
      expandable={{ expandedRowRender: (p) => <OfferedTeams teams={p.teams} /> }}
      pagination={{ current: page, pageSize, total, onChange: onPage, showSizeChanger: false, showTotal: (n) => t('common.total', { total: n }) }}
      columns={[
        {
          title: t('pairing.unit'),
          key: 'unit',
          fixed: pinned && 'left',
          render: (_, p) => (
            <Flex vertical>
              <span>{p.unitName}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {orgType.label(p.unitType, locale)}
              </Typography.Text>
            </Flex>
          ),
        },
        { title: t('pairing.place'), dataIndex: 'regionName' },
        {
          title: t('pairing.liaison'),
          key: 'liaison',
          render: (_, p) => (
            <Flex vertical>
              <span>{p.liaisonName}</span>
              <Typography.Text type="secondary" copyable={{ text: p.liaisonPhone }} style={{ fontSize: 12 }}>
                {p.liaisonPhone}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          title: t('pairing.offers'),
          key: 'offers',
          render: (_, p) => (
            <Flex vertical style={{ maxWidth: 260 }}>
              <span>
                {t('pairing.people', { count: p.offerPeople })} · {t('pairing.funds', { amount: p.offerFunds.toLocaleString(locale) })}
              </span>
              {p.offerMaterials && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: p.offerMaterials }}>
                  {p.offerMaterials}
                </Typography.Text>
              )}
            </Flex>
          ),
        },
        {
          title: t('pairing.teams'),
          key: 'teams',
          render: (_, p) => (p.teams.length === 0 ? '—' : p.teams.map((x) => <Tag key={x.id}>{x.name}</Tag>)),
        },
        {
          title: t('pairing.status'),
          key: 'status',
          render: (_, p) => (
            <Flex vertical>
              <span>
                <Tag color={statusColor[p.status]} data-testid="pairing-status">
                  {pairingStatus.label(p.status, locale)}
                </Tag>
              </span>
              {p.declineReason && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('pairing.declineReason')}：{p.declineReason}
                </Typography.Text>
              )}
            </Flex>
          ),
        },
        { title: t('pairing.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
        { title: t('common.actions'), key: 'actions', fixed: pinned && ('right' as const), render: (_, p) => <Flex gap={8} wrap>{actions(p)}</Flex> },
      ]}
    />
  );
}
