import { Alert, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMyServiceLedger } from '../api';
import { PhonePage } from '../components/PhonePage';
import { ServiceLedgerView } from '../components/ServiceLedgerView';

/** 服务记录: the member's own service ledger, on a phone. */
export function ServiceRecordPage() {
  const { t } = useTranslation();
  const ledger = useMyServiceLedger();
  return (
    <PhonePage title={t('duty.ledger.title')}>
      {ledger.isPending ? <Skeleton active /> : ledger.isError ? <Alert type="error" showIcon title={ledger.error.message} /> : <ServiceLedgerView ledger={ledger.data} />}
    </PhonePage>
  );
}
