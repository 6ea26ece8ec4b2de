import type { Kysely } from 'kysely';
import {
  skill,
  teamKind,
  teamLedgerColumns,
  teamStatus,
  type AddTeamMemberRequest,
  type CreateTeamRequest,
  type Skill,
  type TeamCandidate,
  type TeamCandidatesQuery,
  type TeamLedgerQuery,
  type TeamsPage,
  type TeamsQuery,
  type TeamView,
  type UpdateTeamRequest,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { covers, type Actor } from '../../platform/access.js';
import { audit, changedFields } from '../../platform/audit.js';
import { chinaDate } from '../../platform/china-time.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { writeLedger } from '../../platform/excel.js';
import { groupBy } from '../../platform/group.js';
import { maskPhone } from '../../platform/masking.js';
import type { EnrolmentService } from '../enrolment/enrolment.service.js';
import type { PeopleService } from '../people/people.service.js';
import { TeamsRepository, type TeamFilter, type TeamMemberRow, type TeamRow } from './teams.repository.js';

const CANDIDATE_LIMIT = 50;

/**
 * Teams (党员突击队, 志愿服务队, 民呼我行服务队) owned by an org or by a street or community.
 * An org's team takes people who belong to the org (party membership or work unit) at or below
 * it; a place's team takes members whose enrolment there the community confirmed. Members leave
 * by an end date, so the history of who served stays.
 */
export class TeamsService {
  private readonly repo: TeamsRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly people: PeopleService,
    private readonly enrolment: EnrolmentService,
  ) {
    this.repo = new TeamsRepository(db);
  }

  /** A team the actor keeps: its owner lies in the actor's team.write scope of the owner's tree. */
  private async kept(actor: Actor, id: number, repo = this.repo, lock = false): Promise<TeamRow> {
    actor.require('team.write');
    const team = lock ? await repo.lock(id) : await repo.find(id);
    if (!team) throw notFound('队伍');
    const scope = team.owner_org_id !== null ? actor.orgScope('team.write') : actor.regionScope('team.write');
    if (!covers(scope, team.owner_path)) throw forbidden('该队伍不在您的管辖范围内');
    return team;
  }

  private async keptActive(actor: Actor, id: number, repo = this.repo, lock = false): Promise<TeamRow> {
    const team = await this.kept(actor, id, repo, lock);
    if (team.status !== 'active') throw new AppError('INVALID_STATE', `“${team.name}”已解散`);
    return team;
  }

  /** Runs a write; a second active team of one name under one owner is refused by the database. */
  private async write<T>(work: (repo: TeamsRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute((trx) => work(this.repo.with(trx), trx));
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'team_owner_name_key') throw new AppError('CONFLICT', '该单位或社区已有同名的在编队伍');
      throw error;
    }
  }

  private async views(rows: TeamRow[]): Promise<TeamView[]> {
    const byTeam = groupBy(await this.repo.members(rows.map((r) => r.id)), (m) => m.team_id);
    return rows.map((r) => toView(r, byTeam.get(r.id) ?? []));
  }

  /** The teams the actor keeps that match the filter: the list's page, or all of them for the ledger. */
  private async listed(actor: Actor, filter: TeamFilter, limit: number | null, offset = 0): Promise<{ rows: TeamRow[]; total: number }> {
    actor.require('team.write');
    return this.repo.list(filter, actor.orgScope('team.write'), actor.regionScope('team.write'), limit, offset);
  }

  async list(ctx: RequestContext, query: TeamsQuery): Promise<TeamsPage> {
    const { actor } = signedIn(ctx);
    const { rows, total } = await this.listed(actor, query, query.limit, query.offset);
    return { items: await this.views(rows), total };
  }

  async get(ctx: RequestContext, id: number): Promise<TeamView> {
    const { actor } = signedIn(ctx);
    return (await this.views([await this.kept(actor, id)]))[0]!;
  }

  async create(ctx: RequestContext, input: CreateTeamRequest): Promise<TeamView> {
    const { actor } = signedIn(ctx);
    actor.require('team.write');
    if (input.ownerOrgId !== undefined) {
      const org = await this.repo.org(input.ownerOrgId);
      if (!org) throw notFound('组织');
      if (!covers(actor.orgScope('team.write'), org.path)) throw forbidden('该组织不在您的管辖范围内');
      if (org.status !== 'active') throw new AppError('ORG_CLOSED', `“${org.name}”已撤销`);
    } else {
      const region = await this.repo.region(input.ownerRegionId!);
      if (!region) throw notFound('属地');
      if (region.level !== 'street' && region.level !== 'community') throw new AppError('TEAM_INVALID', '队伍只能由街道或社区组建');
      if (!covers(actor.regionScope('team.write'), region.path)) throw forbidden('该属地不在您的管辖范围内');
    }
    const id = await this.write(async (repo, trx) => {
      const fields = { kind: input.kind, name: input.name, ownerOrgId: input.ownerOrgId ?? null, ownerRegionId: input.ownerRegionId ?? null, note: input.note || null };
      const teamId = await repo.insert({ ...fields, createdBy: actor.userId });
      await audit(trx, ctx, { action: 'team.create', entity: 'team', entityId: teamId, changes: fields });
      return teamId;
    });
    return this.get(ctx, id);
  }

  async update(ctx: RequestContext, id: number, input: UpdateTeamRequest): Promise<TeamView> {
    const { actor } = signedIn(ctx);
    await this.write(async (repo, trx) => {
      const team = await this.keptActive(actor, id, repo, true);
      if (input.leaderPersonId != null && !(await repo.currentMemberIds(id)).includes(input.leaderPersonId)) {
        throw new AppError('TEAM_INVALID', '队长须是队伍的现有队员');
      }
      const patch = {
        kind: input.kind,
        name: input.name,
        note: input.note === undefined ? undefined : input.note || null,
        leader_person_id: input.leaderPersonId,
      };
      await repo.update(id, patch);
      await audit(trx, ctx, { action: 'team.update', entity: 'team', entityId: id, changes: changedFields(team, patch) });
    });
    return this.get(ctx, id);
  }

  /**
   * Adds a member: to an org's team a person who belongs to the org; to a place's team a member
   * whose enrolment in a community there is confirmed (and who is then counted active there).
   */
  async addMember(ctx: RequestContext, id: number, input: AddTeamMemberRequest): Promise<TeamView> {
    const { actor } = signedIn(ctx);
    const team = await this.keptActive(actor, id);
    // Looked up before the transaction: PGlite's one connection is the transaction's.
    let personId: number;
    if (team.owner_org_id !== null) {
      if (input.personId === undefined) throw new AppError('TEAM_INVALID', '组织的队伍须按人员添加队员');
      if (!(await this.people.peopleInOrg([input.personId], team.owner_path)).includes(input.personId)) {
        throw new AppError('TEAM_INVALID', `该人员不是“${team.owner_name}”的党员或职工`);
      }
      personId = input.personId;
    } else {
      if (input.enrolmentId === undefined) throw new AppError('TEAM_INVALID', '街道或社区的队伍须按报到记录添加队员');
      const enrolment = (await this.enrolment.confirmed([input.enrolmentId]))[0];
      if (!enrolment || !covers({ all: false, paths: [team.owner_path] }, enrolment.communityPath)) {
        throw new AppError('TEAM_INVALID', `该党员未在“${team.owner_name}”报到并经确认`);
      }
      personId = enrolment.personId;
    }
    await this.write(async (repo, trx) => {
      await this.keptActive(actor, id, repo, true);
      if (!(await repo.addMember(id, personId))) throw new AppError('CONFLICT', '该人员已是队员');
      await audit(trx, ctx, { action: 'team.member.add', entity: 'team', entityId: id, changes: { personId, enrolmentId: input.enrolmentId ?? null } });
    });
    if (input.enrolmentId !== undefined) await this.enrolment.touch([input.enrolmentId]);
    return this.get(ctx, id);
  }

  /** Ends a member's stint; a leader who leaves leaves the team without one. */
  async removeMember(ctx: RequestContext, id: number, personId: number): Promise<TeamView> {
    const { actor } = signedIn(ctx);
    await this.write(async (repo, trx) => {
      const team = await this.keptActive(actor, id, repo, true);
      if (!(await repo.removeMember(id, personId))) throw notFound('队员');
      const wasLeader = team.leader_person_id === personId;
      if (wasLeader) await repo.update(id, { leader_person_id: null });
      await audit(trx, ctx, { action: 'team.member.remove', entity: 'team', entityId: id, changes: { personId, ...(wasLeader ? { leaderPersonId: [personId, null] } : {}) } });
    });
    return this.get(ctx, id);
  }

  async dissolve(ctx: RequestContext, id: number): Promise<TeamView> {
    const { actor } = signedIn(ctx);
    await this.write(async (repo, trx) => {
      const team = await this.kept(actor, id, repo, true);
      if (!(await repo.dissolve(id))) throw new AppError('INVALID_STATE', `“${team.name}”已解散`);
      await audit(trx, ctx, { action: 'team.dissolve', entity: 'team', entityId: id, changes: { status: [team.status, 'dissolved'] } });
    });
    return this.get(ctx, id);
  }

  /** Who may join: the org's members, or the confirmed enrolled members of the place's communities. */
  async candidates(ctx: RequestContext, id: number, query: TeamCandidatesQuery): Promise<TeamCandidate[]> {
    const { actor } = signedIn(ctx);
    const team = await this.keptActive(actor, id);
    const serving = new Set(await this.repo.currentMemberIds(id));
    if (team.owner_org_id !== null) {
      const page = await this.people.members(ctx, team.owner_org_id, { q: query.q, limit: CANDIDATE_LIMIT + serving.size, offset: 0 });
      return page.items
        .filter((p) => !serving.has(p.id))
        .slice(0, CANDIDATE_LIMIT)
        .map((p) => ({ personId: p.id, enrolmentId: null, name: p.name, phone: p.phone }));
    }
    const region = (await this.repo.region(team.owner_region_id!))!;
    const communities = region.level === 'community' ? [region.id] : await this.repo.communitiesUnder(region.path);
    const candidates: TeamCandidate[] = [];
    for (const communityId of communities) {
      for (const e of await this.enrolment.confirmedIn(communityId)) {
        if (serving.has(e.personId) || (query.q && !e.personName.includes(query.q))) continue;
        candidates.push({ personId: e.personId, enrolmentId: e.id, name: e.personName, phone: null });
        if (candidates.length === CANDIDATE_LIMIT) return candidates;
      }
    }
    return candidates;
  }

  // ---- The team ledger (队伍花名册) ----

  /**
   * The teams the list would show, one row a current member, built from the same views so a
   * phone is never less masked than the API shows it. A team with nobody serving (dissolved, or
   * not yet staffed) keeps one row, or the ledger would silently drop it.
   */
  async export(ctx: RequestContext, query: TeamLedgerQuery): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    const teams = await this.views((await this.listed(actor, query, null)).rows);
    const serving = new Map(teams.map((team) => [team.id, team.members.filter((m) => m.leftAt === null)]));
    const skillsOf = await this.memberSkills(teams, serving);
    const rows = teams.flatMap((team) => {
      const head = [team.name, teamKind.label(team.kind), team.ownerName];
      const members = serving.get(team.id)!;
      const status = teamStatus.label(team.status);
      if (members.length === 0) return [[...head, '', '', '', '', '', status]];
      return members.map((m) => [
        ...head,
        m.personId === team.leaderPersonId ? '是' : '',
        m.name,
        m.phone ?? '',
        skillsOf(team, m.personId).join('、'),
        chinaDate(m.joinedAt),
        status,
      ]);
    });
    const today = chinaDate(new Date());
    await audit(this.db, ctx, { action: 'team.export', entity: 'team', detail: `${teams.length} teams, ${rows.length} rows, masked` });
    const file = await writeLedger([
      {
        name: '队伍花名册',
        title: `队伍花名册（${today}）`,
        columns: teamLedgerColumns.map((header) => ({ header, width: header === '队伍名称' || header === '所属组织/社区' ? 28 : header === '技能' ? 24 : 14 })),
        rows,
      },
    ]);
    return { file, name: `队伍花名册-${today}.xlsx` };
  }

  /**
   * Skills as the owner knows its members: a place's team took them by their enrolment there, so
   * what they stated when enrolling (what duty checks); an org's team, what the org keeps on its
   * people, which is also the fallback once an enrolment has ended.
   */
  private async memberSkills(teams: readonly TeamView[], serving: ReadonlyMap<number, TeamView['members']>): Promise<(team: TeamView, personId: number) => string[]> {
    const peopleOf = (of: readonly TeamView[]) => [...new Set(of.flatMap((team) => serving.get(team.id)!.map((m) => m.personId)))];
    const onRecord = await this.people.skillsOf(peopleOf(teams));
    const enrolled = new Map((await this.enrolment.confirmedOfPeople(peopleOf(teams.filter((team) => team.ownerRegionId !== null)))).map((e) => [e.personId, e.skills]));
    return (team, personId) => {
      const held = (team.ownerRegionId !== null ? enrolled.get(personId) : undefined) ?? onRecord.get(personId) ?? [];
      return held.filter((s): s is Skill => (skill.values as readonly string[]).includes(s)).map((s) => skill.label(s));
    };
  }

  // ---- For pairing: the teams a unit offers ----

  /** Among these teams, the active ones the org owns. */
  async activeOwnedBy(orgId: number, ids: readonly number[]): Promise<number[]> {
    return this.repo.activeOwnedBy(orgId, ids);
  }

  /** Teams as shown to whoever may see them (the caller has authorized the read). */
  async viewsOf(ids: readonly number[]): Promise<TeamView[]> {
    return this.views(await this.repo.findMany(ids));
  }
}

function toView(r: TeamRow, members: TeamMemberRow[]): TeamView {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    ownerOrgId: r.owner_org_id,
    ownerRegionId: r.owner_region_id,
    ownerName: r.owner_name,
    leaderPersonId: r.leader_person_id,
    leaderName: r.leader_name,
    note: r.note,
    status: r.status,
    dissolvedAt: r.dissolved_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    memberCount: Number(r.member_count),
    members: members.map((m) => ({
      personId: m.person_id,
      name: m.name,
      phone: maskPhone(m.phone),
      joinedAt: m.joined_at.toISOString(),
      leftAt: m.left_at?.toISOString() ?? null,
    })),
  };
}
