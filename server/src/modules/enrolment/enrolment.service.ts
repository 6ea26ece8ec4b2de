import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  dayPeriod,
  type AvailabilityRequest,
  type DayPeriod,
  enrolmentLedgerColumns,
  enrolmentStatus,
  gender,
  invitationProblem,
  localLevels,
  orgEnrolmentLedgerColumns,
  post,
  skill,
  type CreateInvitationRequest,
  type EnrolmentListQuery,
  type EnrolmentPage,
  type EnrolmentView,
  type EnrolRequest,
  type InvitationListQuery,
  type InvitationProblem,
  type InvitationView,
  type MyEnrolments,
  type OrgEnrolmentListQuery,
  type OrgEnrolmentPage,
  type OrgName,
  type PlaceNode,
  type Post,
  type PublicInvitation,
  type RegisterRequest,
  type Skill,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { covers, type Actor } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { writeLedger } from '../../platform/excel.js';
import { maskPhone } from '../../platform/masking.js';
import type { AuthService } from '../accounts/auth.service.js';
import type { PeopleService } from '../people/people.service.js';
import { EnrolmentRepository, type EnrolmentRef, type EnrolmentRow, type InvitationRow, type OrgRow, type PlaceRow, type PoolEnrolment } from './enrolment.repository.js';
import { chinaDateTimeOrBlank } from '../../platform/china-time.js';

const invalid = (message: string) => new AppError('ENROLMENT_INVALID', message);
const wrongState = (message: string) => new AppError('INVALID_STATE', message);

/** Times in ledgers as an office in China reads them. */

const within = (ancestor: string, path: string) => path === ancestor || path.startsWith(`${ancestor}.`);

/**
 * Member enrolment (党员报到): a member enrols at the community where they live; the community
 * confirms or rejects; the member's own org follows where its members enrolled. Other modules
 * that give enrolled members work (duty roles, teams, temporary branches, shifts) reach
 * enrolments only through `confirmed`, `confirmedIn` and `touch`.
 */
export class EnrolmentService {
  private readonly repo: EnrolmentRepository;

