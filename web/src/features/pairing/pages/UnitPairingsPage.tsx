import { useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PairingsCard } from '../components/PairingsCard';
import { PairingFormDrawer, type PairingFormTarget } from '../components/PairingFormDrawer';
import { StepLink } from '../components/StepLink';

/** 我的报到单位: the org admin's units' pairings with streets and communities. */
export function UnitPairingsPage() {
  const { t } = useTranslation();
  const [form, setForm] = useState<PairingFormTarget>();
  return (
    <Flex vertical gap={16} style={{ minWidth: 0 }}>
      <PairingsCard
        side="unit"
        title={t('pairing.unitTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: 'create' })} data-testid="pairing-create">
            {t('pairing.create')}
          </Button>
        }
        actions={(p) => (
          <>
            {(p.status === 'pending' || p.status === 'confirmed') && (
              <Typography.Link onClick={() => setForm({ kind: 'edit', pairing: p })} data-testid="pairing-edit">
                {t('common.edit')}
              </Typography.Link>
            )}
            {p.status === 'pending' && (
              <StepLink step="withdraw" id={p.id} ask={t('pairing.withdrawAsk', { name: p.regionName })} text={t('pairing.withdraw')} done={t('pairing.withdrawn')} danger />
            )}
            {p.status === 'confirmed' && (
              <StepLink step="end" id={p.id} ask={t('pairing.endAsk', { unit: p.unitName, place: p.regionName })} text={t('pairing.end')} done={t('pairing.ended')} danger />
            )}
          </>
        )}
      />
      <PairingFormDrawer target={form} onClose={() => setForm(undefined)} />
    </Flex>
  );
}
