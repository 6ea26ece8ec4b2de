import { useState } from 'react';
import { Button, Card, Flex, Select, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { teamKind, teamStatus, type TeamStatus, type TeamView } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { PagedTable, pageSize } from '@/components/PagedTable';
import { SearchInput } from '@/components/SearchInput';
import { useCurrentUser } from '@/lib/auth';
import { useIsPhone, useListQuery } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';
import { useTeams } from '../api';
import { teamOwners } from '../owners';
import { TeamFormDrawer, type TeamFormTarget } from '../components/TeamFormDrawer';
import { TeamDetailDrawer } from '../components/TeamDetailDrawer';


/** The teams the user keeps: those of their orgs (org admin) and of their streets or communities (region admin). */
export function TeamsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const owners = teamOwners(useCurrentUser());
  const pinned = !useIsPhone();
  const [ownerKey, setOwnerKey] = useState('');
  const [status, setStatus] = useState<TeamStatus | ''>('active');
  const { search, setSearch, q, page, setPage, resetting } = useListQuery();
  const [form, setForm] = useState<TeamFormTarget>();
  const [openId, setOpenId] = useState<number>();

  const owner = owners.find((o) => o.key === ownerKey);
  const filter = { ownerOrgId: owner?.ownerOrgId, ownerRegionId: owner?.ownerRegionId, status: status || undefined, q };
  const teams = useTeams({ ...filter, limit: pageSize, offset: (page - 1) * pageSize });

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <Card
        size="small"
        title={t('teams.title')}
        extra={
          <Flex gap={8}>
            <DownloadButton path="/teams/export.xlsx" query={filter} fileName="队伍花名册.xlsx" data-testid="team-export">
              {t('teams.export')}
            </DownloadButton>
            {owners.length > 0 && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'create', owners })} data-testid="team-create">
                {t('teams.create')}
              </Button>
            )}
          </Flex>
        }
      >
        <Flex vertical gap={12}>
          <Flex wrap gap={8}>
            <Select<string>
              data-testid="team-owner-filter"
              style={{ minWidth: 200 }}
              value={ownerKey}
              onChange={resetting(setOwnerKey)}
              options={[{ value: '', label: t('teams.allOwners') }, ...owners.map((o) => ({ value: o.key, label: o.name }))]}
            />
            <Select<TeamStatus | ''>
              data-testid="team-status-filter"
              style={{ minWidth: 120 }}
              value={status}
              onChange={resetting(setStatus)}
              options={[{ value: '', label: t('teams.allStatuses') }, ...teamStatus.values.map((v) => ({ value: v, label: teamStatus.label(v, locale) }))]}
            />
          </Flex>
          <SearchInput value={search} onSearch={setSearch} placeholder={t('teams.search')} data-testid="team-search" />
          <PagedTable<TeamView>
            data-testid="teams-table"
            rows={teams.data?.items}
            total={teams.data?.total ?? 0}
            loading={teams.isFetching}
            page={page}
            onPage={setPage}
            emptyText={t('teams.empty')}
            columns={[
              { title: t('teams.name'), dataIndex: 'name', fixed: pinned && 'left' },
              { title: t('teams.kind'), dataIndex: 'kind', render: (k: TeamView['kind']) => <Tag color={k === 'commando' ? 'red' : k === 'volunteer' ? 'green' : 'blue'}>{teamKind.label(k, locale)}</Tag> },
              { title: t('teams.owner'), dataIndex: 'ownerName' },
              { title: t('teams.leader'), dataIndex: 'leaderName', render: (n: string | null) => n ?? '—' },
              { title: t('teams.memberCount'), dataIndex: 'memberCount' },
              { title: t('teams.status'), dataIndex: 'status', render: (s: TeamStatus) => <Tag color={s === 'active' ? 'green' : 'default'}>{teamStatus.label(s, locale)}</Tag> },
              {
                title: t('common.actions'),
                key: 'actions',
                fixed: pinned && ('right' as const),
                render: (_, team) => (
                  <Typography.Link onClick={() => setOpenId(team.id)} data-testid="team-manage">
                    {t('teams.manage')}
                  </Typography.Link>
                ),
              },
            ]}
          />
        </Flex>
      </Card>
      <TeamDetailDrawer teamId={openId} onClose={() => setOpenId(undefined)} onEdit={(team) => setForm({ kind: 'edit', team })} />
      <TeamFormDrawer target={form} onClose={() => setForm(undefined)} />
    </Flex>
  );
}