  /** `people` names a member's own org by default; modules that only read enrolments omit it. */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly people?: PeopleService,
  ) {
    this.repo = new EnrolmentRepository(db);
  }

  /** Confirmed enrolments among these ids (call before a transaction: PGlite has one connection). */
  async confirmed(ids: readonly number[]): Promise<EnrolmentRef[]> {
    return this.repo.confirmed(ids);
  }

  /** The confirmed enrolments of one community (for pickers that give members work). */
  async confirmedIn(communityId: number): Promise<EnrolmentRef[]> {
    return this.repo.confirmedIn(communityId);
  }

  /** The confirmed enrolments of these people (at most one each: one active enrolment per member). */
  async confirmedOfPeople(personIds: readonly number[]): Promise<EnrolmentRef[]> {
    return this.repo.confirmedOfPeople(personIds);
  }

  /** The person's confirmed enrolment, if any. */
  async confirmedOf(personId: number): Promise<EnrolmentRef | undefined> {
    return (await this.repo.confirmedOfPeople([personId]))[0];
  }

  /** Confirmed enrolments in communities under a region path (the caller authorizes the path). */
  async poolUnder(path: string): Promise<PoolEnrolment[]> {
    return this.repo.poolUnder(path);
  }

  /** Records that these enrolled members did something for their community. */
  async touch(ids: readonly number[]): Promise<void> {
    await this.repo.touch(ids);
  }

  // ---- The member's own (self-service: no grant needed, only their own person) ----

  private static self(ctx: RequestContext): { actor: Actor; personId: number } {
    const { actor } = signedIn(ctx);
    if (actor.personId === null) throw forbidden('该账号未关联人员');
    return { actor, personId: actor.personId };
  }

  /** The children of a place, names only: the member's cascading picker of where they live. */
  async places(ctx: RequestContext, parentId: number): Promise<PlaceNode[]> {
    signedIn(ctx);
    if (!(await this.repo.place(parentId))) throw notFound('地点');
    return this.repo.children(parentId);
  }

  /** Active orgs by name, for a member naming the org they belong to. */
  async orgNames(ctx: RequestContext, q: string): Promise<OrgName[]> {
    signedIn(ctx);
    return this.repo.orgsNamed(q);
  }

  async mine(ctx: RequestContext): Promise<MyEnrolments> {
    const { personId } = EnrolmentService.self(ctx);
    const [rows, defaultOrg] = await Promise.all([this.repo.ofPerson(personId), this.people?.ownOrg(personId) ?? null]);
    return { items: await this.views(rows), defaultOrg };
  }

  async enrol(ctx: RequestContext, input: EnrolRequest): Promise<EnrolmentView> {
    const { personId } = EnrolmentService.self(ctx);
    const community = await this.repo.place(input.communityId);
    if (!community || community.level !== 'community') throw invalid('请选择所在的社区（村）');
    let home: PlaceRow | undefined;
    if (input.homeId) {
      home = await this.repo.place(input.homeId);
      if (!home || !(localLevels as readonly string[]).includes(home.level) || !within(community.path, home.path)) {
        throw invalid(`所选住址不在“${community.name}”之内`);
      }
    }
    let invitation: InvitationRow | undefined;
    if (input.invitation) {
      invitation = await this.repo.invitationByToken(input.invitation);
      // A use was taken at registration; what matters now is that the link was not withdrawn.
      const problem = invitation && problemOf(invitation);
      if (!invitation || problem === 'expired' || problem === 'revoked') throw unavailable(problem ?? 'revoked');
    }
    // Left out, the member's own org is their branch or work unit, else the invitation's org.
    const orgId = input.orgId !== undefined ? input.orgId : ((await this.people?.ownOrg(personId))?.id ?? invitation?.org_id ?? null);
    if (orgId) {
      const org = await this.repo.org(orgId);
      if (!org || org.status !== 'active') throw invalid('所选组织不存在或已撤销');
    }
    const values = {
      person_id: personId,
      community_id: community.id,
      home_id: home?.id ?? null,
      org_id: orgId ?? null,
      invitation_id: invitation?.id ?? null,
      skills: [...new Set(input.skills ?? [])],
      availability: input.availability || null,
      available_days: [...new Set(input.availableDays ?? [])].sort((a, b) => a - b),
      available_periods: [...new Set(input.availablePeriods ?? [])],
      preferred_posts: [...new Set(input.preferredPosts ?? [])],
      note: input.note || null,
    };
    const id = await this.db.transaction().execute(async (trx) => {
      const inserted = await this.repo.with(trx).insert(values);
      if (inserted === undefined) throw new AppError('ENROLMENT_EXISTS', '您已有一条待确认或已报到的报到记录，请先撤回后再重新报到');
      await audit(trx, ctx, { action: 'enrolment.create', entity: 'enrolment', entityId: inserted, changes: { ...values, person_id: undefined } });
      return inserted;
    });
    return this.view(id);
  }

  async withdraw(ctx: RequestContext, id: number): Promise<EnrolmentView> {
    const { personId } = EnrolmentService.self(ctx);
    const row = await this.repo.find(id);
    if (!row || row.person_id !== personId) throw notFound('报到记录');
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).transition(id, ['pending', 'confirmed'], 'withdrawn', { person_id: personId }))) {
        throw wrongState('只能撤回待确认或已报到的报到记录');
      }
      await audit(trx, ctx, { action: 'enrolment.withdraw', entity: 'enrolment', entityId: id, changes: { status: [row.status, 'withdrawn'] } });
    });
    return this.view(id);
  }

  // ---- The community (region admin whose scope holds the community) ----

  /** The member says when they can serve; allocation plans by it. */
  async setAvailability(ctx: RequestContext, id: number, input: AvailabilityRequest): Promise<EnrolmentView> {
    const { personId } = EnrolmentService.self(ctx);
    const row = await this.repo.find(id);
    if (!row || row.person_id !== personId) throw notFound('报到记录');
    if (row.status !== 'pending' && row.status !== 'confirmed') throw new AppError('INVALID_STATE', '该报到记录已结束');
    const days = [...new Set(input.availableDays)].sort((a, b) => a - b);
    const periods = [...new Set(input.availablePeriods)];
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).setAvailability(id, days, periods);
      await audit(trx, ctx, { action: 'enrolment.availability', entity: 'enrolment', entityId: id, changes: { available_days: days, available_periods: periods } });
    });
    return this.view(id);
  }

  private async reviewable(actor: Actor, id: number): Promise<EnrolmentRow> {
    actor.require('enrolment.review');
    const row = await this.repo.find(id);
    if (!row) throw notFound('报到记录');
    if (!covers(actor.regionScope('enrolment.review'), row.community_path)) throw forbidden('该报到记录不在您的管辖范围内');
    return row;
  }

  async list(ctx: RequestContext, query: EnrolmentListQuery): Promise<EnrolmentPage> {
    const { actor } = signedIn(ctx);
    actor.require('enrolment.review');
    const scope = actor.regionScope('enrolment.review');
    const under = query.regionId ? await this.regionIn(scope, query.regionId) : undefined;
    const { rows, total } = await this.repo.atCommunities(scope, under?.path, query);
    return { items: await this.views(rows), total };
  }

  private async regionIn(scope: ReturnType<Actor['regionScope']>, id: number): Promise<PlaceRow> {
    const place = await this.repo.place(id);
    if (!place) throw notFound('属地节点');
    if (!covers(scope, place.path)) throw forbidden('该属地不在您的管辖范围内');
    return place;
  }

  async confirm(ctx: RequestContext, id: number): Promise<EnrolmentView> {
    const { actor } = signedIn(ctx);
    await this.reviewable(actor, id);
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      if (!(await repo.transition(id, ['pending'], 'confirmed', { decided_by: actor.userId }))) throw wrongState('只能确认待确认的报到');
      // Confirmation is the first thing the member did for the community.
      await repo.touch([id]);
      await audit(trx, ctx, { action: 'enrolment.confirm', entity: 'enrolment', entityId: id, changes: { status: ['pending', 'confirmed'] } });
    });
    return this.view(id);
  }

  async reject(ctx: RequestContext, id: number, reason: string): Promise<EnrolmentView> {
    const { actor } = signedIn(ctx);
    await this.reviewable(actor, id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).transition(id, ['pending'], 'rejected', { decided_by: actor.userId, reject_reason: reason }))) {
        throw wrongState('只能退回待确认的报到');
      }
      await audit(trx, ctx, { action: 'enrolment.reject', entity: 'enrolment', entityId: id, changes: { status: ['pending', 'rejected'], reason } });
    });
    return this.view(id);
  }

  async end(ctx: RequestContext, id: number, reason: string | undefined): Promise<EnrolmentView> {
    const { actor } = signedIn(ctx);
    await this.reviewable(actor, id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).transition(id, ['confirmed'], 'ended'))) throw wrongState('只能结束已报到的记录');
      await audit(trx, ctx, { action: 'enrolment.end', entity: 'enrolment', entityId: id, changes: { status: ['confirmed', 'ended'] }, detail: reason });
    });
    return this.view(id);
  }

  async export(ctx: RequestContext, query: Pick<EnrolmentListQuery, 'regionId' | 'status'>): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    actor.require('enrolment.review');
    const scope = actor.regionScope('enrolment.review');
    const under = query.regionId ? await this.regionIn(scope, query.regionId) : undefined;
    const { rows } = await this.repo.atCommunities(scope, under?.path, { status: query.status, limit: null, offset: 0 });
    const views = await this.views(rows);
    await audit(this.db, ctx, { action: 'enrolment.export', entity: 'region', entityId: under?.id ?? null, detail: `${views.length} rows, masked` });
    const title = `${under?.name ?? ''}党员报到台账`;
    const file = await writeLedger([
      {
        name: '党员报到台账',
        title: `${title}（导出于 ${chinaDateTimeOrBlank(new Date())}）`,
        columns: enrolmentLedgerColumns.map((header) => ({ header, width: ['报到社区', '住址', '所在组织', '技能', '意向岗位', '备注'].includes(header) ? 24 : 14 })),
        rows: views.map((v) => [
          v.name,
          v.gender ? gender.label(v.gender) : '',
          v.phone ?? '',
          v.communityName,
          v.homeName ?? '',
          v.orgName ?? '',
          v.skills.map((s) => skill.label(s)).join('、'),
          v.availability ?? '',
          v.preferredPosts.map((p) => post.label(p)).join('、'),
          enrolmentStatus.label(v.status),
          chinaDateTimeOrBlank(new Date(v.createdAt)),
          chinaDateTimeOrBlank(v.decidedAt ? new Date(v.decidedAt) : null),
          v.status === 'rejected' ? `退回原因：${v.rejectReason ?? ''}` : (v.note ?? ''),
        ]),
      },
    ]);
    return { file, name: `${title}.xlsx` };
  }

  // ---- The member's own org (org admin whose scope holds enrolment.org_id) ----

  private async orgIn(actor: Actor, id: number): Promise<OrgRow> {
    const org = await this.repo.org(id);
    if (!org) throw notFound('组织');
    if (!covers(actor.orgScope('person.read'), org.path)) throw forbidden('该组织不在您的管辖范围内');
    return org;
  }

  /** Where the org's members enrolled, and how it stands; nothing of the communities' residents. */
  async ofOrgs(ctx: RequestContext, query: OrgEnrolmentListQuery): Promise<OrgEnrolmentPage> {
    const { actor } = signedIn(ctx);
    actor.require('person.read');
    const under = query.orgId ? await this.orgIn(actor, query.orgId) : undefined;
    const { rows, total } = await this.repo.ofOrgs(actor.orgScope('person.read'), under?.path, query);
    return { items: rows.map(toOrgView), total };
  }

  async exportOfOrgs(ctx: RequestContext, query: Pick<OrgEnrolmentListQuery, 'orgId' | 'status'>): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    actor.require('person.read');
    const under = query.orgId ? await this.orgIn(actor, query.orgId) : undefined;
    const { rows } = await this.repo.ofOrgs(actor.orgScope('person.read'), under?.path, { status: query.status, limit: null, offset: 0 });
    await audit(this.db, ctx, { action: 'enrolment.export', entity: 'org', entityId: under?.id ?? null, detail: `${rows.length} rows` });
    const title = `${under?.name ?? ''}党员报到情况台账`;
    const file = await writeLedger([
      {
        name: '党员报到台账',
        title: `${title}（导出于 ${chinaDateTimeOrBlank(new Date())}）`,
        columns: orgEnrolmentLedgerColumns.map((header) => ({ header, width: ['所在组织', '报到社区'].includes(header) ? 28 : 16 })),
        rows: rows.map(toOrgView).map((v) => [
          v.name,
          v.orgName,
          v.communityName,
          enrolmentStatus.label(v.status),
          chinaDateTimeOrBlank(new Date(v.createdAt)),
          chinaDateTimeOrBlank(v.decidedAt ? new Date(v.decidedAt) : null),
          chinaDateTimeOrBlank(v.endedAt ? new Date(v.endedAt) : null),
        ]),
      },
    ]);
    return { file, name: `${title}.xlsx` };
  }

  // ---- Views ----

  private async view(id: number): Promise<EnrolmentView> {
    return (await this.views([(await this.repo.find(id))!]))[0]!;
  }

  /** Rows as shown: phone masked, home named by the places below the community. */
  private async views(rows: EnrolmentRow[]): Promise<EnrolmentView[]> {
    const below = (r: EnrolmentRow) => (r.home_path ? r.home_path.split('.').slice(r.community_path.split('.').length).map(Number) : []);
    const names = await this.repo.regionNames([...new Set(rows.flatMap(below))]);
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      personId: r.person_id,
      name: r.name,
      gender: r.gender,
      phone: maskPhone(r.phone),
      communityId: r.community_id,
      communityName: r.community_name,
      homeId: r.home_id,
      homeName: r.home_path ? below(r).map((id) => names.get(id) ?? '').join(' / ') : null,
      orgId: r.org_id,
      orgName: r.org_name,
      skills: r.skills.filter((s): s is Skill => (skill.values as readonly string[]).includes(s)),
      availability: r.availability,
      availableDays: r.available_days,
      availablePeriods: r.available_periods.filter((p): p is DayPeriod => (dayPeriod.values as readonly string[]).includes(p)),
      preferredPosts: r.preferred_posts.filter((p): p is Post => (post.values as readonly string[]).includes(p)),
      note: r.note,
      rejectReason: r.reject_reason,
      createdAt: r.created_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      endedAt: r.ended_at?.toISOString() ?? null,
    }));
  }
}

