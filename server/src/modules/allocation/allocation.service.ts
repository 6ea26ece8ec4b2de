import type { Kysely } from 'kysely';
import {
  DEFAULT_SHIFT_LIMIT,
  DEFAULT_WEIGHTS,
  itemOutcome,
  planStatus,
  poolSource,
  post as postLabels,
  priorityReason,
  travelTier,
  uncoveredReason,
  type AllocationPageQuery,
  type AllocationQuery,
  type DayPeriod,
  type GapShift,
  type GapShiftPage,
  type PlanCommunityView,
  type PlanDefaults,
  type PlanListItem,
  type PlanPage,
  type PlansQuery,
  type PlanSummary,
  type PlanView,
  type PoolMember,
  type PoolPage,
  type PriorityReason,
  type PriorityWeights,
  type ProposePlan,
  type TravelTier,
  type UncoveredReason,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { findRegion, type RegionRef } from '../../db/tree.js';
import { covers, type Actor, type Scope } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { chinaClock, chinaDateTime } from '../../platform/china-time.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { writeLedger } from '../../platform/excel.js';
import { maskPhone } from '../../platform/masking.js';
import type { DutyService, PlannedOutcome } from '../duty/duty.service.js';
import type { EnrolmentService } from '../enrolment/enrolment.service.js';
import type { PairingService } from '../pairing/pairing.service.js';
import type { PeopleService } from '../people/people.service.js';
import { DEFAULT_BUDGET, priorityOf, type CandidateBudget, type PlanPerson, type PlanShift } from './allocation.instance.js';
import { AllocationRepository, type PlanItemRow, type PlanRow, type PlanShiftRow } from './allocation.repository.js';
import { planner } from './allocation.planner.js';

/** An unpublished plan lapses after this: the gaps and the pool move on. */
export const PLAN_TTL_MINUTES = 30;
/** Held shifts this far outside the range can still overlap a shift in it (shifts last ≤ 24 h). */
const DAY_MS = 86_400_000;

const unavailable = (message = '该方案已发布、放弃、重新计算或已过期，请重新生成') => new AppError('PLAN_UNAVAILABLE', message);

/** A shift as the planner sees it, before exclusions. */
interface Gap extends PlanShift {
  label: string;
  communityId: number;
  communityName: string;
  row: Awaited<ReturnType<DutyService['plannableShifts']>>[number];
}

/** Someone in the pool with what the views show of them. */
interface PoolEntry extends PlanPerson {
  name: string;
  phone: string | null;
  source: 'enrolled' | 'offered';
  origin: string;
  placeName: string;
  holds: Array<{ startsAt: Date; endsAt: Date }>;
  held: number;
}

/**
 * Allocation (力量调配): a street, district or city finds the gaps of its shifts and the people
 * who could fill them, and proposes the plan that covers the most priority-weighted headcount and
 * then travels least (solver/). The plan is kept for review; publishing hands its assignments to
 * duty, whose rules (headcount, no overlapping shifts, skills) decide what still holds.
 */
export class AllocationService {
  private readonly repo: AllocationRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly duty: DutyService,
    private readonly enrolment: EnrolmentService,
    private readonly pairing: PairingService,
    private readonly people: PeopleService,
    private readonly budget: CandidateBudget = DEFAULT_BUDGET,
  ) {
    this.repo = new AllocationRepository(db);
  }

  /** Allocation is a street's, district's or city's call: only grants at those levels count. */
  private scope(actor: Actor): Scope {
    actor.require('allocation.plan');
    const scope = actor.regionScope('allocation.plan');
    if (scope.all) return scope;
    return { all: false, paths: scope.paths.filter((p) => p.split('.').length <= 4) };
  }

  private async node(ctx: RequestContext, regionId: number): Promise<{ actor: Actor; region: RegionRef }> {
    const { actor } = signedIn(ctx);
    const scope = this.scope(actor);
    const region = await findRegion(this.db, regionId);
    if (!region) throw notFound('区域');
    if (!covers(scope, region.path)) throw forbidden('力量调配由街道、区县或市统筹：该区域不在您可调配的范围内');
    if (!['city', 'district', 'street'].includes(region.level)) throw new AppError('ALLOCATION_INVALID', '请选择街道、区县或市进行调配');
    return { actor, region };
  }

  private async plan(ctx: RequestContext, id: number): Promise<{ actor: Actor; plan: PlanRow }> {
    const { actor } = signedIn(ctx);
    const scope = this.scope(actor);
    const plan = await this.repo.find(id);
    if (!plan) throw notFound('调配方案');
    if (!covers(scope, plan.region_path)) throw forbidden('该方案不在您可调配的范围内');
    return { actor, plan };
  }

  // ---- What the planner looks at ----

  async defaults(ctx: RequestContext, regionId: number): Promise<PlanDefaults> {
    await this.node(ctx, regionId);
    return this.settings(regionId);
  }

  /** The node's last plan's weights and limit, or the defaults (the caller authorized the node). */
  private async settings(regionId: number): Promise<PlanDefaults> {
    const last = await this.repo.latestSettings(regionId);
    return last ? { weights: last.weights, shiftLimit: last.shift_limit } : { weights: DEFAULT_WEIGHTS, shiftLimit: DEFAULT_SHIFT_LIMIT };
  }

  async gapShifts(ctx: RequestContext, query: AllocationPageQuery): Promise<GapShiftPage> {
    const { region } = await this.node(ctx, query.regionId);
    const { weights } = await this.settings(region.id);
    const gaps = (await this.gaps(region, query)).map((g) => gapView(g, weights));
    gaps.sort((a, b) => b.weight - a.weight || a.startsAt.localeCompare(b.startsAt) || a.shiftId - b.shiftId);
    return { items: gaps.slice(query.offset, query.offset + query.limit), total: gaps.length, totalGap: gaps.reduce((n, g) => n + g.gap, 0) };
  }

  async pool(ctx: RequestContext, query: AllocationPageQuery): Promise<PoolPage> {
    const { region } = await this.node(ctx, query.regionId);
    const { shiftLimit } = await this.settings(region.id);
    const pool = await this.poolOf(region, query, shiftLimit);
    return { items: pool.slice(query.offset, query.offset + query.limit).map(poolView), total: pool.length };
  }

  /** Shifts with a gap in the range under the node, each with its community's gap ratio. */
  private async gaps(region: RegionRef, range: AllocationQuery): Promise<Gap[]> {
    const { from, to } = rangeOf(range);
    const rows = await this.duty.plannableShifts(region.path, from, to);
    // The community of a shift is the 5th label of its path; a street's own need counts as the street.
    const communityOf = (path: string) => Number(path.split('.')[4] ?? path.split('.').at(-1));
    const totals = new Map<number, { needed: number; gap: number }>();
    for (const r of rows) {
      const c = communityOf(r.region_path);
      const t = totals.get(c) ?? { needed: 0, gap: 0 };
      t.needed += r.headcount;
      t.gap += r.headcount - r.filled;
      totals.set(c, t);
    }
    const open = rows.filter((r) => r.headcount > r.filled);
    const names = await this.repo.regionNames(open.map((r) => communityOf(r.region_path)));
    return open.map((r) => {
        const communityId = communityOf(r.region_path);
        const t = totals.get(communityId)!;
        return {
          id: r.id,
          path: r.region_path,
          latitude: r.latitude,
          longitude: r.longitude,
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          gap: r.headcount - r.filled,
          requiredSkills: r.required_skills,
          risk: r.risk,
          keySite: r.key_site,
          communityGapRatio: t.needed ? t.gap / t.needed : 0,
          label: `${r.title ?? postLabels.label(r.post)} · ${r.site_name}`,
          communityId,
          communityName: names.get(communityId) ?? r.region_name,
          row: r,
        };
      });
  }

  /**
   * Who could be deployed: confirmed enrolled members of communities under the node and people
   * paired units offer to places under it (enrolment first: that is where service is credited),
   * with the shifts each still may take in the range and the windows they already hold.
   */
  private async poolOf(region: RegionRef, range: AllocationQuery, shiftLimit: number): Promise<PoolEntry[]> {
    const { from, to } = rangeOf(range);
    const [enrolled, offered] = await Promise.all([this.enrolment.poolUnder(region.path), this.pairing.offeredPeople({ all: false, paths: [region.path] })]);
    const entries: PoolEntry[] = [];
    const seen = new Set<number>();
    for (const e of enrolled) {
      if (seen.has(e.personId)) continue;
      seen.add(e.personId);
      entries.push({
        id: e.personId,
        name: e.personName,
        phone: maskPhone(e.phone),
        source: 'enrolled',
        origin: e.communityName,
        placeName: e.communityName,
        path: e.communityPath,
        latitude: e.latitude,
        longitude: e.longitude,
        skills: e.skills,
        availableDays: e.availableDays,
        availablePeriods: e.availablePeriods as DayPeriod[],
        limit: shiftLimit,
        holds: [],
        held: 0,
      });
    }
    const offeredNew = offered.filter((o) => !seen.has(o.personId));
    const skills = await this.people.skillsOf(offeredNew.map((o) => o.personId));
    for (const o of offeredNew) {
      entries.push({
        id: o.personId,
        name: o.personName,
        phone: o.phone,
        source: 'offered',
        origin: o.unitName,
        placeName: o.placeName,
        path: o.placePath,
        latitude: o.latitude,
        longitude: o.longitude,
        skills: skills.get(o.personId) ?? [],
        availableDays: [],
        availablePeriods: [],
        limit: shiftLimit,
        holds: [],
        held: 0,
      });
    }
    const held = await this.duty.heldShifts(
      entries.map((e) => e.id),
      new Date(from.getTime() - DAY_MS),
      new Date(to.getTime() + DAY_MS),
    );
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const h of held) {
      const e = byId.get(h.personId)!;
      e.holds.push({ startsAt: h.startsAt, endsAt: h.endsAt });
      if (h.startsAt >= from && h.startsAt < to) e.held += 1;
    }
    for (const e of entries) e.limit = Math.max(0, shiftLimit - e.held);
    return entries.sort((a, b) => a.origin.localeCompare(b.origin, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id);
  }

  // ---- Plans ----

  async propose(ctx: RequestContext, input: ProposePlan): Promise<PlanView> {
    const { actor, region } = await this.node(ctx, input.regionId);
    if (input.basedOn !== undefined) {
      const { plan } = await this.plan(ctx, input.basedOn);
      if (plan.region_id !== region.id) throw new AppError('ALLOCATION_INVALID', '重新计算只能基于同一区域的方案');
      if (plan.status !== 'proposed' || plan.expires_at.getTime() <= Date.now()) throw unavailable();
    }
    const started = performance.now();
    const excludedShifts = new Set(input.excludeShiftIds);
    const excludedPeople = new Set(input.excludePersonIds);
    const allGaps = await this.gaps(region, input);
    const gaps = allGaps.filter((g) => !excludedShifts.has(g.id));
    const everyone = await this.poolOf(region, input, input.shiftLimit);
    const pool = everyone.filter((p) => !excludedPeople.has(p.id));
    const excludedNames = everyone.filter((p) => excludedPeople.has(p.id)).map((p) => ({ personId: p.id, personName: p.name }));
    // Shifts whose gap has closed meanwhile are no longer excluded from anything: they drop out.
    const excludedLabels = allGaps
      .filter((g) => excludedShifts.has(g.id))
      .map((g) => ({ shiftId: g.id, label: g.label, startsAt: g.startsAt.toISOString(), endsAt: g.endsAt.toISOString() }));

    const outcome = await planner.plan({
      shifts: gaps.map(({ id, path, latitude, longitude, startsAt, endsAt, gap, requiredSkills, risk, keySite, communityGapRatio }) => ({
        id, path, latitude, longitude, startsAt, endsAt, gap, requiredSkills, risk, keySite, communityGapRatio,
      })),
      people: pool.map(({ id, path, latitude, longitude, skills, availableDays, availablePeriods, limit, holds }) => ({
        id, path, latitude, longitude, skills, availableDays, availablePeriods, limit, holds,
      })),
      weights: input.weights,
      budget: this.budget,
    });
    const items = outcome.assignments.map((a) => {
      const s = gaps[a.shift]!;
      const p = pool[a.person]!;
      return { shift_id: s.id, person_id: p.id, person_name: p.name, source: p.source, origin: p.origin, tier: a.tier, travel: a.travel, distance_m: a.distanceM };
    });
    const shifts = gaps.map((g, si) => ({
      shift_id: g.id,
      community_id: g.communityId,
      community_name: g.communityName,
      label: g.label,
      starts_at: g.startsAt,
      ends_at: g.endsAt,
      gap: g.gap,
      planned: outcome.filled[si]!,
      weight: outcome.weights[si]!,
      priority_reasons: outcome.reasons[si]!,
      uncovered_reason: outcome.uncovered[si]!,
    }));
    const tiers: Record<TravelTier, number> = { community: 0, street: 0, district: 0, city: 0 };
    for (const i of items) tiers[i.tier] += 1;
    const summary: PlanSummary = {
      shifts: gaps.length,
      gap: gaps.reduce((n, g) => n + g.gap, 0),
      planned: items.length,
      pool: pool.length,
      candidates: outcome.candidates,
      coverage: outcome.coverage,
      coverageUpperBound: outcome.coverageUpperBound,
      travel: outcome.travel,
      tiers,
      milliseconds: Math.round(performance.now() - started),
      certified: outcome.certified,
      exact: outcome.exact,
      rounds: outcome.rounds,
    };
    const id = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      if (input.basedOn !== undefined && !(await repo.decide(input.basedOn, 'superseded', actor.userId))) throw unavailable();
      const planId = await repo.insert({
        regionId: region.id,
        from: input.from,
        to: input.to,
        weights: input.weights,
        shiftLimit: input.shiftLimit,
        excludePeople: [...excludedPeople],
        excludeShifts: [...excludedShifts],
        basedOn: input.basedOn ?? null,
        summary: { ...summary, excludedPeople: excludedNames, excludedShifts: excludedLabels },
        ttlMinutes: PLAN_TTL_MINUTES,
        by: actor.userId,
      });
      await repo.insertShifts(planId, shifts);
      await repo.insertItems(planId, items);
      await audit(trx, ctx, {
        action: 'allocation.propose',
        entity: 'allocation_plan',
        entityId: planId,
        changes: { regionId: region.id, from: input.from, to: input.to, weights: input.weights, shiftLimit: input.shiftLimit, basedOn: input.basedOn ?? null, planned: items.length, gap: summary.gap },
      });
      return planId;
    });
    return this.view(id);
  }

  async get(ctx: RequestContext, id: number): Promise<PlanView> {
    await this.plan(ctx, id);
    return this.view(id);
  }

  async list(ctx: RequestContext, query: PlansQuery): Promise<PlanPage> {
    const { actor } = await this.node(ctx, query.regionId);
    const { rows, total } = await this.repo.list(this.scope(actor), query.regionId, query.limit, query.offset);
    return { items: rows.map(listItem), total };
  }

  async publish(ctx: RequestContext, id: number): Promise<PlanView> {
    const { actor, plan } = await this.plan(ctx, id);
    if (plan.status !== 'proposed' || plan.expires_at.getTime() <= Date.now()) throw unavailable();
    const items = await this.repo.itemsOf(id);
    await this.duty.assignPlanned(
      ctx,
      items.map((i) => ({ shiftId: i.shift_id, personId: i.person_id })),
      {
        claim: async (trx) => {
          if (!(await this.repo.with(trx).decide(id, 'published', actor.userId))) throw unavailable();
        },
        record: async (trx, outcomes: PlannedOutcome[]) => {
          await this.repo.with(trx).recordOutcomes(id, outcomes);
          const assigned = outcomes.filter((o) => o.signupId !== null).length;
          await audit(trx, ctx, { action: 'allocation.publish', entity: 'allocation_plan', entityId: id, changes: { assigned, skipped: outcomes.length - assigned } });
        },
      },
    );
    return this.view(id);
  }

  async discard(ctx: RequestContext, id: number): Promise<PlanView> {
    const { actor } = await this.plan(ctx, id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).decide(id, 'discarded', actor.userId))) throw unavailable();
      await audit(trx, ctx, { action: 'allocation.discard', entity: 'allocation_plan', entityId: id });
    });
    return this.view(id);
  }

  /** Marks lapsed proposals expired; run on main.ts's clock. */
  async expirePlans(): Promise<number> {
    return this.repo.expire();
  }

  /** The 力量调配方案 ledger: who goes where and why, and what stays open. */
  async export(ctx: RequestContext, id: number): Promise<{ file: Buffer; name: string }> {
    await this.plan(ctx, id);
    const view = await this.view(id);
    await audit(this.db, ctx, { action: 'allocation.export', entity: 'allocation_plan', entityId: id });
    const when = (s: { startsAt: string; endsAt: string }) => `${chinaDateTime(s.startsAt)}–${chinaClock(s.endsAt)}`;
    const reasons = (r: PriorityReason[]) => r.map((x) => priorityReason.label(x)).join('、');
    const assignments = view.communities.flatMap((c) =>
      c.shifts.flatMap((s) =>
        s.items.map((i) => [
          c.communityName,
          s.label,
          when(s),
          i.personName,
          poolSource.label(i.source),
          i.origin,
          travelTier.label(i.tier),
          i.distanceKm ?? '',
          reasons(s.priorityReasons),
          i.outcome ? itemOutcome.label(i.outcome) : '',
          i.outcomeNote ?? '',
        ]),
      ),
    );
    const open = view.communities.flatMap((c) =>
      c.shifts
        .filter((s) => s.planned < s.gap)
        .map((s) => [c.communityName, s.label, when(s), s.gap, s.planned, s.gap - s.planned, reasons(s.priorityReasons), s.uncoveredReason ? uncoveredReason.label(s.uncoveredReason) : '']),
    );
    const title = `${view.regionName} 力量调配方案（${view.from} 至 ${view.to}；${planStatus.label(view.status)}；缺口 ${view.summary.gap} 人，拟派 ${view.summary.planned} 人）`;
    const file = await writeLedger([
      {
        name: '调配方案',
        title,
        columns: [
          { header: '社区', width: 18 },
          { header: '岗位', width: 28 },
          { header: '时间', width: 24 },
          { header: '姓名' },
          { header: '来源', width: 14 },
          { header: '所在社区/派出单位', width: 22 },
          { header: '距离层级' },
          { header: '距离（公里）' },
          { header: '优先原因', width: 22 },
          { header: '发布结果' },
          { header: '说明', width: 30 },
        ],
        rows: assignments,
      },
      {
        name: '未补足缺口',
        title: `${view.regionName} 调配后仍有缺口的班次`,
        columns: [
          { header: '社区', width: 18 },
          { header: '岗位', width: 28 },
          { header: '时间', width: 24 },
          { header: '缺口' },
          { header: '拟派' },
          { header: '仍缺' },
          { header: '优先原因', width: 22 },
          { header: '原因', width: 36 },
        ],
        rows: open,
      },
    ]);
    return { file, name: `${view.regionName}-力量调配方案-${view.id}.xlsx` };
  }

  private async view(id: number): Promise<PlanView> {
    const plan = (await this.repo.find(id))!;
    const [shifts, items] = await Promise.all([this.repo.shiftsOf(id), this.repo.itemsOf(id)]);
    const stored = plan.summary as Pick<PlanView, 'excludedPeople' | 'excludedShifts'>;
    return {
      ...listItem(plan),
      weights: plan.weights,
      shiftLimit: plan.shift_limit,
      excludedPeople: stored.excludedPeople,
      excludedShifts: stored.excludedShifts,
      basedOn: plan.based_on,
      communities: communitiesOf(shifts, items),
    };
  }
}

