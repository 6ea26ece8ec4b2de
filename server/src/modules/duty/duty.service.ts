import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  CHINA_OFFSET,
  post as postLabels,
  regionLevel as regionLevelLabels,
  riskLevel as riskLabels,
  riskZoneLedgerColumns,
  signupStatus as signupLabels,
  type AssignRequest,
  type CertifyRequest,
  type CertifyResult,
  type CheckinRequest,
  type CreateNeedRequest,
  type CreateRiskZoneRequest,
  type CreateSiteRequest,
  type Gaps,
  type GapRow,
  type Roster,
  type RosterQuery,
  type ServiceLedger,
  type UpdateShiftRequest,
  type UpdateSiteRequest,
  type MyShift,
  type NeedView,
  type NeedsQuery,
  type OpenShift,
  type RiskZoneView,
  type RiskZonesQuery,
  type ShiftSchedule,
  type ShiftView,
  type SignupView,
  type SiteView,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { ancestorPaths, covers, type Actor, type Scope } from '../../platform/access.js';
import { audit, auditMany } from '../../platform/audit.js';
import { signedIn, type RequestContext, type SignedInContext } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { maskPhone } from '../../platform/masking.js';
import { writeLedger } from '../../platform/excel.js';
import { groupBy } from '../../platform/group.js';
import { chinaClock, chinaDate, chinaDateTime, chinaDateTimeOrBlank } from '../../platform/china-time.js';
import type { PeopleService } from '../people/people.service.js';
import type { TeamsService } from '../teams/teams.service.js';
import type { TemporaryBranchesService } from '../temporary-branches/temporary-branches.service.js';
import type { EnrolmentRef } from '../enrolment/enrolment.repository.js';
import type { EnrolmentService } from '../enrolment/enrolment.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PairingService } from '../pairing/pairing.service.js';
import { chinaMidnight, DutyRepository, type NewShift, type PlannableShiftRow, type RiskZoneFilter, type RiskZoneLedgerRow, type RiskZoneRow, type RegionRef, type ShiftRow, type SignupRow } from './duty.repository.js';

/** Cancelling closer to the start than this is recorded as a late cancellation. */
export const LATE_CANCEL_HOURS = 12;
/** A member may check in this long before the shift starts. */
export const EARLY_CHECKIN_MINUTES = 30;
/** No check-in this long after the start: a no-show. */
export const NO_SHOW_GRACE_MINUTES = 30;

const outOfScope = () => forbidden('该区域不在您的管辖范围内');

/** Column widths of the 风险区域台账 that differ from the usual 18. */
const riskZoneLedgerWidths: Partial<Record<(typeof riskZoneLedgerColumns)[number], number>> = { 区域: 48, 原因: 30, 划定人: 12, 解除人: 12 };

/**
 * Duty (值守): risk zones, sites, needs and their shifts, sign-ups and assignments, check-in and
 * certified hours. Headcount, "no overlapping shifts for one person" and "one sign-up per shift"
 * hold in the database (conditional update on shift.filled under the shift's row lock, an
 * exclusion constraint, a unique index); this service adds the rules that need other modules:
 * who is enrolled where, and with which skills.
 */
