import { useTranslation } from 'react-i18next';
import { orgLedgerColumns, orgType, type OrgNode, type OrgType } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { LedgerCard } from '@/components/LedgerCard';
import { useRefreshOrgs } from '../api';

/** The org ledger of a subtree: export it, or import units and branches under this org. */
export function OrgLedgerCard({ org, canImport }: { org: OrgNode; canImport: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const refresh = useRefreshOrgs();
  return (
    <LedgerCard
      title={t('orgs.ledgerTitle')}
      columns={orgLedgerColumns}
      exportPath={`/orgs/${org.id}/export.xlsx`}
      exportName={`${org.name}.xlsx`}
      templatePath="/orgs/template.xlsx"
      templateName="orgs-template.xlsx"
      importPath={canImport ? `/orgs/${org.id}/import` : undefined}
      importText={t('orgs.import')}
      createdLabel={(key) => (key in orgType.labels ? orgType.label(key as OrgType, locale) : t('orgs.importedOrgs'))}
      onImported={() => void refresh()}
      testIdPrefix="org"
    />
  );
}
