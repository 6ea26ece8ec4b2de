import { useState } from 'react';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PairingView } from '@meshwork/contracts';
import { PairingsCard } from '../components/PairingsCard';
import { DeclineModal } from '../components/DeclineModal';
import { StepLink } from '../components/StepLink';

/** 单位报到: units pairing with the streets and communities the region admin keeps; confirm or decline. */
export function PlacePairingsPage() {
  const { t } = useTranslation();
  const [declining, setDeclining] = useState<PairingView>();
  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <PairingsCard
        side="place"
        title={t('pairing.placeTitle')}
        actions={(p) => (
          <>
            {p.status === 'pending' && (
              <>
                <StepLink step="confirm" id={p.id} ask={t('pairing.confirmAsk', { name: p.unitName })} text={t('pairing.confirm')} done={t('pairing.confirmed', { name: p.unitName })} />
                <Typography.Link type="danger" onClick={() => setDeclining(p)} data-testid="pairing-decline">
                  {t('pairing.decline')}
                </Typography.Link>
              </>
            )}
            {p.status === 'confirmed' && (
              <StepLink step="end" id={p.id} ask={t('pairing.endAsk', { unit: p.unitName, place: p.regionName })} text={t('pairing.end')} done={t('pairing.ended')} danger />
            )}
          </>
        )}
      />
      <DeclineModal pairing={declining} onClose={() => setDeclining(undefined)} />
    </Flex>
  );
}
