import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TemporaryBranchStatus } from '@meshwork/contracts';

export function BranchStatusTag({ status }: { status: TemporaryBranchStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'green' : 'default'}>{t(`temporaryBranches.${status}`)}</Tag>;
}
