import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Empty, Flex, Spin, Table, Tag, Typography } from 'antd';
import { CrownOutlined, StopOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { temporaryBranchPurpose, temporaryBranchRole, type TemporaryBranchMember } from '@meshwork/contracts';
import { showSuccess } from '@/lib/feedback';
import { formatDateTime } from '@/lib/format';
import { useIsPhone } from '@/lib/hooks';
import { useLocale } from '@/lib/locale';
import { useNameSecretary, useRemoveBranchMember, useTemporaryBranch } from '../api';
import { AddMembersModal } from './AddMembersModal';
import { DissolveBranchModal } from './DissolveBranchModal';
import { areaOf } from '../area';
import { BranchStatusTag } from './BranchStatusTag';

/** One branch: what it is for, its members now (secretary first) and every membership it ever had. */
export function BranchDetailDrawer({ branchId, onClose }: { branchId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { modal } = App.useApp();
  const isPhone = useIsPhone();
  const detail = useTemporaryBranch(branchId);
  const nameSecretary = useNameSecretary();
  const remove = useRemoveBranchMember();
  const [adding, setAdding] = useState(false);
  const [dissolving, setDissolving] = useState(false);
  const branch = detail.data;
  const active = branch?.status === 'active';
  const current = (branch?.members ?? []).filter((m) => m.leftAt === null).sort((a, b) => (a.role === b.role ? 0 : a.role === 'secretary' ? -1 : 1));

  const confirmRemove = (m: TemporaryBranchMember) =>
    modal.confirm({
      title: t('temporaryBranches.removeConfirm', { name: m.name }),
      okButtonProps: { danger: true, 'data-testid': 'tb-remove-confirm' },
      onOk: () => remove.mutateAsync({ id: branchId!, personId: m.personId }).then(() => showSuccess(t('temporaryBranches.removed'))),
    });

  const roleTag = (m: TemporaryBranchMember) => <Tag color={m.role === 'secretary' ? 'red' : undefined}>{temporaryBranchRole.label(m.role, locale)}</Tag>;

  return (
    <Drawer open={branchId !== undefined} onClose={onClose} size={isPhone ? '100%' : 720} title={branch?.name} destroyOnHidden>
      {!branch ? (
        <Spin />
      ) : (
        <Flex vertical gap={16} data-testid="tb-detail">
          <Descriptions size="small" column={isPhone ? 1 : 2} bordered>
            <Descriptions.Item label={t('temporaryBranches.status')}>
              <BranchStatusTag status={branch.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('temporaryBranches.purpose')}>{temporaryBranchPurpose.label(branch.purpose, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('temporaryBranches.area')}>{areaOf(branch)}</Descriptions.Item>
            {branch.task && <Descriptions.Item label={t('temporaryBranches.task')}>{branch.task}</Descriptions.Item>}
            <Descriptions.Item label={t('temporaryBranches.parent')}>{branch.parentOrgName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('temporaryBranches.secretary')}>
              <span data-testid="tb-secretary">{branch.secretary?.name ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('temporaryBranches.setUpAt')}>{formatDateTime(branch.setUpAt)}</Descriptions.Item>
            {branch.dissolvedAt && (
              <>
                <Descriptions.Item label={t('temporaryBranches.dissolvedAt')}>{formatDateTime(branch.dissolvedAt)}</Descriptions.Item>
                <Descriptions.Item label={t('temporaryBranches.dissolvedReason')}>{branch.dissolvedReason}</Descriptions.Item>
              </>
            )}
          </Descriptions>
          {active && (
            <Flex wrap gap={8}>
              <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="tb-add-members">
                {t('temporaryBranches.addMembers')}
              </Button>
              <Button danger icon={<StopOutlined />} onClick={() => setDissolving(true)} data-testid="tb-dissolve">
                {t('temporaryBranches.dissolve')}
              </Button>
            </Flex>
          )}
          {active && (
            <>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('temporaryBranches.members')}（{current.length}）
              </Typography.Title>
              <Table<TemporaryBranchMember>
                data-testid="tb-members"
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={current}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('temporaryBranches.noMembers')} /> }}
                columns={[
                  { title: t('temporaryBranches.name'), dataIndex: 'name' },
                  { title: t('temporaryBranches.role'), key: 'role', render: (_, m) => roleTag(m) },
                  { title: t('temporaryBranches.joinedAt'), dataIndex: 'joinedAt', render: formatDateTime },
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_, m) => (
                      <Flex wrap gap={8}>
                        {m.role !== 'secretary' && (
                          <Typography.Link
                            data-testid="tb-member-secretary"
                            disabled={nameSecretary.isPending}
                            onClick={() =>
                              nameSecretary.mutate(
                                { id: branch.id, personId: m.personId },
                                { onSuccess: () => showSuccess(t('temporaryBranches.secretaryNamed', { name: m.name })) },
                              )
                            }
                          >
                            <CrownOutlined /> {t('temporaryBranches.nameSecretary')}
                          </Typography.Link>
                        )}
                        <Typography.Link type="danger" data-testid="tb-member-remove" onClick={() => confirmRemove(m)}>
                          {t('temporaryBranches.remove')}
                        </Typography.Link>
                      </Flex>
                    ),
                  },
                ]}
              />
            </>
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('temporaryBranches.history')}
          </Typography.Title>
          <Table<TemporaryBranchMember>
            data-testid="tb-history"
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={branch.members}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('temporaryBranches.name'), dataIndex: 'name' },
              { title: t('temporaryBranches.role'), key: 'role', render: (_, m) => roleTag(m) },
              { title: t('temporaryBranches.joinedAt'), dataIndex: 'joinedAt', render: formatDateTime },
              { title: t('temporaryBranches.leftAt'), dataIndex: 'leftAt', render: (v: string | null) => (v ? formatDateTime(v) : '—') },
            ]}
          />
        </Flex>
      )}
      <AddMembersModal branchId={adding ? branchId : undefined} onClose={() => setAdding(false)} />
      <DissolveBranchModal branch={dissolving ? branch : undefined} onClose={() => setDissolving(false)} />
    </Drawer>
  );
}
