import { Alert, Modal, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePersonLedger } from '../api';
import { ServiceLedgerView } from './ServiceLedgerView';

/** A member's service ledger as the community sees it. */
export function PersonLedgerModal({ person, onClose }: { person: { id: number; name: string } | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const ledger = usePersonLedger(person?.id);
  return (
    <Modal open={!!person} title={person && t('duty.ledger.of', { name: person.name })} onCancel={onClose} footer={null} destroyOnHidden width={640}>
      {ledger.isPending ? <Skeleton active /> : ledger.isError ? <Alert type="error" showIcon title={ledger.error.message} /> : <ServiceLedgerView ledger={ledger.data} />}
    </Modal>
  );
}