export class DutyService {
  private readonly repo: DutyRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly enrolment: EnrolmentService,
    private readonly notifications: NotificationsService,
    private readonly people: PeopleService,
    private readonly teams: TeamsService,
    private readonly branches: TemporaryBranchesService,
    private readonly pairing: PairingService,
  ) {
    this.repo = new DutyRepository(db);
  }

  private async regionIn(scope: Scope, id: number): Promise<RegionRef> {
    const region = await this.repo.region(id);
    if (!region) throw notFound('区域');
    if (!covers(scope, region.path)) throw outOfScope();
    return region;
  }

  // ---- Risk zones ----

  /** Designations are a district's or street's call: only grants at those levels (or above) count. */
  private riskScope(actor: Actor): Scope {
    actor.require('risk_zone.write');
    const scope = actor.regionScope('risk_zone.write');
    if (scope.all) return scope;
    return { all: false, paths: scope.paths.filter((p) => p.split('.').length <= 4) };
  }

  async designate(ctx: RequestContext, input: CreateRiskZoneRequest): Promise<RiskZoneView> {
    const { actor } = signedIn(ctx);
    const scope = this.riskScope(actor);
    const region = await this.regionIn(scope, input.regionId);
    if (!['community', 'grid', 'building'].includes(region.level)) {
      throw new AppError('DUTY_INVALID', '风险区域只能划定到社区、网格或楼栋');
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const zoneId = await this.repo.with(trx).insertRiskZone({
        regionId: region.id,
        level: input.level,
        startsAt: input.startsAt,
        endsAt: input.endsAt ?? null,
        reason: input.reason || null,
        by: actor.userId,
      });
      await audit(trx, ctx, { action: 'risk_zone.designate', entity: 'risk_zone', entityId: zoneId, changes: { regionId: region.id, level: input.level, startsAt: input.startsAt, endsAt: input.endsAt ?? null } });
      return zoneId;
    });
    return this.riskZoneView(id);
  }

  async lift(ctx: RequestContext, id: number): Promise<RiskZoneView> {
    const { actor } = signedIn(ctx);
    const scope = this.riskScope(actor);
    const zone = await this.repo.riskZone(id);
    if (!zone) throw notFound('风险区域');
    if (!covers(scope, zone.region_path)) throw outOfScope();
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).liftRiskZone(id, actor.userId))) throw new AppError('INVALID_STATE', '该风险区域已结束');
      await audit(trx, ctx, { action: 'risk_zone.lift', entity: 'risk_zone', entityId: id });
    });
    return this.riskZoneView(id);
  }

  /** Anyone who reads the region tree sees its risk zones: communities watch what districts and streets designate. */
  private async riskZoneFilter(ctx: RequestContext, query: RiskZonesQuery): Promise<{ scope: Scope; region?: RegionRef; filter: RiskZoneFilter }> {
    const { actor } = signedIn(ctx);
    actor.require('region.read');
    const scope = actor.regionScope('region.read');
    const region = query.regionId ? await this.regionIn(scope, query.regionId) : undefined;
    return { scope, region, filter: { underPath: region?.path, current: query.current === undefined ? undefined : query.current === 'true' } };
  }

  async riskZones(ctx: RequestContext, query: RiskZonesQuery): Promise<RiskZoneView[]> {
    const { scope, filter } = await this.riskZoneFilter(ctx, query);
    return this.riskZoneViews(await this.repo.riskZonesIn(scope, filter));
  }

  /** The 风险区域台账: the list's designations under its filters, with the whole region path and how each one stands. */
  async riskZonesExport(ctx: RequestContext, query: RiskZonesQuery): Promise<{ file: Buffer; name: string }> {
    const { scope, region, filter } = await this.riskZoneFilter(ctx, query);
    const rows = await this.repo.riskZoneLedger(scope, filter);
    await audit(this.db, ctx, { action: 'risk_zone.export', entity: 'region', entityId: region?.id ?? null, detail: `${rows.length} zones${query.current ? `, current=${query.current}` : ''}` });
    // Lifting ends a zone early, so `lifted` comes first; a zone lifted before it began is lifted, not upcoming.
    const status = (z: RiskZoneLedgerRow) => (z.lifted ? '已解除' : z.current ? '生效中' : z.upcoming ? '未生效' : '已结束');
    const today = chinaDate(new Date());
    const file = await writeLedger([
      {
        name: '风险区域台账',
        title: `${region ? `${region.name} ` : ''}风险区域台账（${today}）`,
        columns: riskZoneLedgerColumns.map((header) => ({ header, width: riskZoneLedgerWidths[header] ?? 18 })),
        rows: rows.map((z) => [
          z.region_path_names,
          regionLevelLabels.label(z.region_level),
          riskLabels.label(z.level),
          chinaDateTime(z.starts_at),
          chinaDateTimeOrBlank(z.ends_at),
          status(z),
          z.reason ?? '',
          z.designated_by_name ?? '',
          z.lifted_by_name ?? '',
        ]),
      },
    ]);
    return { file, name: `${region ? `${region.name}-` : ''}风险区域台账-${today}.xlsx` };
  }

  private async riskZoneView(id: number): Promise<RiskZoneView> {
    return (await this.riskZoneViews([(await this.repo.riskZone(id))!]))[0]!;
  }

  private async riskZoneViews(rows: RiskZoneRow[]): Promise<RiskZoneView[]> {
    const sealed = rows.filter((z) => z.current && z.level === 'sealed').map((z) => z.region_path);
    const served = await this.branches.coveredPaths(sealed);
    return rows.map((z) => ({
      id: z.id,
      regionId: z.region_id,
      regionName: z.region_name,
      regionLevel: z.region_level,
      level: z.level,
      startsAt: z.starts_at.toISOString(),
      endsAt: z.ends_at?.toISOString() ?? null,
      reason: z.reason,
      current: z.current,
      needsTemporaryBranch: z.current && z.level === 'sealed' && !served.has(z.region_path),
    }));
  }

  // ---- Sites ----

  async createSite(ctx: RequestContext, input: CreateSiteRequest): Promise<SiteView> {
    const { actor } = signedIn(ctx);
    actor.require('duty.post');
    const region = await this.regionIn(actor.regionScope('duty.post'), input.regionId);
    if (!['street', 'community', 'grid', 'building'].includes(region.level)) throw new AppError('DUTY_INVALID', '值守点应设在街道、社区、网格或楼栋之下');
    const token = randomBytes(18).toString('base64url');
    const id = await this.db.transaction().execute(async (trx) => {
      const keySite = input.keySite ?? false;
      const [latitude, longitude] = [input.latitude ?? null, input.longitude ?? null];
      const siteId = await this.repo.with(trx).insertSite({ regionId: region.id, name: input.name, address: input.address || null, token, keySite, latitude, longitude, by: actor.userId });
      await audit(trx, ctx, { action: 'site.create', entity: 'duty_site', entityId: siteId, changes: { regionId: region.id, name: input.name, keySite, latitude, longitude } });
      return siteId;
    });
    return siteView((await this.repo.site(id))!);
  }

  /** Marks a site as a key site (重点场所) or places it on the map: what allocation ranks and measures by. */
  async updateSite(ctx: RequestContext, id: number, input: UpdateSiteRequest): Promise<SiteView> {
    const { actor } = signedIn(ctx);
    actor.require('duty.post');
    const site = await this.repo.site(id);
    if (!site) throw notFound('值守点');
    if (!covers(actor.regionScope('duty.post'), site.region_path)) throw outOfScope();
    const patch = { key_site: input.keySite, latitude: input.latitude, longitude: input.longitude };
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).updateSite(id, patch);
      await audit(trx, ctx, { action: 'site.update', entity: 'duty_site', entityId: id, changes: patch });
    });
    return siteView((await this.repo.site(id))!);
  }

  async sites(ctx: RequestContext, regionId: number): Promise<SiteView[]> {
    const { actor } = signedIn(ctx);
    actor.require('duty.read');
    const region = await this.regionIn(actor.regionScope('duty.read'), regionId);
    return (await this.repo.sitesUnder(region.path)).map(siteView);
  }

  // ---- Needs and shifts ----

  async createNeed(ctx: RequestContext, input: CreateNeedRequest): Promise<NeedView> {
    const { actor } = signedIn(ctx);
    actor.require('duty.post');
    const region = await this.regionIn(actor.regionScope('duty.post'), input.regionId);
    if (region.level !== 'street' && region.level !== 'community') throw new AppError('DUTY_INVALID', '岗位需求由街道或社区发布');
    const site = await this.repo.site(input.siteId);
    if (!site || !(site.region_path === region.path || site.region_path.startsWith(`${region.path}.`))) {
      throw new AppError('DUTY_INVALID', `值守点不在“${region.name}”之下`);
    }
    const shifts = shiftsOf(input.schedule);
    if (Date.parse(shifts[0]!.endsAt) <= Date.now()) throw new AppError('DUTY_INVALID', '第一个班次已经结束，请调整日期或时间');
    const id = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const needId = await repo.insertNeed({
        regionId: region.id,
        siteId: site.id,
        post: input.post,
        title: input.title ?? null,
        headcount: input.headcount,
        requiredSkills: input.requiredSkills,
        notes: input.notes || null,
        by: actor.userId,
      });
      await repo.insertShifts(needId, input.headcount, shifts);
      await audit(trx, ctx, {
        action: 'need.create',
        entity: 'need',
        entityId: needId,
        changes: { regionId: region.id, siteId: site.id, post: input.post, headcount: input.headcount, shifts: shifts.length, schedule: input.schedule },
      });
      return needId;
    });
    return (await this.needViews([id]))[0]!;
  }

  async needs(ctx: RequestContext, query: NeedsQuery): Promise<{ items: NeedView[]; total: number }> {
    const { actor } = signedIn(ctx);
    actor.require('duty.read');
    const region = await this.regionIn(actor.regionScope('duty.read'), query.regionId);
    const { rows, total } = await this.repo.needsUnder(region.path, query.from, query.to, query.limit, query.offset);
    const shifts = await this.repo.shiftsOfNeeds(rows.map((r) => r.id));
    return {
      total,
      items: rows.map((n) => ({
        id: n.id,
        regionId: n.region_id,
        regionName: n.region_name,
        siteId: n.site_id,
        siteName: n.site_name,
        post: n.post,
        title: n.title,
        headcount: n.headcount,
        requiredSkills: n.required_skills,
        notes: n.notes,
        status: n.status,
        shifts: shifts.filter((s) => s.need_id === n.id).map(shiftView),
      })),
    };
  }

  private async needViews(ids: number[]): Promise<NeedView[]> {
    const shifts = await this.repo.shiftsOfNeeds(ids);
    return ids.map((id) => {
      const own = shifts.filter((s) => s.need_id === id);
      const first = own[0]!;
      return {
        id,
        regionId: first.region_id,
        regionName: first.region_name,
        siteId: first.site_id,
        siteName: first.site_name,
        post: first.post,
        title: first.title,
        headcount: first.headcount,
        requiredSkills: first.required_skills,
        notes: null,
        status: first.need_status,
        shifts: own.map(shiftView),
      };
    });
  }

  /** A shift with its sign-ups, for the community that posted it (phones masked). */
  async shift(ctx: RequestContext, id: number): Promise<{ shift: ShiftView; signups: SignupView[] }> {
    const { actor } = signedIn(ctx);
    actor.require('duty.read');
    const shift = await this.repo.shift(id);
    if (!shift) throw notFound('班次');
    if (!covers(actor.regionScope('duty.read'), shift.region_path)) throw outOfScope();
    const signups = await this.repo.signupsOfShifts([id]);
    return { shift: shiftView(shift), signups: signups.map((s) => signupView(s, false)) };
  }

  // ---- Sign-up and cancellation (the member) ----

  private async member(ctx: RequestContext): Promise<{ ctx: SignedInContext; personId: number; enrolment: EnrolmentRef }> {
    const signed = signedIn(ctx);
    const personId = signed.actor.personId;
    if (personId === null) throw forbidden('该账号未关联人员');
    const enrolment = await this.enrolment.confirmedOf(personId);
    if (!enrolment) throw new AppError('ENROLMENT_NOT_CONFIRMED', '请先到居住地社区报到，社区确认后即可报名');
    return { ctx: signed, personId, enrolment };
  }

  /** Open shifts from now on, the member's own community first, then its street, then its district. */
  async openShifts(ctx: RequestContext): Promise<OpenShift[]> {
    const { personId, enrolment } = await this.member(ctx);
    const [district, street] = nearby(enrolment.communityPath);
    const rows = await this.repo.openShiftsNear(enrolment.communityPath, street, district, 200);
    const mine = new Map((await this.repo.signupsOfPerson(personId, new Date())).map((s) => [s.shift_id, s.status]));
    return rows.map((s) => ({
      ...shiftView(s),
      tier: (['community', 'street', 'district'] as const)[s.tier]!,
      skillsMissing: s.required_skills.filter((k) => !enrolment.skills.includes(k)),
      mine: mine.get(s.id) ?? null,
    }));
  }

  async signUp(ctx: RequestContext, shiftId: number): Promise<MyShift> {
    const { ctx: signed, personId, enrolment } = await this.member(ctx);
    const [district] = nearby(enrolment.communityPath);
    const signupId = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const shift = await this.openShift(repo, shiftId);
      if (!(shift.region_path === district || shift.region_path.startsWith(`${district}.`))) {
        throw forbidden('只能报名所在区县内的班次');
      }
      requireSkills(shift, enrolment.skills, enrolment.personName);
      if (await repo.currentSignup(shiftId, personId)) throw new AppError('SIGNUP_EXISTS', '您已报名该班次');
      // A full shift keeps a waitlist; the first in line moves up when a place frees.
      const status = (await repo.takePlace(shiftId)) ? 'active' : 'waitlisted';
      const id = await insertOrOverlap(repo, { shiftId, personId, enrolmentId: enrolment.id, status, source: 'self' }, enrolment.personName);
      await audit(trx, signed, { action: 'signup.create', entity: 'signup', entityId: id, changes: { shiftId, status } });
      return id;
    });
    await this.enrolment.touch([enrolment.id]);
    return this.myShift(signupId);
  }

  async cancel(ctx: RequestContext, signupId: number): Promise<MyShift> {
    const signed = signedIn(ctx);
    const signup = await this.repo.signup(signupId);
    if (!signup || signup.person_id !== signed.actor.personId) throw notFound('报名记录');
    const promoted = await this.end(signed, signup, 'cancelled');
    await this.notifyPromoted(promoted);
    return this.myShift(signupId);
  }

  /** Ends a sign-up under the shift's lock and moves the first in line up when a place frees. */
  private async end(ctx: SignedInContext, signup: SignupRow, status: 'cancelled' | 'removed'): Promise<{ personId: number; shift: ShiftRow } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const shift = (await repo.lockShift(signup.shift_id))!;
      if (shift.starts_at.getTime() <= Date.now()) throw new AppError('INVALID_STATE', '班次已开始，不能再取消或移出');
      const late = status === 'cancelled' && shift.starts_at.getTime() - Date.now() < LATE_CANCEL_HOURS * 3_600_000;
      const before = await repo.endSignup(signup.id, status, late);
      if (!before) throw new AppError('INVALID_STATE', '该报名已取消或已移出');
      let promoted: { id: number; person_id: number } | undefined;
      if (before === 'active') {
        promoted = await repo.promoteFirst(shift.id);
        if (!promoted) await repo.releasePlace(shift.id);
      }
      await audit(trx, ctx, {
        action: status === 'cancelled' ? 'signup.cancel' : 'signup.remove',
        entity: 'signup',
        entityId: signup.id,
        changes: { shiftId: shift.id, from: before, lateCancel: late, promotedSignupId: promoted?.id ?? null },
      });
      return promoted && { personId: promoted.person_id, shift };
    });
  }

  private async notifyPromoted(promoted: { personId: number; shift: ShiftRow } | undefined): Promise<void> {
    if (!promoted) return;
    await this.notifications.notify(
      [{ personId: promoted.personId, kind: 'shift.promoted', title: '候补转正', body: `您已由候补转为正式报名：${describe(promoted.shift)}`, link: '/my-shifts' }],
      { sms: true },
    );
  }

  async myShifts(ctx: RequestContext): Promise<MyShift[]> {
    const { actor } = signedIn(ctx);
    if (actor.personId === null) return [];
    const since = new Date(Date.now() - 30 * 86_400_000);
    const signups = await this.repo.signupsOfPerson(actor.personId, since);
    const shifts = await this.repo.shiftsByIds(signups.map((s) => s.shift_id));
    return signups.map((s) => ({ shift: shiftView(shifts.get(s.shift_id)!), signup: signupView(s, true) }));
  }

  private async myShift(signupId: number): Promise<MyShift> {
    const signup = (await this.repo.signup(signupId))!;
    return { shift: shiftView((await this.repo.shift(signup.shift_id))!), signup: signupView(signup, true) };
  }

  private async openShift(repo: DutyRepository, shiftId: number): Promise<ShiftRow> {
    const shift = await repo.lockShift(shiftId);
    if (!shift) throw notFound('班次');
    const closed = closedRefusal(shift);
    if (closed) throw closed;
    return shift;
  }

  // ---- Assignment (the community) ----

  async assign(ctx: RequestContext, shiftId: number, input: AssignRequest): Promise<{ shift: ShiftView; signups: SignupView[] }> {
    const { actor } = signedIn(ctx);
    actor.require('duty.post');
    const scope = actor.regionScope('duty.post');
    const target = await this.repo.shift(shiftId);
    if (!target) throw notFound('班次');
    if (!covers(scope, target.region_path)) throw outOfScope();
    const teamId = input.teamId ?? null;
    const personIds = teamId === null ? [...new Set(input.personIds ?? [])] : await this.teamOnDuty(scope, teamId);
    const deployable = await this.deployable(scope, personIds);
    for (const personId of personIds) {
      if (!deployable.has(personId)) throw notDeployable(personId);
    }
    const ids = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const shift = await this.openShift(repo, shiftId);
      const created: number[] = [];
      for (const personId of personIds) {
        const m = deployable.get(personId)!;
        // Assignment never waitlists: the community sees at once that the shift is full.
        created.push(await placeOn(repo, shift, m, { teamId, by: actor.userId }));
      }
      await audit(trx, ctx, { action: 'signup.assign', entity: 'shift', entityId: shiftId, changes: { personIds, teamId, signupIds: created } });
      return created;
    });
    await this.enrolment.touch([...deployable.values()].flatMap((m) => m.enrolmentId ?? []));
    await this.notifications.notify(
      personIds.map((personId) => ({ personId, kind: 'shift.assigned', title: '您有新的值守任务', body: describe(target), link: '/my-shifts' })),
      { sms: true },
    );
    const signups = await this.repo.signupsOfShifts([shiftId]);
    return { shift: shiftView((await this.repo.shift(shiftId))!), signups: signups.filter((s) => ids.includes(s.id)).map((s) => signupView(s, false)) };
  }

  /**
   * Who the holder of `scope` may put on duty, among these people: confirmed enrolled members of
   * communities in scope, and people a unit offers (through a confirmed pairing's teams) to a
   * place in scope. Enrolment wins where both apply: it is where the member's service is credited.
   */
  private async deployable(scope: Scope, personIds: readonly number[]): Promise<Map<number, Deployable>> {
    const found = new Map<number, Deployable>();
    for (const m of await this.enrolment.confirmedOfPeople(personIds)) {
      if (covers(scope, m.communityPath)) found.set(m.personId, { personId: m.personId, personName: m.personName, enrolmentId: m.id, skills: m.skills });
    }
    const wanted = new Set(personIds.filter((id) => !found.has(id)));
    if (wanted.size === 0) return found;
    const offered = (await this.pairing.offeredPeople(scope)).filter((o) => wanted.has(o.personId));
    const skills = await this.people.skillsOf(offered.map((o) => o.personId));
    for (const o of offered) found.set(o.personId, { personId: o.personId, personName: o.personName, enrolmentId: null, skills: skills.get(o.personId) ?? [] });
    return found;
  }

  /**
   * Publishes an allocation plan's assignments under the same rules as `assign`, but item by
   * item: whatever no longer holds (the shift filled up or started, the member took an
   * overlapping shift, left their community) is skipped with the rule's code, and the rest is
   * assigned. `claim` runs first in the same transaction (the plan refuses a second publish) and
   * `record` last, with the outcomes, so the plan and the sign-ups commit together.
   */
  async assignPlanned(
    ctx: RequestContext,
    items: ReadonlyArray<{ shiftId: number; personId: number }>,
    hooks: { claim(trx: Kysely<DB>): Promise<void>; record(trx: Kysely<DB>, outcomes: PlannedOutcome[]): Promise<void> },
  ): Promise<PlannedOutcome[]> {
    const { actor } = signedIn(ctx);
    actor.require('duty.post');
    const scope = actor.regionScope('duty.post');
    const known = await this.repo.shiftsByIds(items.map((i) => i.shiftId));
    const deployable = await this.deployable(scope, [...new Set(items.map((i) => i.personId))]);
    const ordered = [...items].sort((a, b) => a.shiftId - b.shiftId || a.personId - b.personId);
    const outcomes = await this.db.transaction().execute(async (trx) => {
      await hooks.claim(trx);
      const repo = this.repo.with(trx);
      // Every shift of the plan locked at once, in id order, so concurrent publishes queue rather
      // than deadlock; with the rows held, their places and sign-ups cannot change under us.
      const locked = await repo.lockShifts([...new Set(ordered.map((i) => i.shiftId))].filter((id) => covers(scope, known.get(id)?.region_path ?? '')));
      const refusals = new Map<string, AppError>();
      const candidates: Array<{ shiftId: number; personId: number; shift: ShiftRow; m: Deployable }> = [];
      for (const item of ordered) {
        const shift = locked.get(item.shiftId);
        const m = deployable.get(item.personId);
        const refused = !known.has(item.shiftId) ? notFound('班次') : !shift ? outOfScope() : (closedRefusal(shift) ?? (!m ? notDeployable(item.personId) : skillsRefusal(shift, m.skills, m.personName)));
        if (refused) refusals.set(pairKey(item), refused);
        else candidates.push({ ...item, shift: shift!, m: m! });
      }
      for (const r of await repo.pairsSignedUp(candidates)) refusals.set(pairKey({ shiftId: r.shift_id, personId: r.person_id }), alreadyOn(deployable.get(r.person_id)!.personName));
      const plannable = candidates.filter((c) => !refusals.has(pairKey(c)));
      let inserted: Array<{ id: number; shift_id: number; person_id: number }> = [];
      // Overlaps are read, then the exclusion constraint decides: a sign-up committed elsewhere in
      // between makes the insert fail, and the next attempt reads it.
      for (let attempt = 1; ; attempt++) {
        const busy = new Set((await repo.pairsOverlapping(plannable)).map((r) => pairKey({ shiftId: r.shift_id, personId: r.person_id })));
        const { accepted, refused, taken } = placesFor(plannable, busy);
        await sql`SAVEPOINT planned_items`.execute(trx);
        try {
          if ((await repo.takePlaces(taken)) !== taken.size) throw new Error('assignPlanned: places counted under lock were not there');
          inserted = await repo.insertAssignments(
            accepted.map((a) => ({ shiftId: a.shiftId, personId: a.personId, enrolmentId: a.m.enrolmentId })),
            actor.userId,
          );
          await sql`RELEASE SAVEPOINT planned_items`.execute(trx);
          for (const [key, error] of refused) refusals.set(key, error);
          break;
        } catch (error) {
          await sql`ROLLBACK TO SAVEPOINT planned_items`.execute(trx);
          // Each failure is a newly committed sign-up of one of these members, which the next read excludes.
          if (!isOverlapRefusal(error) || attempt > plannable.length) throw error;
        }
      }
      const signupOf = new Map(inserted.map((r) => [pairKey({ shiftId: r.shift_id, personId: r.person_id }), r.id]));
      const done: PlannedOutcome[] = items.map((item) => {
        const refused = refusals.get(pairKey(item));
        return { ...item, signupId: signupOf.get(pairKey(item)) ?? null, code: refused?.code ?? null, note: refused?.message ?? null };
      });
      const byShift = groupBy(
        done.filter((o) => o.signupId !== null),
        (o) => o.shiftId,
      );
      await auditMany(
        trx,
        ctx,
        [...byShift].map(([shiftId, group]) => ({
          action: 'signup.assign_planned',
          entity: 'shift',
          entityId: shiftId,
          changes: { personIds: group.map((o) => o.personId), signupIds: group.map((o) => o.signupId) },
        })),
      );
      await hooks.record(trx, done);
      return done;
    });
    const assigned = outcomes.filter((o) => o.signupId !== null);
    await this.enrolment.touch(assigned.flatMap((o) => deployable.get(o.personId)?.enrolmentId ?? []));
    await this.notifications.notify(
      assigned.map((o) => ({ personId: o.personId, kind: 'shift.assigned', title: '您有新的值守任务', body: describe(known.get(o.shiftId)!), link: '/my-shifts' })),
      { sms: true },
    );
    return outcomes;
  }

  /** Open shifts starting in [from, to) under a region path (the caller authorizes the path). */
  async plannableShifts(path: string, from: Date, to: Date): Promise<PlannableShiftRow[]> {
    return this.repo.plannableShifts(path, from, to);
  }

  /** The active shifts these people hold overlapping [from, to) (the caller has placed them). */
  async heldShifts(personIds: readonly number[], from: Date, to: Date): Promise<Array<{ personId: number; shiftId: number; startsAt: Date; endsAt: Date }>> {
    return (await this.repo.heldShifts(personIds, from, to)).map((r) => ({ personId: r.person_id, shiftId: r.shift_id, startsAt: r.starts_at, endsAt: r.ends_at }));
  }

  /** The current members of a team the community keeps, assigned as a whole. */
  private async teamOnDuty(scope: Scope, teamId: number): Promise<number[]> {
    const team = (await this.teams.viewsOf([teamId]))[0];
    if (!team) throw notFound('队伍');
    if (team.status !== 'active') throw new AppError('TEAM_INVALID', `“${team.name}”已解散`);
    const owner = team.ownerRegionId === null ? undefined : await this.repo.region(team.ownerRegionId);
    if (!owner || !covers(scope, owner.path)) throw new AppError('TEAM_INVALID', `“${team.name}”不是本辖区的队伍`);
    const current = team.members.filter((m) => m.leftAt === null).map((m) => m.personId);
    if (current.length === 0) throw new AppError('TEAM_INVALID', `“${team.name}”没有在队成员`);
    return current;
  }

  async remove(ctx: RequestContext, signupId: number): Promise<SignupView> {
    const signed = signedIn(ctx);
    signed.actor.require('duty.post');
    const signup = await this.repo.signup(signupId);
    if (!signup) throw notFound('报名记录');
    const shift = (await this.repo.shift(signup.shift_id))!;
    if (!covers(signed.actor.regionScope('duty.post'), shift.region_path)) throw outOfScope();
    const promoted = await this.end(signed, signup, 'removed');
    await this.notifications.notify(
      [{ personId: signup.person_id, kind: 'shift.removed', title: '值守安排变更', body: `您已被移出班次：${describe(shift)}`, link: '/my-shifts' }],
      { sms: true },
    );
    await this.notifyPromoted(promoted);
    return signupView((await this.repo.signup(signupId))!, false);
  }

  // ---- Check-in, presence, certification ----

  /** The member scanned the site's code: check in to (or out of) their shift there now. */
  async checkin(ctx: RequestContext, input: CheckinRequest): Promise<MyShift> {
    const signed = signedIn(ctx);
    const personId = signed.actor.personId;
    if (personId === null) throw forbidden('该账号未关联人员');
    const site = await this.repo.siteByToken(input.token);
    if (!site) throw new AppError('CHECKIN_INVALID', '签到码无效');
    const signup = await this.repo.signupAtSiteNow(site.id, personId, EARLY_CHECKIN_MINUTES);
    if (!signup) throw new AppError('CHECKIN_INVALID', `您在“${site.name}”当前没有班次（班次开始前 ${EARLY_CHECKIN_MINUTES} 分钟起可签到）`);
    await this.presence(signed, signup.id, input.action, null);
    return this.myShift(signup.id);
  }

  /** The shift leader (or the community) marks a member present or gone. */
  async markPresence(ctx: RequestContext, signupId: number, action: 'in' | 'out'): Promise<SignupView> {
    const signed = signedIn(ctx);
    const signup = await this.repo.signup(signupId);
    if (!signup) throw notFound('报名记录');
    const shift = (await this.repo.shift(signup.shift_id))!;
    const leader = shift.leader_person_id !== null && shift.leader_person_id === signed.actor.personId;
    if (!leader && !(signed.actor.has('duty.post') && covers(signed.actor.regionScope('duty.post'), shift.region_path))) throw outOfScope();
    await this.presence(signed, signupId, action, signed.actor.userId);
    return signupView((await this.repo.signup(signupId))!, false);
  }

  private async presence(ctx: SignedInContext, signupId: number, action: 'in' | 'out', by: number | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).setCheckin(signupId, action, by))) {
        throw new AppError('INVALID_STATE', action === 'in' ? '已签到，或报名不在有效状态' : '尚未签到，或已签退');
      }
      await audit(trx, ctx, { action: action === 'in' ? 'signup.checkin' : 'signup.checkout', entity: 'signup', entityId: signupId, detail: by ? 'marked by leader' : 'by site code' });
    });
  }

  /** Certifies hours in bulk; sign-ups outside the actor's scope or not checked out are skipped with a reason. */
  async certify(ctx: RequestContext, input: CertifyRequest): Promise<CertifyResult> {
    const { actor } = signedIn(ctx);
    actor.require('duty.post');
    const scope = actor.regionScope('duty.post');
    const ids = [...new Set(input.signupIds)];
    const skipped: CertifyResult['skipped'] = [];
    const eligible: number[] = [];
    const signups = new Map((await this.repo.signupsByIds(ids)).map((s) => [s.id, s]));
    const shifts = await this.repo.shiftsByIds([...signups.values()].map((s) => s.shift_id));
    for (const id of ids) {
      const signup = signups.get(id);
      const shift = signup && shifts.get(signup.shift_id);
      if (!signup || !shift || !covers(scope, shift.region_path)) skipped.push({ signupId: id, reason: '不存在或不在管辖范围内' });
      else if (signup.status !== 'active') skipped.push({ signupId: id, reason: '报名已取消或已移出' });
      else if (signup.certified_at) skipped.push({ signupId: id, reason: '已认定' });
      else if (input.hours === undefined && signup.hours === null) skipped.push({ signupId: id, reason: '尚未签退，无实测时长' });
      else eligible.push(id);
    }
    if (eligible.length === 0) return { certified: 0, skipped };
    const certified = await this.db.transaction().execute(async (trx) => {
      const done = await this.repo.with(trx).certify(eligible, input.hours, actor.userId);
      await audit(trx, ctx, { action: 'signup.certify', entity: 'signup', entityId: null, changes: { signupIds: done, hours: input.hours ?? 'measured' } });
      return done;
    });
    for (const id of eligible) if (!certified.includes(id)) skipped.push({ signupId: id, reason: '状态已变化' });
    return { certified: certified.length, skipped };
  }

  // ---- Changing a shift (the community) ----

  /**
   * Changes headcount, window or leader, or cancels a shift; the members on it are told. Fewer
   * places than people already on it is refused: the community removes someone first.
   */
  async updateShift(ctx: RequestContext, id: number, input: UpdateShiftRequest): Promise<ShiftView> {
    const { actor } = signedIn(ctx);
    actor.require('duty.post');
    const before = await this.repo.shift(id);
    if (!before) throw notFound('班次');
    if (!covers(actor.regionScope('duty.post'), before.region_path)) throw outOfScope();
    const { told, promoted } = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const shift = await this.openShift(repo, id);
      if (input.cancelled) {
        await repo.updateShift(id, { status: 'cancelled' });
        const told = await repo.endAllSignups(id);
        await audit(trx, ctx, { action: 'shift.cancel', entity: 'shift', entityId: id, changes: { endedSignups: told.length } });
        return { told, promoted: [] };
      }
      if (input.headcount !== undefined && input.headcount < shift.filled) {
        throw new AppError('DUTY_INVALID', `已有 ${shift.filled} 人报名，人数不能少于 ${shift.filled}`);
      }
      if (input.leaderPersonId != null && !(await repo.currentPeople(id)).includes(input.leaderPersonId)) {
        throw new AppError('DUTY_INVALID', '带班负责人须是该班次已报名的人员');
      }
      await repo.updateShift(id, input);
      if (input.startsAt) await repo.realignSignups(id);
      const promoted = input.headcount !== undefined && input.headcount > shift.filled ? await repo.promoteIntoFreePlaces(id) : [];
      await audit(trx, ctx, {
        action: 'shift.update',
        entity: 'shift',
        entityId: id,
        changes: {
          ...(input.headcount !== undefined ? { headcount: [shift.headcount, input.headcount] } : {}),
          ...(input.startsAt ? { startsAt: [shift.starts_at.toISOString(), input.startsAt], endsAt: [shift.ends_at.toISOString(), input.endsAt] } : {}),
          ...(input.leaderPersonId !== undefined ? { leaderPersonId: [shift.leader_person_id, input.leaderPersonId] } : {}),
          ...(promoted.length ? { promoted } : {}),
        },
      });
      return { told: input.startsAt ? await repo.currentPeople(id) : [], promoted };
    });
    const after = (await this.repo.shift(id))!;
    await this.notifications.notify(
      [
        ...told.map((personId) => ({
          personId,
          kind: input.cancelled ? 'shift.cancelled' : 'shift.changed',
          title: input.cancelled ? '班次已取消' : '班次时间变更',
          body: describe(after),
          link: '/my-shifts',
        })),
        ...promoted.map((personId) => ({ personId, kind: 'shift.promoted', title: '候补转正', body: `您已由候补转为正式报名：${describe(after)}`, link: '/my-shifts' })),
      ],
      { sms: true },
    );
    return shiftView(after);
  }

  /** Reminds members of shifts starting within `minutes`, once each; run on a timer by main.ts. */
  async sendReminders(minutes = 120): Promise<number> {
    const due = await this.db.transaction().execute((trx) => this.repo.with(trx).claimReminders(minutes));
    const shifts = await this.repo.shiftsByIds(due.map((d) => d.shift_id));
    await this.notifications.notify(
      due.map((d) => ({ personId: d.person_id, kind: 'shift.reminder', title: '值守提醒', body: `您的班次即将开始：${describe(shifts.get(d.shift_id)!)}`, link: '/my-shifts' })),
      { sms: true },
    );
    return due.length;
  }

  // ---- Views: roster, gaps, service ledger ----

  async roster(ctx: RequestContext, query: RosterQuery): Promise<Roster> {
    const { actor } = signedIn(ctx);
    actor.require('duty.read');
    const region = await this.regionIn(actor.regionScope('duty.read'), query.regionId);
    const shifts = await this.repo.shiftsUnder(region.path, chinaMidnight(query.from, 0), chinaMidnight(query.to, 1));
    const signups = await this.repo.signupsOfShifts(shifts.map((s) => s.id));
    return {
      regionId: region.id,
      regionName: region.name,
      from: query.from,
      to: query.to,
      shifts: shifts.map((sh) => ({
        ...shiftView(sh),
        signups: signups.filter((s) => s.shift_id === sh.id && (s.status === 'active' || s.status === 'waitlisted')).map((s) => signupView(s, false)),
      })),
    };
  }

  /** The roster (排班表) as an Excel ledger: one row per person on a shift, by day and post. */
  async rosterExport(ctx: RequestContext, query: RosterQuery): Promise<{ file: Buffer; name: string }> {
    const roster = await this.roster(ctx, query);
    await audit(this.db, ctx, { action: 'roster.export', entity: 'region', entityId: roster.regionId, detail: `${query.from}..${query.to}, ${roster.shifts.length} shifts, masked` });
    const rows = roster.shifts.flatMap((sh) => {
      const head = [chinaDate(sh.startsAt), postLabels.label(sh.post) + (sh.title ? `（${sh.title}）` : ''), sh.siteName, `${chinaClock(sh.startsAt)}–${chinaClock(sh.endsAt)}`, `${sh.filled}/${sh.headcount}`];
      if (sh.signups.length === 0) return [[...head, '', '', '', '']];
      return sh.signups.map((s) => [...head, s.personName, s.phone ?? '', signupLabels.label(s.status) + (s.waitlistPosition ? ` 第${s.waitlistPosition}位` : ''), s.checkedInAt ? '已签到' : s.noShow ? '未到岗' : '']);
    });
    const file = await writeLedger([
      {
        name: '排班表',
        title: `${roster.regionName} 排班表（${query.from} 至 ${query.to}）`,
        columns: [{ header: '日期', width: 12 }, { header: '岗位', width: 16 }, { header: '值守点', width: 18 }, { header: '时段', width: 14 }, { header: '已报/需求' }, { header: '姓名' }, { header: '电话', width: 14 }, { header: '状态', width: 14 }, { header: '到岗' }],
        rows,
      },
    ]);
    return { file, name: `${roster.regionName}-排班表-${query.from}-${query.to}.xlsx` };
  }

  /** Headcount needed vs filled (缺口) for a node and each child, with the strongest risk there. */
  async gaps(ctx: RequestContext, query: RosterQuery): Promise<Gaps> {
    const { actor } = signedIn(ctx);
    actor.require('duty.read');
    const region = await this.regionIn(actor.regionScope('duty.read'), query.regionId);
    const [rollup, children] = await Promise.all([
      this.repo.gaps(region.path, chinaMidnight(query.from, 0), chinaMidnight(query.to, 1)),
      this.repo.childrenOf(region.id),
    ]);
    const risks = await this.repo.strongestRiskUnder([region.path, ...children.map((c) => c.path)]);
    const row = (node: RegionRef, hasChildren: boolean, counts: { shifts: number; needed: number; filled: number }): GapRow => ({
      regionId: node.id,
      name: node.name,
      level: node.level,
      hasChildren,
      ...counts,
      gap: counts.needed - counts.filled,
      risk: risks.get(node.path) ?? null,
    });
    const none = { shifts: 0, needed: 0, filled: 0 };
    return {
      from: query.from,
      to: query.to,
      node: row(region, children.length > 0, rollup.total),
      children: children.map((c) => row(c, c.has_children, rollup.children.get(c.path) ?? none)),
    };
  }

  async gapsExport(ctx: RequestContext, query: RosterQuery): Promise<{ file: Buffer; name: string }> {
    const gaps = await this.gaps(ctx, query);
    await audit(this.db, ctx, { action: 'gaps.export', entity: 'region', entityId: gaps.node.regionId, detail: `${query.from}..${query.to}` });
    const line = (r: GapRow) => [r.name, r.shifts, r.needed, r.filled, r.gap, r.needed ? `${Math.round((r.filled / r.needed) * 1000) / 10}%` : '', r.risk ? riskLabels.label(r.risk) : ''];
    const file = await writeLedger([
      {
        name: '力量缺口',
        title: `${gaps.node.name} 值守力量缺口（${query.from} 至 ${query.to}；需求 = 班次需求人数之和，已报 = 已报名人数之和）`,
        columns: [{ header: '区域', width: 24 }, { header: '班次数' }, { header: '需求人数' }, { header: '已报人数' }, { header: '缺口' }, { header: '满足率' }, { header: '风险等级' }],
        rows: [line(gaps.node), ...gaps.children.map(line)],
      },
    ]);
    return { file, name: `${gaps.node.name}-力量缺口-${query.from}-${query.to}.xlsx` };
  }

  async myLedger(ctx: RequestContext): Promise<ServiceLedger> {
    const { actor } = signedIn(ctx);
    if (actor.personId === null) throw forbidden('该账号未关联人员');
    return this.ledger(actor.personId, null);
  }

  /**
   * A member's service ledger for others: the community sees what was done at its needs; the
   * member's own org (which may read the person) sees all of it — credit flows to both sides.
   */
  async ledgerOf(ctx: RequestContext, personId: number): Promise<ServiceLedger> {
    const { actor } = signedIn(ctx);
    if (actor.personId === personId) return this.ledger(personId, null);
    if (actor.has('person.read')) {
      try {
        await this.people.get(ctx, personId);
        return this.ledger(personId, null);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'FORBIDDEN') throw error;
      }
    }
    actor.require('duty.read');
    const ledger = await this.ledger(personId, actor.regionScope('duty.read'));
    if (ledger.entries.length === 0) throw forbidden('该人员未在您的辖区参加值守');
    return ledger;
  }

  private async ledger(personId: number, under: Scope | null): Promise<ServiceLedger> {
    const name = await this.repo.personName(personId);
    if (name === undefined) throw notFound('人员');
    const rows = await this.repo.ledgerOf(personId, under);
    const entries = rows.map((r) => ({
      signupId: r.signup_id,
      shiftId: r.shift_id,
      post: r.post,
      title: r.title,
      regionName: r.region_name,
      siteName: r.site_name,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      status: r.status,
      lateCancel: r.late_cancel,
      noShow: r.no_show,
      hours: hoursOf(r.hours),
      certified: r.certified_at !== null,
    }));
    return {
      personId,
      personName: name,
      totals: {
        shifts: entries.filter((e) => e.status === 'active').length,
        certifiedHours: entries.reduce((sum, e) => sum + (e.certified && e.hours ? e.hours : 0), 0),
        noShows: entries.filter((e) => e.noShow).length,
        lateCancels: entries.filter((e) => e.lateCancel).length,
      },
      entries,
    };
  }

  /** Marks no-shows; run on a timer by main.ts. */
  async sweepNoShows(): Promise<number> {
    return this.repo.markNoShows(NO_SHOW_GRACE_MINUTES);
  }
}

