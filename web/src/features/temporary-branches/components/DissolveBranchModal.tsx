import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TemporaryBranchView } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { useDissolveBranch } from '../api';

export function DissolveBranchModal({ branch, onClose }: { branch: TemporaryBranchView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const dissolve = useDissolveBranch();
  return (
    <FormModal
      open={!!branch}
      title={t('temporaryBranches.dissolveTitle', { name: branch?.name ?? '' })}
      okText={t('temporaryBranches.dissolve')}
      danger
      mutation={dissolve}
      toRequest={({ reason }: { reason: string }) => branch && { id: branch.id, reason: reason.trim() }}
      success={t('temporaryBranches.dissolvedDone')}
      onClose={onClose}
      before={<Alert type="warning" showIcon title={t('temporaryBranches.dissolveHint')} style={{ marginBottom: 16 }} />}
    >
      <Form.Item name="reason" label={t('temporaryBranches.reason')} rules={[{ required: true, whitespace: true, max: 200 }]}>
        <Input.TextArea rows={3} maxLength={200} showCount data-testid="tb-dissolve-reason" />
      </Form.Item>
    </FormModal>
  );
}
