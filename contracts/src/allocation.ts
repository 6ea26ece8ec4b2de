import { z } from 'zod';
import { BodyId, Paging } from './common.js';
import { labelled } from './labels.js';
import { DayPeriod, Post, RiskLevel } from './enums.js';

/**
 * Allocation (力量调配): the gaps of a region node's shifts and the pool of people who could fill
 * them, a proposed plan that covers the most priority-weighted headcount and then travels least,
 * its review per community, exclusions and re-runs, and publishing through duty's rules.
 */

const LocalDate = z.iso.date();

// ---- Labels ----

/** Travel tiers, nearest first: the person's place and the shift's. */
export const travelTier = labelled({
  community: { 'zh-CN': '本社区', 'zh-TW': '本社區', en: 'Same community' },
  street: { 'zh-CN': '本街道', 'zh-TW': '本街道', en: 'Same street' },
  district: { 'zh-CN': '本区县', 'zh-TW': '本區縣', en: 'Same district' },
  city: { 'zh-CN': '跨区调配', 'zh-TW': '跨區調配', en: 'Across districts' },
});
export const TravelTier = z.enum(travelTier.values);
export type TravelTier = z.infer<typeof TravelTier>;

/** Why a shift ranks high. */
export const priorityReason = labelled({
  sealed: { 'zh-CN': '封控区', 'zh-TW': '封控區', en: 'Sealed zone' },
  controlled: { 'zh-CN': '管控区', 'zh-TW': '管控區', en: 'Controlled zone' },
  precaution: { 'zh-CN': '防范区', 'zh-TW': '防範區', en: 'Precaution zone' },
  weak_community: { 'zh-CN': '力量薄弱社区', 'zh-TW': '力量薄弱社區', en: 'Under-staffed community' },
  key_site: { 'zh-CN': '重点场所', 'zh-TW': '重點場所', en: 'Key site' },
});
export const PriorityReason = z.enum(priorityReason.values);
export type PriorityReason = z.infer<typeof PriorityReason>;

/** Why a gap stays open in the plan. */
export const uncoveredReason = labelled({
  'no-candidates': { 'zh-CN': '无符合条件的人员（技能、时间或距离）', 'zh-TW': '無符合條件的人員（技能、時間或距離）', en: 'Nobody eligible (skills, time or distance)' },
  'too-few-candidates': { 'zh-CN': '符合条件的人员不足', 'zh-TW': '符合條件的人員不足', en: 'Too few eligible people' },
  'candidates-busy': { 'zh-CN': '符合条件的人员已调往更优先的岗位', 'zh-TW': '符合條件的人員已調往更優先的崗位', en: 'Eligible people went to higher-priority shifts' },
});
export const UncoveredReason = z.enum(uncoveredReason.values);
export type UncoveredReason = z.infer<typeof UncoveredReason>;

export const planStatus = labelled({
  proposed: { 'zh-CN': '待发布', 'zh-TW': '待發布', en: 'Proposed' },
  published: { 'zh-CN': '已发布', 'zh-TW': '已發布', en: 'Published' },
  discarded: { 'zh-CN': '已放弃', 'zh-TW': '已放棄', en: 'Discarded' },
  superseded: { 'zh-CN': '已重新计算', 'zh-TW': '已重新計算', en: 'Re-run' },
  expired: { 'zh-CN': '已过期', 'zh-TW': '已過期', en: 'Expired' },
});
export const PlanStatus = z.enum(planStatus.values);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const poolSource = labelled({
  enrolled: { 'zh-CN': '在职党员报到', 'zh-TW': '在職黨員報到', en: 'Enrolled member' },
  offered: { 'zh-CN': '结对单位派出', 'zh-TW': '結對單位派出', en: 'Offered by a paired unit' },
});
export const PoolSource = z.enum(poolSource.values);
export type PoolSource = z.infer<typeof PoolSource>;

