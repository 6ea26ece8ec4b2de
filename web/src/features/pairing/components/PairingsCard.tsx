import { useState, type ReactNode } from 'react';
import { Card, Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { pairingPlaceLevels, pairingStatus, type PairingSide, type PairingStatus, type PairingView, type RegionLevel } from '@meshwork/contracts';
import { DownloadButton } from '@/components/DownloadButton';
import { RegionPicker } from '@/components/pickers';
import type { PickedValue } from '@/components/RemoteSearchSelect';
import { useLocale } from '@/lib/locale';
import { usePairings } from '../api';
import { PairingTable } from './PairingTable';

const pageSize = 20;

/** One side's pairings: filters (status; the place, on the place's side), the table, and the ledger (单位报到台账) of what is listed. */
export function PairingsCard({
  side,
  title,
  extra,
  actions,
}: {
  side: PairingSide;
  title: ReactNode;
  extra?: ReactNode;
  actions: (p: PairingView) => ReactNode;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [status, setStatus] = useState<PairingStatus | ''>('');
  const [place, setPlace] = useState<PickedValue | null>(null);
  const [page, setPage] = useState(1);
  const filter = { status: status || undefined, regionId: place?.value };
  const pairings = usePairings(side, { ...filter, limit: pageSize, offset: (page - 1) * pageSize });

  return (
    <Card size="small" title={title} extra={extra}>
      <Flex vertical gap={12}>
        <Flex wrap gap={8} justify="space-between">
          <Flex wrap gap={8} style={{ flex: 1 }}>
            <Select<PairingStatus | ''>
              data-testid="pairing-status-filter"
              style={{ minWidth: 140 }}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              options={[{ value: '', label: t('pairing.allStatuses') }, ...pairingStatus.values.map((v) => ({ value: v, label: pairingStatus.label(v, locale) }))]}
            />
            {side === 'place' && (
              <RegionPicker
                data-testid="pairing-place-filter"
                placeholder={t('pairing.placeFilter')}
                style={{ maxWidth: 280 }}
                value={place}
                onChange={(v) => {
                  setPlace(v);
                  setPage(1);
                }}
                isAllowed={(hit) => hit.inScope && (pairingPlaceLevels as readonly RegionLevel[]).includes(hit.level)}
              />
            )}
          </Flex>
          <DownloadButton path="/pairings/export.xlsx" query={{ side, ...filter }} fileName={`${t('pairing.ledgerTitle')}.xlsx`} data-testid="pairing-export">
            {t('pairing.export')}
          </DownloadButton>
        </Flex>
        <PairingTable
          testId={`pairings-${side}-table`}
          items={pairings.data?.items}
          total={pairings.data?.total ?? 0}
          loading={pairings.isFetching}
          page={page}
          pageSize={pageSize}
          onPage={setPage}
          actions={actions}
        />
      </Flex>
    </Card>
  );
}
