import { useState } from 'react';
import { App, Button, Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { scopeKindOf, userStatus, type GrantView, type UserView } from '@meshwork/contracts';
import { SearchInput } from '@/components/SearchInput';
import { useCan } from '@/lib/auth';
import { formatDateTime, isFuture } from '@/lib/format';
import { useIsPhone, useListQuery } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';
import { ignore, showSuccess } from '@/lib/feedback';
import { GrantTag } from '@/components/GrantTag';
import { useRemoveGrant, useUnlockUser, useUpdateUser, useUsers } from '../api';
import { UserFormDrawer, type UserFormTarget } from '../components/UserFormDrawer';
import { AddGrantModal } from '../components/AddGrantModal';
import { ResetPasswordModal } from '../components/ResetPasswordModal';

const pageSize = 20;

export function UsersPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const { modal } = App.useApp();
  const { search, setSearch, q, page, setPage } = useListQuery();
  const users = useUsers({ q, limit: pageSize, offset: (page - 1) * pageSize });

  const [form, setForm] = useState<UserFormTarget>();
  const [granting, setGranting] = useState<UserView>();
  const [resetting, setResetting] = useState<UserView>();
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const removeGrant = useRemoveGrant();

  const canWrite = can('user.write');
  const canGrant = can('grant.write');
  // Pinned columns leave no room to scroll on a phone.
  const pinned = !useIsPhone();

  // In the confirmations below, a refusal is shown by the global handler and the dialog closes either way.

  const confirmRemoveGrant = (user: UserView, grant: GrantView) =>
    modal.confirm({
      title: t('grants.removeConfirm', { name: user.name }),
      content: <GrantTag grant={grant} />,
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () => removeGrant.mutateAsync(grant.id).then(() => showSuccess(t('grants.removed')), ignore),
    });

  const toggleStatus = (user: UserView) => {
    const status = user.status === 'active' ? 'disabled' : 'active';
    modal.confirm({
      title: t(status === 'disabled' ? 'users.disableConfirm' : 'users.enableConfirm', { name: user.name }),
      okButtonProps: { danger: status === 'disabled' },
      onOk: () => update.mutateAsync({ id: user.id, status }).then(() => showSuccess(t('common.saved')), ignore),
    });
  };

  return (
    <Card
      size="small"
      title={t('nav.users')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'create' })} data-testid="user-create">
            {t('users.create')}
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        <SearchInput
          value={search}
          onSearch={setSearch}
          placeholder={t('users.search')}
          data-testid="user-search"
        />
        <Table<UserView>
          data-testid="users-table"
          size="small"
          rowKey="id"
          loading={users.isFetching}
          dataSource={users.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: users.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          columns={[
            { title: t('users.username'), dataIndex: 'username', width: 120, fixed: pinned && 'left' },
            { title: t('users.name'), dataIndex: 'name', width: 100 },
            { title: t('users.phone'), dataIndex: 'phone', width: 120, render: (p: string | null) => p ?? '—' },
            {
              title: t('users.status'),
              key: 'status',
              width: 120,
              render: (_, u) => (
                <Flex wrap gap={4}>
                  <Tag color={u.status === 'active' ? 'green' : 'default'}>{userStatus.label(u.status, locale)}</Tag>
                  {isFuture(u.lockedUntil) && (
                    <Tooltip title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>
                      <Tag color="orange" icon={<LockOutlined />}>
                        {t('users.locked')}
                      </Tag>
                    </Tooltip>
                  )}
                </Flex>
              ),
            },
            {
              title: t('users.grants'),
              key: 'grants',
              width: 280,
              render: (_, u) => (
                <Flex wrap gap={4}>
                  {u.grants.map((g) => (
                    <GrantTag
                      key={g.id}
                      grant={g}
                      // The separated duties are granted and revoked from the command line only.
                      closable={canGrant && scopeKindOf(g.role) !== 'platform'}
                      onClose={(e) => {
                        // The tag stays until the server has removed the grant.
                        e.preventDefault();
                        confirmRemoveGrant(u, g);
                      }}
                    />
                  ))}
                  {canGrant && (
                    <Tag className="tag-add" icon={<PlusOutlined />} onClick={() => setGranting(u)} data-testid="grant-add">
                      {t('grants.add')}
                    </Tag>
                  )}
                </Flex>
              ),
            },
            { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 160, render: (v: string | null) => formatDateTime(v) || '—' },
            ...(canWrite
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 200,
                    fixed: pinned && ('right' as const),
                    render: (_: unknown, u: UserView) => (
                      <Flex wrap gap={4}>
                        <Typography.Link onClick={() => setForm({ kind: 'edit', user: u })}>{t('common.edit')}</Typography.Link>
                        <Typography.Link onClick={() => setResetting(u)} data-testid="user-reset-password">
                          {t('users.resetPassword')}
                        </Typography.Link>
                        {isFuture(u.lockedUntil) && (
                          <Typography.Link
                            data-testid="user-unlock"
                            onClick={() => unlock.mutate(u.id, { onSuccess: () => showSuccess(t('users.unlocked')) })}
                          >
                            {t('users.unlock')}
                          </Typography.Link>
                        )}
                        <Typography.Link type={u.status === 'active' ? 'danger' : undefined} onClick={() => toggleStatus(u)} data-testid="user-toggle-status">
                          {u.status === 'active' ? t('users.disable') : t('users.enable')}
                        </Typography.Link>
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Flex>
      <UserFormDrawer target={form} onClose={() => setForm(undefined)} />
      <AddGrantModal user={granting} onClose={() => setGranting(undefined)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(undefined)} />
    </Card>
  );
}