export const itemOutcome = labelled({
  assigned: { 'zh-CN': '已派遣', 'zh-TW': '已派遣', en: 'Assigned' },
  skipped: { 'zh-CN': '未派遣', 'zh-TW': '未派遣', en: 'Not assigned' },
});
export const ItemOutcome = z.enum(itemOutcome.values);
export type ItemOutcome = z.infer<typeof ItemOutcome>;

// ---- Requests ----

const Weight = z.number().int().min(0).max(100);

/** Priority weights: a shift's weight is its zone's plus the bonuses that apply (weak × gap ratio). */
export const PriorityWeights = z
  .object({
    sealed: Weight,
    controlled: Weight,
    precaution: Weight,
    none: Weight.min(1),
    /** Added in proportion to the community's gap ratio (gap ÷ needed over the range). */
    weakCommunity: Weight,
    keySite: Weight,
  })
  .strict();
export type PriorityWeights = z.infer<typeof PriorityWeights>;

export const DEFAULT_WEIGHTS: PriorityWeights = { sealed: 8, controlled: 4, precaution: 2, none: 1, weakCommunity: 3, keySite: 3 };
export const DEFAULT_SHIFT_LIMIT = 3;

/** A date range one plan may span: in order, at most 31 days. */
const withinRange = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((v) => v.from <= v.to, { message: '开始日期应不晚于结束日期', path: ['to'] })
    .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 31 * 86_400_000, { message: '一次调配的日期范围不能超过 31 天', path: ['to'] });

const Range = { regionId: z.coerce.number().int().positive(), from: LocalDate, to: LocalDate };

export const AllocationQuery = withinRange(z.object(Range).strict());
export type AllocationQuery = z.infer<typeof AllocationQuery>;

export const AllocationPageQuery = withinRange(Paging.extend(Range).strict());
export type AllocationPageQuery = z.infer<typeof AllocationPageQuery>;

export const ProposePlanRequest = withinRange(
  z
    .object({
      regionId: BodyId,
      from: LocalDate,
      to: LocalDate,
      weights: PriorityWeights.default(DEFAULT_WEIGHTS),
      /** Shifts per person in the range, counting those they already hold. */
      shiftLimit: z.number().int().min(1).max(62).default(DEFAULT_SHIFT_LIMIT),
      excludePersonIds: z.array(BodyId).max(5000).default([]),
      excludeShiftIds: z.array(BodyId).max(5000).default([]),
      /** A proposed plan this one re-runs (with more exclusions); it is superseded. */
      basedOn: BodyId.optional(),
    })
    .strict(),
);
export type ProposePlanRequest = z.input<typeof ProposePlanRequest>;
export type ProposePlan = z.output<typeof ProposePlanRequest>;

export const PlansQuery = Paging.extend({ regionId: z.coerce.number().int().positive() }).strict();
export type PlansQuery = z.infer<typeof PlansQuery>;

// ---- Views ----

/** A shift with a gap in the range, as the planner sees it. */
export const GapShift = z.object({
  shiftId: z.number(),
  post: Post,
  title: z.string().nullable(),
  communityId: z.number(),
  communityName: z.string(),
  siteName: z.string(),
  keySite: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string(),
  headcount: z.number(),
  filled: z.number(),
  gap: z.number(),
  requiredSkills: z.array(z.string()),
  risk: RiskLevel.nullable(),
  /** The community's gap ÷ needed over the range, 0–1. */
  communityGapRatio: z.number(),
  weight: z.number(),
  priorityReasons: z.array(PriorityReason),
});
export type GapShift = z.infer<typeof GapShift>;

export const GapShiftPage = z.object({ items: z.array(GapShift), total: z.number(), totalGap: z.number() });
export type GapShiftPage = z.infer<typeof GapShiftPage>;

