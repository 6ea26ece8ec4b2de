import { useTranslation } from 'react-i18next';
import { memberLedgerColumns } from '@meshwork/contracts';
import { LedgerCard } from '@/components/LedgerCard';
import { useRefreshMembers } from '../api';

/** The member ledger of an org: export it (masked unless the user may reveal), or import members under it. */
export function MemberLedgerCard({ org, canImport }: { org: { id: number; name: string }; canImport: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshMembers();
  return (
    <LedgerCard
      title={t('people.ledgerTitle')}
      columns={memberLedgerColumns}
      exportPath={`/orgs/${org.id}/members/export.xlsx`}
      exportName={`${org.name}-成员台账.xlsx`}
      templatePath={`/orgs/${org.id}/members/template.xlsx`}
      templateName="成员台账模板.xlsx"
      importPath={canImport ? `/orgs/${org.id}/members/import` : undefined}
      importText={t('people.import')}
      createdLabel={(kind) => (kind === 'link' ? t('people.importedLinked') : t('people.importedPeople'))}
      onImported={() => void refresh()}
      testIdPrefix="members"
    />
  );
}
