import { Flex, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { riskLevel, type RiskLevel } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';
import { useRegionRisk } from '../api';

export const riskColor: Record<RiskLevel, string> = { sealed: 'red', controlled: 'orange', precaution: 'gold' };

/** The risk zones in force at or under the node, each naming where it is when that is below. */
export function RegionRisk({ regionId }: { regionId: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const zones = useRegionRisk(regionId).data ?? [];
  if (zones.length === 0) return null;
  return (
    <Flex wrap gap={4} data-testid="region-risk">
      {zones.map((z) => (
        <Tooltip key={z.id} title={z.reason ?? undefined}>
          <Tag color={riskColor[z.level]}>
            {z.regionId === regionId ? riskLevel.label(z.level, locale) : `${z.regionName} · ${riskLevel.label(z.level, locale)}`}
            {z.needsTemporaryBranch && ` · ${t('regions.needsTemporaryBranch')}`}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}