/** Someone who could be deployed in the range. */
export const PoolMember = z.object({
  personId: z.number(),
  personName: z.string(),
  /** Masked. */
  phone: z.string().nullable(),
  source: PoolSource,
  /** Their community, or the unit that offered them. */
  origin: z.string(),
  placeName: z.string(),
  skills: z.array(z.string()),
  availableDays: z.array(z.number()),
  availablePeriods: z.array(DayPeriod),
  /** Active shifts they already hold in the range. */
  heldShifts: z.number(),
});
export type PoolMember = z.infer<typeof PoolMember>;

export const PoolPage = z.object({ items: z.array(PoolMember), total: z.number() });
export type PoolPage = z.infer<typeof PoolPage>;

export const PlanItemView = z.object({
  shiftId: z.number(),
  personId: z.number(),
  personName: z.string(),
  source: PoolSource,
  origin: z.string(),
  tier: TravelTier,
  /** Straight-line distance when both places have coordinates. */
  distanceKm: z.number().nullable(),
  outcome: ItemOutcome.nullable(),
  outcomeNote: z.string().nullable(),
});
export type PlanItemView = z.infer<typeof PlanItemView>;

export const PlanShiftView = z.object({
  shiftId: z.number(),
  label: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  gap: z.number(),
  planned: z.number(),
  weight: z.number(),
  priorityReasons: z.array(PriorityReason),
  uncoveredReason: UncoveredReason.nullable(),
  items: z.array(PlanItemView),
});
export type PlanShiftView = z.infer<typeof PlanShiftView>;

export const PlanCommunityView = z.object({
  communityId: z.number(),
  communityName: z.string(),
  gap: z.number(),
  planned: z.number(),
  shifts: z.array(PlanShiftView),
});
export type PlanCommunityView = z.infer<typeof PlanCommunityView>;

export const PlanSummary = z.object({
  shifts: z.number(),
  gap: z.number(),
  planned: z.number(),
  pool: z.number(),
  candidates: z.number(),
  /** Σ weight × planned, the solver's first objective, and the best any plan could reach. */
  coverage: z.number(),
  coverageUpperBound: z.number(),
  /** The solver's second objective (travel units; tiers of 100). */
  travel: z.number(),
  tiers: z.record(TravelTier, z.number()),
  milliseconds: z.number(),
  /** The solver's optimality certificate checked on this plan. */
  certified: z.boolean(),
  /**
   * Optimal over every eligible pair, not only the nearest ones solved over (proven by pricing
   * them all; a city-wide plan may be too large to price, and is optimal over its candidates).
   */
  exact: z.boolean(),
  /** Solves it took: the first over the nearest pairs, one more each time pricing found better ones. */
  rounds: z.number(),
});
export type PlanSummary = z.infer<typeof PlanSummary>;

export const PlanView = z.object({
  id: z.number(),
  regionId: z.number(),
  regionName: z.string(),
  from: z.string(),
  to: z.string(),
  weights: PriorityWeights,
  shiftLimit: z.number(),
  excludedPeople: z.array(z.object({ personId: z.number(), personName: z.string() })),
  excludedShifts: z.array(z.object({ shiftId: z.number(), label: z.string(), startsAt: z.string(), endsAt: z.string() })),
  basedOn: z.number().nullable(),
  status: PlanStatus,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  expiresAt: z.string(),
  decidedAt: z.string().nullable(),
  summary: PlanSummary,
  communities: z.array(PlanCommunityView),
});
export type PlanView = z.infer<typeof PlanView>;

export const PlanListItem = PlanView.pick({
  id: true,
  regionId: true,
  regionName: true,
  from: true,
  to: true,
  status: true,
  createdAt: true,
  createdBy: true,
  expiresAt: true,
  decidedAt: true,
  summary: true,
});
export type PlanListItem = z.infer<typeof PlanListItem>;

export const PlanPage = z.object({ items: z.array(PlanListItem), total: z.number() });
export type PlanPage = z.infer<typeof PlanPage>;

/** What the planner's form starts from: the node's last plan's weights and limit, or the defaults. */
export const PlanDefaults = z.object({ weights: PriorityWeights, shiftLimit: z.number() });
export type PlanDefaults = z.infer<typeof PlanDefaults>;
