import { useState } from 'react';
import { Card, Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@/lib/locale';
import { ImportUpload } from '@/components/ImportUpload';
import { useRefreshRegions } from '../api';
import { levelLabel } from '../levels';

/** The files of the national division set, from the top level down; any one to five of them. */
const divisionFiles = ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv', 'villages.csv'];

/** For platform admins: load the national division codes (统计用区划代码) into the region tree. */
export function DivisionImportCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const refresh = useRefreshRegions();
  const [under, setUnder] = useState('');
  const underValid = under === '' || /^\d{2,12}$/.test(under);

  const validate = (files: File[]) => {
    // The server takes the extension in any case, the name itself exactly.
    const names = files.map((f) => f.name.replace(/\.csv$/i, '.csv'));
    if (names.length > divisionFiles.length) return t('regions.divisionTooMany');
    const unknown = names.filter((n) => !divisionFiles.includes(n));
    if (unknown.length) return t('regions.divisionUnknownFiles', { names: unknown.join(', '), expected: divisionFiles.join(', ') });
    if (new Set(names).size !== names.length) return t('regions.divisionDuplicate');
    return undefined;
  };

  return (
    <Card size="small" title={t('regions.divisionTitle')} data-testid="division-import">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('regions.divisionHint', { files: divisionFiles.join(', ') })}</Typography.Text>
        <Input
          value={under}
          onChange={(e) => setUnder(e.target.value.trim())}
          placeholder={t('regions.divisionUnder')}
          status={underValid ? undefined : 'error'}
          inputMode="numeric"
          maxLength={12}
          allowClear
          data-testid="division-under"
        />
        <ImportUpload
          path="/regions/divisions/import"
          query={{ under }}
          accept=".csv"
          multiple
          disabled={!underValid}
          validate={validate}
          buttonText={t('regions.divisionUpload')}
          createdLabel={(key) => levelLabel(key, locale)}
          onImported={() => void refresh()}
          data-testid="division-import-upload"
        />
      </Flex>
    </Card>
  );
}
