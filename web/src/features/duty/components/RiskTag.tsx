import { Tag } from 'antd';
import { riskLevel, type RiskLevel } from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

const colors: Record<RiskLevel, string> = { sealed: 'red', controlled: 'orange', precaution: 'gold' };

export function RiskTag({ level }: { level: RiskLevel }) {
  const locale = useLocale();
  return (
    <Tag color={colors[level]} data-testid={`risk-${level}`}>
      {riskLevel.label(level, locale)}
    </Tag>
  );
}