const hoursOf = (h: string | null) => (h === null ? null : Number(h));

/** A member's district and street paths from their community's: `1.2.3.4.5` → [`1.2.3`, `1.2.3.4`]. */
function nearby(communityPath: string): [string, string] {
  const up = ancestorPaths(communityPath);
  return [up[up.length - 2] ?? communityPath, up[up.length - 1] ?? communityPath];
}

function requireSkills(shift: ShiftRow, skills: readonly string[], name: string): void {
  const refused = skillsRefusal(shift, skills, name);
  if (refused) throw refused;
}

function skillsRefusal(shift: ShiftRow, skills: readonly string[], name: string): AppError | undefined {
  const missing = shift.required_skills.filter((k) => !skills.includes(k));
  return missing.length ? new AppError('SKILLS_MISSING', `${name} 不具备该岗位要求的技能`, { missing }) : undefined;
}

/** Why nobody may join a shift any more, if so. */
function closedRefusal(shift: ShiftRow): AppError | undefined {
  if (shift.status !== 'open' || shift.need_status !== 'open') return new AppError('INVALID_STATE', '该班次已取消');
  if (shift.starts_at.getTime() <= Date.now()) return new AppError('INVALID_STATE', '该班次已开始');
  return undefined;
}

const alreadyOn = (name: string) => new AppError('SIGNUP_EXISTS', `${name} 已在该班次`);
const shiftFull = (name: string) => new AppError('SHIFT_FULL', `班次已满，${name} 及之后的人员未能派遣`);
const overlapping = (name: string) => new AppError('SHIFT_OVERLAP', `${name} 在该时段已有其他班次`);
const isOverlapRefusal = (error: unknown): boolean => (error as { code?: string }).code === '23P01';

