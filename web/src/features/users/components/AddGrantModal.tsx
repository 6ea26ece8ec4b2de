import { useTranslation } from 'react-i18next';
import type { UserView } from '@meshwork/contracts';
import { FormModal } from '@/components/FormModal';
import { useAddGrant } from '../api';
import { toGrantRequest, type GrantValues } from '../grants';
import { GrantFields } from './GrantFields';

export function AddGrantModal({ user, onClose }: { user: UserView | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddGrant();
  return (
    <FormModal
      open={!!user}
      title={t('grants.addTo', { name: user?.name ?? '' })}
      mutation={add}
      toRequest={(values: GrantValues) => user && { userId: user.id, ...toGrantRequest(values) }}
      success={t('grants.added')}
      onClose={onClose}
    >
      <GrantFields required />
    </FormModal>
  );
}