/** [from 00:00, to+1 00:00) in China time. */
function rangeOf(range: Pick<AllocationQuery, 'from' | 'to'>): { from: Date; to: Date } {
  const at = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00+08:00`) + days * DAY_MS);
  return { from: at(range.from, 0), to: at(range.to, 1) };
}

function gapView(g: Gap, weights: PriorityWeights): GapShift {
  const { weight, reasons } = priorityOf(g, weights);
  return {
    shiftId: g.id,
    post: g.row.post,
    title: g.row.title,
    communityId: g.communityId,
    communityName: g.communityName,
    siteName: g.row.site_name,
    keySite: g.keySite,
    startsAt: g.startsAt.toISOString(),
    endsAt: g.endsAt.toISOString(),
    headcount: g.row.headcount,
    filled: g.row.filled,
    gap: g.gap,
    requiredSkills: g.row.required_skills,
    risk: g.risk,
    communityGapRatio: Math.round(g.communityGapRatio * 1000) / 1000,
    weight,
    priorityReasons: reasons,
  };
}

function poolView(p: PoolEntry): PoolMember {
  return {
    personId: p.id,
    personName: p.name,
    phone: p.phone,
    source: p.source,
    origin: p.origin,
    placeName: p.placeName,
    skills: [...p.skills],
    availableDays: [...p.availableDays],
    availablePeriods: [...p.availablePeriods],
    heldShifts: p.held,
  };
}

function listItem(plan: PlanRow): PlanListItem {
  const expired = plan.status === 'proposed' && plan.expires_at.getTime() <= Date.now();
  const { excludedPeople: _people, excludedShifts: _shifts, ...summary } = plan.summary as PlanSummary & Record<'excludedPeople' | 'excludedShifts', unknown>;
  return {
    id: plan.id,
    regionId: plan.region_id,
    regionName: plan.region_name,
    from: plan.from_date,
    to: plan.to_date,
    // The clock marks lapsed plans within a minute; the view does not wait for it.
    status: expired ? 'expired' : plan.status,
    createdAt: plan.created_at.toISOString(),
    createdBy: plan.created_by_name,
    expiresAt: plan.expires_at.toISOString(),
    decidedAt: plan.decided_at?.toISOString() ?? null,
    summary,
  };
}

function communitiesOf(shifts: PlanShiftRow[], items: PlanItemRow[]): PlanCommunityView[] {
  const itemsOf = new Map<number, PlanItemRow[]>();
  for (const i of items) {
    const list = itemsOf.get(i.shift_id);
    if (list) list.push(i);
    else itemsOf.set(i.shift_id, [i]);
  }
  const communities = new Map<number, PlanCommunityView>();
  for (const s of shifts) {
    const c = communities.get(s.community_id) ?? { communityId: s.community_id, communityName: s.community_name, gap: 0, planned: 0, shifts: [] };
    c.gap += s.gap;
    c.planned += s.planned;
    c.shifts.push({
      shiftId: s.shift_id,
      label: s.label,
      startsAt: s.starts_at.toISOString(),
      endsAt: s.ends_at.toISOString(),
      gap: s.gap,
      planned: s.planned,
      weight: s.weight,
      priorityReasons: s.priority_reasons as PriorityReason[],
      uncoveredReason: s.uncovered_reason as UncoveredReason | null,
      items: (itemsOf.get(s.shift_id) ?? []).map((i) => ({
        shiftId: i.shift_id,
        personId: i.person_id,
        personName: i.person_name,
        source: i.source,
        origin: i.origin,
        tier: i.tier,
        distanceKm: i.distance_m === null ? null : Math.round(i.distance_m / 100) / 10,
        outcome: i.outcome,
        outcomeNote: i.outcome_note,
      })),
    });
    communities.set(s.community_id, c);
  }
  // Neediest first: what is left open, then the gap.
  return [...communities.values()].sort((a, b) => b.gap - b.planned - (a.gap - a.planned) || b.gap - a.gap || a.communityName.localeCompare(b.communityName, 'zh-CN'));
}