/** Someone who may be put on duty: an enrolled member (credited through the enrolment) or an offered one. */
interface Deployable {
  personId: number;
  personName: string;
  enrolmentId: number | null;
  skills: readonly string[];
}

/** What became of one planned assignment: a sign-up, or the code and message of the rule that refused it. */
export interface PlannedOutcome {
  shiftId: number;
  personId: number;
  signupId: number | null;
  code: string | null;
  note: string | null;
}

const notDeployable = (personId: number) => new AppError('ENROLMENT_NOT_CONFIRMED', `人员 ${personId} 不是本辖区已确认报到的党员，也不是结对单位派出的人员`);

const pairKey = (p: { shiftId: number; personId: number }): string => `${p.shiftId}:${p.personId}`;

/**
 * Which planned items get a place, in order (by shift, then person): the rules of `placeOn`
 * for many items at once — a member busy elsewhere (`busy`: an active overlapping sign-up, or an
 * earlier item of this batch overlapping) is refused, and a shift's places go to its first items.
 */
function placesFor<T extends { shiftId: number; personId: number; shift: ShiftRow; m: Deployable }>(
  items: readonly T[],
  busy: ReadonlySet<string>,
): { accepted: T[]; refused: Map<string, AppError>; /** Places taken per shift. */ taken: Map<number, number> } {
  const accepted: T[] = [];
  const refused = new Map<string, AppError>();
  const taken = new Map<number, number>();
  const held = new Map<number, ShiftRow[]>();
  for (const item of items) {
    const { shift, m } = item;
    const mine = held.get(item.personId) ?? [];
    if (busy.has(pairKey(item)) || mine.some((h) => h.starts_at < shift.ends_at && shift.starts_at < h.ends_at)) {
      refused.set(pairKey(item), overlapping(m.personName));
      continue;
    }
    const used = taken.get(shift.id) ?? 0;
    if (shift.filled + used >= shift.headcount) {
      refused.set(pairKey(item), shiftFull(m.personName));
      continue;
    }
    taken.set(shift.id, used + 1);
    held.set(item.personId, [...mine, shift]);
    accepted.push(item);
  }
  return { accepted, refused, taken };
}

