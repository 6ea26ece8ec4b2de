import type { ReactNode } from 'react';
import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DownloadButton } from './DownloadButton';
import { ImportUpload } from './ImportUpload';

interface LedgerCardProps {
  title: ReactNode;
  /** The sheet's columns, in order, so that people can prepare a file without the template. */
  columns: readonly string[];
  exportPath: string;
  exportName: string;
  templatePath: string;
  templateName: string;
  /** Absent when the user may not import here. */
  importPath?: string;
  importText: ReactNode;
  createdLabel: (key: string) => string;
  onImported: () => void;
  /** Prefix of the test ids: `<prefix>-export`, `<prefix>-template`, `<prefix>-import`. */
  testIdPrefix: string;
}

/** An Excel ledger (台账) of a subtree, as offices keep them: export, blank template, import. */
export function LedgerCard({
  title,
  columns,
  exportPath,
  exportName,
  templatePath,
  templateName,
  importPath,
  importText,
  createdLabel,
  onImported,
  testIdPrefix,
}: LedgerCardProps) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} data-testid={`${testIdPrefix}-ledger`}>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('import.columns', { columns: columns.join(' | ') })}</Typography.Text>
        <Flex wrap gap={8}>
          <DownloadButton path={exportPath} fileName={exportName} data-testid={`${testIdPrefix}-export`}>
            {t('import.export')}
          </DownloadButton>
          <DownloadButton path={templatePath} fileName={templateName} type="link" data-testid={`${testIdPrefix}-template`}>
            {t('import.template')}
          </DownloadButton>
        </Flex>
        {importPath && (
          <ImportUpload
            // A new target starts with a clean report.
            key={importPath}
            path={importPath}
            accept=".xlsx"
            buttonText={importText}
            createdLabel={createdLabel}
            onImported={onImported}
            data-testid={`${testIdPrefix}-import`}
          />
        )}
      </Flex>
    </Card>
  );
}
