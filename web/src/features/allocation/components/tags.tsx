import { Flex, Tag } from 'antd';
import {
  itemOutcome,
  planStatus,
  poolSource,
  post,
  priorityReason,
  riskLevel,
  skill,
  travelTier,
  type ItemOutcome,
  type PlanStatus,
  type PoolSource,
  type Post,
  type PriorityReason,
  type RiskLevel,
  type Skill,
  type TravelTier,
} from '@meshwork/contracts';
import { useLocale } from '@/lib/locale';

const reasonColors: Record<PriorityReason, string> = { sealed: 'red', controlled: 'orange', precaution: 'gold', weak_community: 'purple', key_site: 'magenta' };
const riskColors: Record<RiskLevel, string> = { sealed: 'red', controlled: 'orange', precaution: 'gold' };
const tierColors: Record<TravelTier, string> = { community: 'green', street: 'cyan', district: 'blue', city: 'purple' };
const statusColors: Record<PlanStatus, string> = { proposed: 'processing', published: 'success', discarded: 'default', superseded: 'default', expired: 'warning' };

export function PriorityTags({ reasons }: { reasons: readonly PriorityReason[] }) {
  const locale = useLocale();
  return (
    <Flex wrap gap={4}>
      {reasons.map((r) => (
        <Tag key={r} color={reasonColors[r]} style={{ marginInlineEnd: 0 }}>
          {priorityReason.label(r, locale)}
        </Tag>
      ))}
    </Flex>
  );
}

export function RiskTag({ level }: { level: RiskLevel }) {
  const locale = useLocale();
  return <Tag color={riskColors[level]}>{riskLevel.label(level, locale)}</Tag>;
}

export function TierTag({ tier }: { tier: TravelTier }) {
  const locale = useLocale();
  return (
    <Tag color={tierColors[tier]} data-testid="plan-item-tier">
      {travelTier.label(tier, locale)}
    </Tag>
  );
}

export function SourceTag({ source }: { source: PoolSource }) {
  const locale = useLocale();
  return <Tag color={source === 'enrolled' ? 'red' : 'blue'}>{poolSource.label(source, locale)}</Tag>;
}

export function PlanStatusTag({ status, 'data-testid': testId }: { status: PlanStatus; 'data-testid'?: string }) {
  const locale = useLocale();
  return (
    <Tag color={statusColors[status]} data-testid={testId}>
      {planStatus.label(status, locale)}
    </Tag>
  );
}

export function OutcomeTag({ outcome }: { outcome: ItemOutcome }) {
  const locale = useLocale();
  return (
    <Tag color={outcome === 'assigned' ? 'success' : 'default'} data-testid="plan-item-outcome">
      {itemOutcome.label(outcome, locale)}
    </Tag>
  );
}

/** What a shift is called: its own title, or its post's label. */
export function useShiftName(): (shift: { post: Post; title: string | null }) => string {
  const locale = useLocale();
  return (shift) => shift.title ?? post.label(shift.post, locale);
}

/** Skills as the views carry them (plain strings), labelled and joined. */
export function useSkillList(): (skills: readonly string[]) => string {
  const locale = useLocale();
  return (skills) => skills.map((s) => (skill.values.includes(s as Skill) ? skill.label(s as Skill, locale) : s)).join('、');
}