/** Puts a member on a locked, open shift as an active assignment, or throws the rule that refuses it. */
async function placeOn(repo: DutyRepository, shift: ShiftRow, m: Deployable, by: { teamId: number | null; by: number }): Promise<number> {
  requireSkills(shift, m.skills, m.personName);
  if (await repo.currentSignup(shift.id, m.personId)) throw alreadyOn(m.personName);
  if (!(await repo.takePlace(shift.id))) throw shiftFull(m.personName);
  return insertOrOverlap(repo, { shiftId: shift.id, personId: m.personId, enrolmentId: m.enrolmentId, status: 'active', source: 'assigned', teamId: by.teamId, by: by.by }, m.personName);
}

/** Inserts a sign-up; the exclusion constraint's refusal becomes a clear overlap error. */
async function insertOrOverlap(repo: DutyRepository, values: Parameters<DutyRepository['insertSignup']>[0], name: string): Promise<number> {
  try {
    return await repo.insertSignup(values);
  } catch (error) {
    if (isOverlapRefusal(error)) throw overlapping(name);
    throw error;
  }
}

/** The shifts of a schedule, as instants in China Standard Time. */
export function shiftsOf(schedule: ShiftSchedule): NewShift[] {
  const first = Date.parse(`${schedule.firstDate}T00:00:00Z`);
  const overnight = schedule.end <= schedule.start;
  return Array.from({ length: schedule.days }, (_, i) => {
    const day = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
    const next = new Date(first + (i + (overnight ? 1 : 0)) * 86_400_000).toISOString().slice(0, 10);
    return { startsAt: `${day}T${schedule.start}:00${CHINA_OFFSET}`, endsAt: `${next}T${schedule.end}:00${CHINA_OFFSET}` };
  });
}

