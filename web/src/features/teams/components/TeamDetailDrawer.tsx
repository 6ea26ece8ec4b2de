import { useState } from 'react';
import { Button, Descriptions, Drawer, Empty, Flex, Popconfirm, Select, Spin, Table, Tag, Typography } from 'antd';
import { CrownOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { teamKind, teamStatus, type TeamCandidate, type TeamMemberView, type TeamView } from '@meshwork/contracts';
import { formatDateTime } from '@/lib/format';
import { useDebouncedValue, useIsPhone } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';
import { showSuccess } from '@/lib/feedback';
import { useAddTeamMember, useDissolveTeam, useRemoveTeamMember, useSetLeader, useTeam, useTeamCandidates } from '../api';

const candidateKey = (c: TeamCandidate) => (c.enrolmentId !== null ? `e${c.enrolmentId}` : `p${c.personId}`);

/** One team: who serves and who served, the leader, adding and removing members, dissolving. */
export function TeamDetailDrawer({ teamId, onClose, onEdit }: { teamId: number | undefined; onClose: () => void; onEdit: (team: TeamView) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const isPhone = useIsPhone();
  const team = useTeam(teamId);
  const data = team.data;
  const active = data?.status === 'active';
  const current = data?.members.filter((m) => m.leftAt === null) ?? [];
  const former = data?.members.filter((m) => m.leftAt !== null) ?? [];

  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string>();
  const q = useDebouncedValue(search.trim());
  const candidates = useTeamCandidates(teamId, q, active);
  const add = useAddTeamMember();
  const remove = useRemoveTeamMember();
  const setLeader = useSetLeader();
  const dissolve = useDissolveTeam();

  const addPicked = () => {
    const candidate = candidates.data?.find((c) => candidateKey(c) === picked);
    if (!candidate || !data) return;
    add.mutate(
      { id: data.id, ...(candidate.enrolmentId !== null ? { enrolmentId: candidate.enrolmentId } : { personId: candidate.personId }) },
      {
        onSuccess: () => {
          showSuccess(t('teams.added', { name: candidate.name }));
          setPicked(undefined);
          setSearch('');
        },
      },
    );
  };

  return (
    <Drawer
      open={teamId !== undefined}
      onClose={onClose}
      title={data?.name}
      size={isPhone ? '100%' : 640}
      destroyOnHidden
      data-testid="team-detail"
      extra={
        data &&
        active && (
          <Flex gap={8}>
            <Button onClick={() => onEdit(data)} data-testid="team-edit">
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('teams.dissolveConfirm', { name: data.name })}
              onConfirm={() => dissolve.mutateAsync(data.id).then(() => showSuccess(t('teams.dissolved', { name: data.name })))}
            >
              <Button danger data-testid="team-dissolve">
                {t('teams.dissolve')}
              </Button>
            </Popconfirm>
          </Flex>
        )
      }
    >
      {!data ? (
        <Spin />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions
            size="small"
            column={isPhone ? 1 : 2}
            items={[
              { key: 'kind', label: t('teams.kind'), children: teamKind.label(data.kind, locale) },
              { key: 'owner', label: t('teams.owner'), children: data.ownerName },
              { key: 'leader', label: t('teams.leader'), children: data.leaderName ?? t('teams.noLeader') },
              {
                key: 'status',
                label: t('teams.status'),
                children: <Tag color={active ? 'green' : 'default'}>{teamStatus.label(data.status, locale)}</Tag>,
              },
              { key: 'createdAt', label: t('teams.createdAt'), children: formatDateTime(data.createdAt) },
              ...(data.dissolvedAt ? [{ key: 'dissolvedAt', label: t('teams.dissolvedAt'), children: formatDateTime(data.dissolvedAt) }] : []),
              ...(data.note ? [{ key: 'note', label: t('teams.note'), children: data.note, span: 2 }] : []),
            ]}
          />
          {active && (
            <Flex vertical gap={4}>
              <Flex gap={8}>
                <Select<string>
                  data-testid="team-member-picker"
                  style={{ flex: 1, minWidth: 0 }}
                  placeholder={t('teams.candidateHint')}
                  value={picked}
                  onChange={setPicked}
                  showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search, autoClearSearchValue: false }}
                  notFoundContent={candidates.isFetching ? <Spin size="small" /> : t('picker.noMatch')}
                  options={(candidates.data ?? []).map((c) => ({
                    value: candidateKey(c),
                    label: c.phone ? `${c.name}（${c.phone}）` : c.name,
                  }))}
                />
                <Button type="primary" icon={<UserAddOutlined />} disabled={!picked} loading={add.isPending} onClick={addPicked} data-testid="team-member-add">
                  {t('teams.addMember')}
                </Button>
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {data.ownerOrgId !== null ? t('teams.orgCandidates') : t('teams.placeCandidates')}
              </Typography.Text>
            </Flex>
          )}
          <Table<TeamMemberView>
            data-testid="team-members"
            size="small"
            rowKey={(m) => `${m.personId}-${m.joinedAt}`}
            dataSource={current}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.noMembers')} /> }}
            columns={[
              {
                title: t('teams.members'),
                dataIndex: 'name',
                render: (name: string, m) => (
                  <span>
                    {name} {m.personId === data.leaderPersonId && <Tag color="gold">{t('teams.leader')}</Tag>}
                  </span>
                ),
              },
              { title: t('teams.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
              { title: t('teams.joinedAt'), dataIndex: 'joinedAt', render: formatDateTime },
              ...(active
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_: unknown, m: TeamMemberView) => (
                        <Flex gap={8} wrap>
                          {m.personId !== data.leaderPersonId && (
                            <Typography.Link
                              data-testid="team-member-leader"
                              onClick={() => setLeader.mutate({ id: data.id, personId: m.personId }, { onSuccess: () => showSuccess(t('teams.leaderSet', { name: m.name })) })}
                            >
                              <CrownOutlined /> {t('teams.makeLeader')}
                            </Typography.Link>
                          )}
                          <Popconfirm
                            title={t('teams.removeConfirm', { name: m.name })}
                            onConfirm={() => remove.mutateAsync({ id: data.id, personId: m.personId }).then(() => showSuccess(t('teams.removed', { name: m.name })))}
                          >
                            <Typography.Link type="danger" data-testid="team-member-remove">
                              {t('teams.remove')}
                            </Typography.Link>
                          </Popconfirm>
                        </Flex>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {former.length > 0 && (
            <Flex vertical gap={8}>
              <Typography.Text strong>{t('teams.history')}</Typography.Text>
              <Table<TeamMemberView>
                data-testid="team-history"
                size="small"
                rowKey={(m) => `${m.personId}-${m.joinedAt}`}
                dataSource={former}
                pagination={false}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('teams.members'), dataIndex: 'name' },
                  { title: t('teams.joinedAt'), dataIndex: 'joinedAt', render: formatDateTime },
                  { title: t('teams.leftAt'), dataIndex: 'leftAt', render: formatDateTime },
                ]}
              />
            </Flex>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