function toOrgView(r: EnrolmentRow) {
  return {
    id: r.id,
    status: r.status,
    name: r.name,
    orgId: r.org_id!,
    orgName: r.org_name!,
    communityId: r.community_id,
    communityName: r.community_name,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
  };
}

function problemOf(i: InvitationRow): InvitationProblem | null {
  if (i.revoked_at) return 'revoked';
  if (i.expires_at <= new Date()) return 'expired';
  if (i.max_uses !== null && i.uses >= i.max_uses) return 'used_up';
  return null;
}

const unavailable = (problem: InvitationProblem) => new AppError('INVITATION_UNAVAILABLE', invitationProblem.label(problem));

/**
 * Invitations (邀请链接): a community or an org makes a link (and QR code) by which a member
 * registers and lands in enrolment with the community or org chosen.
 */
export class InvitationService {
  private readonly repo: EnrolmentRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly auth: AuthService,
  ) {
    this.repo = new EnrolmentRepository(db);
  }

  /** Whether the actor may manage an invitation for this community and this org. */
  private manages(actor: Actor, i: Pick<InvitationRow, 'community_path' | 'org_path'>): boolean {
    return (
      (i.community_path !== null && covers(actor.regionScope('invitation.write'), i.community_path)) ||
      (i.org_path !== null && covers(actor.orgScope('invitation.write'), i.org_path))
    );
  }

  async create(ctx: RequestContext, input: CreateInvitationRequest): Promise<InvitationView> {
    const { actor } = signedIn(ctx);
    actor.require('invitation.write');
    let community: PlaceRow | undefined;
    let org: OrgRow | undefined;
    if (input.communityId) {
      community = await this.repo.place(input.communityId);
      if (!community) throw notFound('社区');
      if (community.level !== 'community') throw invalid('邀请只能指向社区（村）');
      if (!covers(actor.regionScope('invitation.write'), community.path)) throw forbidden('该社区不在您的管辖范围内');
    }
    if (input.orgId) {
      org = await this.repo.org(input.orgId);
      if (!org) throw notFound('组织');
      if (org.status !== 'active') throw new AppError('ORG_CLOSED', `“${org.name}”已撤销`);
      if (!covers(actor.orgScope('invitation.write'), org.path)) throw forbidden('该组织不在您的管辖范围内');
    }
    const values = {
      token: randomBytes(24).toString('base64url'),
      community_id: community?.id ?? null,
      org_id: org?.id ?? null,
      note: input.note || null,
      expires_at: new Date(Date.now() + (input.expiresInDays ?? 30) * 86_400_000),
      max_uses: input.maxUses ?? null,
      created_by: actor.userId,
    };
    const id = await this.db.transaction().execute(async (trx) => {
      const inserted = await this.repo.with(trx).insertInvitation(values);
      await audit(trx, ctx, { action: 'invitation.create', entity: 'invitation', entityId: inserted, changes: { ...values, token: undefined } });
      return inserted;
    });
    return toInvitationView((await this.repo.invitation(id))!);
  }

  async list(ctx: RequestContext, query: InvitationListQuery): Promise<InvitationView[]> {
    const { actor } = signedIn(ctx);
    actor.require('invitation.write');
    const rows = await this.repo.invitationsIn(actor.regionScope('invitation.write'), actor.orgScope('invitation.write'), query);
    return rows.map(toInvitationView);
  }

  async revoke(ctx: RequestContext, id: number): Promise<InvitationView> {
    const { actor } = signedIn(ctx);
    actor.require('invitation.write');
    const row = await this.repo.invitation(id);
    if (!row) throw notFound('邀请');
    if (!this.manages(actor, row)) throw forbidden('该邀请不在您的管辖范围内');
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).revoke(id))) throw wrongState('该邀请已撤销');
      await audit(trx, ctx, { action: 'invitation.revoke', entity: 'invitation', entityId: id });
    });
    return toInvitationView((await this.repo.invitation(id))!);
  }

  /** What a link is for, to anyone holding it: names only, and whether it still works. */
  async describe(token: string): Promise<PublicInvitation> {
    const row = await this.repo.invitationByToken(token);
    if (!row) throw notFound('邀请链接');
    const above = row.community_path ? row.community_path.split('.').slice(0, -1).map(Number) : [];
    const names = await this.repo.regionNames(above);
    return {
      communityId: row.community_id,
      communityName: row.community_name,
      communityPath: above.map((id) => names.get(id) ?? ''),
      orgId: row.org_id,
      orgName: row.org_name,
      note: row.note,
      expiresAt: row.expires_at.toISOString(),
      problem: problemOf(row),
    };
  }

  /** A new member's account by a link: one use of it taken with the account. Returns the session token. */
  async register(ctx: RequestContext, token: string, input: RegisterRequest): Promise<string> {
    const row = await this.repo.invitationByToken(token);
    if (!row) throw notFound('邀请链接');
    const problem = problemOf(row);
    if (problem) throw unavailable(problem);
    return this.auth.register(ctx, input, async (trx, userId) => {
      // Checked again here, in the update itself: uses may have run out since the read above.
      if (!(await this.repo.with(trx).claim(row.id))) throw unavailable(problemOf((await this.repo.with(trx).invitation(row.id))!) ?? 'used_up');
      await audit(trx, ctx, { action: 'invitation.use', entity: 'invitation', entityId: row.id, userId, username: input.phone });
    });
  }
}

function toInvitationView(r: InvitationRow): InvitationView {
  return {
    id: r.id,
    token: r.token,
    communityId: r.community_id,
    communityName: r.community_name,
    orgId: r.org_id,
    orgName: r.org_name,
    note: r.note,
    expiresAt: r.expires_at.toISOString(),
    maxUses: r.max_uses,
    uses: r.uses,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}
