import { useTranslation } from 'react-i18next';
import { householdLedgerColumns, type RegionNode } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { LedgerCard } from '@/components/LedgerCard';
import { useRefreshRegions } from '../api';
import { levelLabel } from '../levels';

/** The grid → household ledger of a community or grid (网格 → 楼栋 → 单元 → 户). */
export function HouseholdLedgerCard({ node, canImport }: { node: RegionNode; canImport: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const refresh = useRefreshRegions();
  return (
    <LedgerCard
      title={t('regions.ledgerTitle')}
      columns={householdLedgerColumns}
      exportPath={`/regions/${node.id}/households.xlsx`}
      exportName={`${node.name}.xlsx`}
      templatePath="/regions/households-template.xlsx"
      templateName="households-template.xlsx"
      importPath={canImport ? `/regions/${node.id}/households/import` : undefined}
      importText={t('regions.importHouseholds')}
      createdLabel={(key) => levelLabel(key, locale)}
      onImported={() => void refresh()}
      testIdPrefix="households"
    />
  );
}