function describe(shift: ShiftRow): string {
  return `${shift.title ?? postLabels.label(shift.post)} · ${shift.site_name} · ${chinaDateTime(shift.starts_at)}–${chinaClock(shift.ends_at)}`;
}

function siteView(s: NonNullable<Awaited<ReturnType<DutyRepository['site']>>>): SiteView {
  return {
    id: s.id,
    regionId: s.region_id,
    regionName: s.region_name,
    name: s.name,
    address: s.address,
    checkinToken: s.checkin_token,
    keySite: s.key_site,
    latitude: s.latitude,
    longitude: s.longitude,
  };
}

function shiftView(s: ShiftRow): ShiftView {
  return {
    id: s.id,
    needId: s.need_id,
    post: s.post,
    title: s.title,
    regionId: s.region_id,
    regionName: s.region_name,
    siteId: s.site_id,
    siteName: s.site_name,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    headcount: s.headcount,
    filled: s.filled,
    waitlisted: s.waitlisted,
    requiredSkills: s.required_skills,
    status: s.need_status === 'cancelled' ? 'cancelled' : s.status,
    leaderPersonId: s.leader_person_id,
  };
}

function signupView(s: SignupRow, own: boolean): SignupView {
  return {
    id: s.id,
    shiftId: s.shift_id,
    personId: s.person_id,
    personName: s.person_name,
    phone: own ? s.phone : maskPhone(s.phone),
    status: s.status,
    source: s.source,
    waitlistPosition: s.waitlist_position,
    lateCancel: s.late_cancel,
    checkedInAt: s.checked_in_at?.toISOString() ?? null,
    checkedOutAt: s.checked_out_at?.toISOString() ?? null,
    noShow: s.no_show,
    hours: hoursOf(s.hours),
    certifiedAt: s.certified_at?.toISOString() ?? null,
  };
}

