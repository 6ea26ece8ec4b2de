import { useState } from 'react';
import { Empty, Modal, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TemporaryBranchCandidate } from '@meshwork/contracts';
import { showSuccess } from '@/lib/feedback';
import { useAddBranchMembers, useBranchCandidates } from '../api';

/** Picks members among the confirmed enrolments of the branch's area; those already in it stay ticked off. */
export function AddMembersModal({ branchId, onClose }: { branchId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const candidates = useBranchCandidates(branchId);
  const add = useAddBranchMembers();
  const [picked, setPicked] = useState<number[]>([]);

  const close = () => {
    setPicked([]);
    onClose();
  };

  return (
    <Modal
      open={branchId !== undefined}
      title={t('temporaryBranches.addMembersTitle')}
      okText={t('temporaryBranches.add')}
      okButtonProps={{ disabled: picked.length === 0, 'data-testid': 'tb-add-members-submit' }}
      confirmLoading={add.isPending}
      onCancel={close}
      onOk={() =>
        add.mutate(
          { id: branchId!, enrolmentIds: picked },
          {
            onSuccess: () => {
              showSuccess(t('temporaryBranches.added', { count: picked.length }));
              close();
            },
          },
        )
      }
      destroyOnHidden
    >
      <Table<TemporaryBranchCandidate>
        data-testid="tb-candidates"
        size="small"
        rowKey="enrolmentId"
        loading={candidates.isFetching}
        dataSource={candidates.data}
        pagination={false}
        scroll={{ y: 360 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('temporaryBranches.noCandidates')} /> }}
        rowSelection={{
          selectedRowKeys: picked,
          onChange: (keys) => setPicked(keys as number[]),
          getCheckboxProps: (c) => ({ disabled: c.member }),
        }}
        columns={[
          { title: t('temporaryBranches.name'), dataIndex: 'name' },
          { title: t('temporaryBranches.community'), dataIndex: 'communityName' },
          { key: 'member', render: (_, c) => c.member && <Tag>{t('temporaryBranches.alreadyMember')}</Tag> },
        ]}
      />
    </Modal>
  );
}
