import { useState } from 'react';
import { Button, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { gender, partyMemberStatus, skill, type OrgNode, type PersonView } from '@meshwork/contracts';
import { SearchInput } from '@/components/SearchInput';
import { useCan } from '@/lib/auth';
import { useIsPhone, useListQuery } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';
import { OrgPicker } from '@/components/pickers';
import { useMembers, useOrgRoots } from '../api';
import { MemberFormDrawer, type MemberFormTarget } from '../components/MemberFormDrawer';
import { RevealModal } from '../components/RevealModal';
import { MemberLedgerCard } from '../components/MemberLedgerCard';

const pageSize = 20;

type PickedOrg = { id: number; name: string; type?: OrgNode['type'] };

export function MembersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const roots = useOrgRoots();
  const [picked, setPicked] = useState<PickedOrg>();
  const { search, setSearch, q, page, setPage, resetting } = useListQuery();
  const [form, setForm] = useState<MemberFormTarget>();
  const [revealing, setRevealing] = useState<PersonView>();
  // Pinned columns leave no room to scroll on a phone.
  const pinned = !useIsPhone();

  // Until the user picks one, the first of their org roots.
  const first = roots.data?.[0];
  const org: PickedOrg | undefined = picked ?? (first && { id: first.id, name: first.name, type: first.type });
  const members = useMembers(org?.id, { q, limit: pageSize, offset: (page - 1) * pageSize });

  const canWrite = can('person.write');
  const canReveal = can('person.reveal');

  const choose = resetting(setPicked);

  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <Card
        size="small"
        title={t('nav.members')}
        extra={
          canWrite &&
          org && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'create', org })} data-testid="member-create">
              {t('people.create')}
            </Button>
          )
        }
      >
        <Flex vertical gap={12}>
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">{t('people.org')}</Typography.Text>
            <OrgPicker
              data-testid="member-org"
              placeholder={t('people.orgHint')}
              allowClear={false}
              style={{ width: '100%', maxWidth: 360 }}
              value={org ? { value: org.id, label: org.name } : null}
              onChange={(value, hit) => value && choose({ id: value.value, name: hit?.name ?? String(value.label), type: hit?.type })}
            />
            {(roots.data?.length ?? 0) > 1 &&
              roots.data!.map((r) => (
                <Tag.CheckableTag key={r.id} checked={r.id === org?.id} onChange={() => choose({ id: r.id, name: r.name, type: r.type })}>
                  {r.name}
                </Tag.CheckableTag>
              ))}
          </Flex>
          <SearchInput
            value={search}
            onSearch={setSearch}
            placeholder={t('people.search')}
            data-testid="member-search"
          />
          <Table<PersonView>
            data-testid="members-table"
            size="small"
            rowKey="id"
            loading={members.isFetching}
            dataSource={org ? members.data?.items : []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={org ? t('people.empty') : t('people.pickOrg')} /> }}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize,
              total: members.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { total }),
            }}
            columns={[
              { title: t('people.name'), dataIndex: 'name', width: 100, fixed: pinned && 'left' },
              { title: t('people.gender'), dataIndex: 'gender', width: 60, render: (g: PersonView['gender']) => (g ? gender.label(g, locale) : '—') },
              { title: t('people.phone'), dataIndex: 'phone', width: 120, render: (p: string | null) => p ?? '—' },
              {
                title: t('people.idNumber'),
                dataIndex: 'idNumber',
                width: 180,
                render: (v: string | null) => (v ? <span className="member-id-number">{v}</span> : '—'),
              },
              {
                title: t('people.branch'),
                key: 'party',
                width: 220,
                render: (_, p) =>
                  p.partyMembership ? (
                    <Flex wrap gap={4} align="center">
                      <span>{p.partyMembership.orgName}</span>
                      <Tag color={p.partyMembership.status === 'formal' ? 'red' : 'orange'}>{partyMemberStatus.label(p.partyMembership.status, locale)}</Tag>
                    </Flex>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('people.workUnits'),
                key: 'workUnits',
                width: 180,
                render: (_, p) => (p.workUnits.length > 0 ? p.workUnits.map((u) => u.orgName).join('、') : '—'),
              },
              {
                title: t('people.volunteer'),
                dataIndex: 'volunteer',
                width: 70,
                render: (v: boolean) => (v ? <Tag color="green">{t('people.yes')}</Tag> : t('people.no')),
              },
              {
                title: t('people.skills'),
                key: 'skills',
                width: 200,
                render: (_, p) =>
                  p.skills.length > 0 ? (
                    <Flex wrap gap={4}>
                      {p.skills.map((s) => (
                        <Tag key={s} variant="filled">
                          {skill.label(s, locale)}
                        </Tag>
                      ))}
                    </Flex>
                  ) : (
                    '—'
                  ),
              },
              ...(canWrite || canReveal
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 160,
                      fixed: pinned && ('right' as const),
                      render: (_: unknown, p: PersonView) => (
                        <Flex wrap gap={8}>
                          {canWrite && (
                            <Typography.Link onClick={() => setForm({ kind: 'edit', person: p })} data-testid="member-edit">
                              {t('common.edit')}
                            </Typography.Link>
                          )}
                          {p.canReveal && (
                            <Typography.Link onClick={() => setRevealing(p)} data-testid="member-reveal">
                              <EyeOutlined /> {t('people.reveal')}
                            </Typography.Link>
                          )}
                        </Flex>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Flex>
      </Card>
      {org && <MemberLedgerCard org={org} canImport={canWrite} />}
      <MemberFormDrawer target={form} onClose={() => setForm(undefined)} />
      <RevealModal person={revealing} onClose={() => setRevealing(undefined)} />
    </Flex>
  );
}
