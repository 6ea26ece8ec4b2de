import { z } from 'zod';
import { OrgStatus, OrgType, RegionLevel } from './enums.js';

/**
 * Rates (报到情况): how far dual enrolment has reached, rolled up either tree. Every count of a
 * node covers its whole subtree; `own` is the part held by the node itself (not by a child), so
 * that a node's totals equal its children's plus its own wherever nobody is counted twice.
 */

/** A share, or null when the denominator is 0. Never capped: above 1 shows a gap in the data. */
export const Rate = z.number().nullable();

export const OrgRateCounts = z.object({
  /** Distinct people with a party or work-unit membership in the subtree. */
  members: z.number().int(),
  /** Distinct people with a pending or confirmed enrolment crediting an org in the subtree. */
  enrolled: z.number().int(),
  confirmed: z.number().int(),
  /** Confirmed enrolments active in the last 7 days. */
  active: z.number().int(),
  enrolledRate: Rate,
  confirmedRate: Rate,
});
export type OrgRateCounts = z.infer<typeof OrgRateCounts>;

export const RegionRateCounts = z.object({
  /** Members with a pending or confirmed enrolment at a community in the subtree. */
  enrolled: z.number().int(),
  confirmed: z.number().int(),
  active: z.number().int(),
  /** Distinct units with a confirmed pairing at a street or community in the subtree. */
  pairedUnits: z.number().int(),
  pendingPairings: z.number().int(),
  confirmedRate: Rate,
});
export type RegionRateCounts = z.infer<typeof RegionRateCounts>;

/** The way down from the actor's scope root to the node, for the breadcrumb. */
export const RateTrail = z.array(z.object({ id: z.number(), name: z.string() }));

/** The actor's scope roots in each tree (none: no tab for that tree). */
export const RateRoots = z.object({ orgs: RateTrail, regions: RateTrail });
export type RateRoots = z.infer<typeof RateRoots>;

/** A node's totals (as a row), the way down to it, its own part, and its children. */
const ratesOf = <R extends z.ZodType, C extends z.ZodType>(row: R, counts: C) =>
  z.object({ node: row, trail: RateTrail, own: counts, children: z.array(row) });

export const OrgRateRow = OrgRateCounts.extend({
  id: z.number(),
  name: z.string(),
  type: OrgType,
  status: OrgStatus,
  hasChildren: z.boolean(),
});
export type OrgRateRow = z.infer<typeof OrgRateRow>;

export const OrgRates = ratesOf(OrgRateRow, OrgRateCounts);
export type OrgRates = z.infer<typeof OrgRates>;

export const RegionRateRow = RegionRateCounts.extend({
  id: z.number(),
  name: z.string(),
  level: RegionLevel,
  hasChildren: z.boolean(),
});
export type RegionRateRow = z.infer<typeof RegionRateRow>;

export const RegionRates = ratesOf(RegionRateRow, RegionRateCounts);
export type RegionRates = z.infer<typeof RegionRates>;

/** Region levels the rates drill through: enrolments and pairings sit at streets and communities. */
export const rateRegionLevels = ['province', 'city', 'district', 'street', 'community'] as const satisfies RegionLevel[];

/** n / d, or null for d = 0. */
export const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** The definitions, as the screen's help and the ledger's title say them (zh-CN). */
export const rateDefinitions = {
  org:
    '成员数：本组织及下级组织中有党组织关系或工作单位的人数（去重）；已报到：组织关系或工作单位在其中、报到待确认或已确认的人数；' +
    '已确认：社区已确认的报到；近7天活跃：已确认且近7天在社区有活动；报到率＝已报到÷成员数，确认率＝已确认÷成员数（成员数为0时不计算；报到记录的组织无成员登记时，报到率可超过100%）',
  region:
    '已报到党员：在本属地及下级社区报到待确认或已确认的人数；已确认：社区已确认的报到；近7天活跃：已确认且近7天在社区有活动；' +
    '已报到单位：与本属地内街道或社区结对已确认的单位数（去重）；待确认结对：待街道或社区确认的结对数；确认率＝已确认÷已报到党员',
};
