import type { Kysely } from 'kysely';
import {
  regionLevel,
  temporaryBranchAreaLevels,
  temporaryBranchLedgerColumns,
  temporaryBranchMemberLedgerColumns,
  temporaryBranchPurpose,
  temporaryBranchRole,
  type AddTemporaryBranchMembersRequest,
  type CreateTemporaryBranchRequest,
  type OrgType,
  type TemporaryBranchCandidate,
  type TemporaryBranchDetail,
  type TemporaryBranchesPage,
  type TemporaryBranchesQuery,
  type TemporaryBranchLedgerQuery,
  type TemporaryBranchMember,
  type TemporaryBranchParent,
  type TemporaryBranchView,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { covers, type Actor, type Scope } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { writeLedger } from '../../platform/excel.js';
import type { EnrolmentService } from '../enrolment/enrolment.service.js';
import { OrgsRepository } from '../orgs/orgs.repository.js';
import { TemporaryBranchesRepository, type BranchRow, type MemberRow } from './temporary-branches.repository.js';
import { chinaDate as date, chinaDateTime as dateTime } from '../../platform/china-time.js';

/** The party orgs a street or community sets a temporary branch up under (its own committee, the street's working committee). */
const parentTypes: readonly OrgType[] = ['party_committee', 'general_branch', 'working_committee'];

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);
const invalid = (message: string) => new AppError('TEMPORARY_BRANCH_INVALID', message);
const dissolvedError = (name: string) => new AppError('INVALID_STATE', `“${name}”已撤销，不能再更改`);

/**
 * Temporary branches (临时党支部): a street or community sets one up for a sealed area, a
 * quarantine site or a task, staffs it with members enrolled at its communities, names a
 * secretary and dissolves it afterwards. Everything is kept: memberships are rows with joined /
 * left times, so a dissolved branch still shows who served and when.
 *
 * The branch is an org (type temporary_branch) so that it sits in the org tree. The org row
 * belongs to the orgs module, but it must be written in this module's transaction (a branch
 * without its org, or an org without its branch, must never commit), and OrgsService's writes
 * authorize by org scope, which a region admin does not hold: so this service uses
 * OrgsRepository inside its own transaction, after authorizing by region scope itself.
 */
export class TemporaryBranchesService {
  private readonly repo: TemporaryBranchesRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly enrolments: EnrolmentService,
  ) {
    this.repo = new TemporaryBranchesRepository(db);
  }

  private scope(actor: Actor): Scope {
    actor.require('temporary_branch.write');
    return actor.regionScope('temporary_branch.write');
  }

  /** A branch whose area lies in the actor's scope. */
  private async branch(actor: Actor, id: number): Promise<BranchRow> {
    const scope = this.scope(actor);
    const row = await this.repo.find(id);
    if (!row) throw notFound('临时党支部');
    if (!covers(scope, row.region_path)) throw forbidden('该临时党支部不在您的管辖范围内');
    return row;
  }

  private async views(rows: BranchRow[]): Promise<TemporaryBranchView[]> {
    const paths = new Map<string, string[]>();
    for (const r of rows) if (!paths.has(r.region_path)) paths.set(r.region_path, await this.repo.pathNames(r.region_path));
    return rows.map((r) => toView(r, paths.get(r.region_path)!));
  }

  private async detail(id: number): Promise<TemporaryBranchDetail> {
    const row = (await this.repo.find(id))!;
    const [view] = await this.views([row]);
    return { ...view!, members: (await this.repo.members([id])).map(toMember) };
  }

  /**
   * Of these region paths, those an active branch serves (set up there or above): a sealed area
   * without one is what the duty module prompts the community about.
   */
  async coveredPaths(paths: readonly string[]): Promise<Set<string>> {
    return this.repo.coveredPaths(paths);
  }

  async list(ctx: RequestContext, query: TemporaryBranchesQuery): Promise<TemporaryBranchesPage> {
    const { actor } = signedIn(ctx);
    const { limit, offset, ...filter } = query;
    const { rows, total } = await this.repo.list(this.scope(actor), filter, limit, offset);
    return { items: await this.views(rows), total };
  }

  async get(ctx: RequestContext, id: number): Promise<TemporaryBranchDetail> {
    const { actor } = signedIn(ctx);
    await this.branch(actor, id);
    return this.detail(id);
  }

  /** The party orgs the actor may set a branch up under. */
  async parents(ctx: RequestContext): Promise<TemporaryBranchParent[]> {
    const { actor } = signedIn(ctx);
    const rows = await this.repo.partyOrgsIn(this.scope(actor), parentTypes);
    return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, regionName: r.region_name ?? '' }));
  }

  async create(ctx: RequestContext, input: CreateTemporaryBranchRequest): Promise<TemporaryBranchDetail> {
    const { actor } = signedIn(ctx);
    const scope = this.scope(actor);
    const area = await this.repo.region(input.regionId);
    if (!area) throw notFound('所在区域');
    if (!covers(scope, area.path)) throw forbidden('该区域不在您的管辖范围内');
    if (!temporaryBranchAreaLevels[input.purpose].includes(area.level)) {
      throw invalid(`${temporaryBranchPurpose.label(input.purpose)}的区域应为${temporaryBranchAreaLevels[input.purpose].map((l) => regionLevel.label(l)).join('、')}`);
    }
    const task = input.purpose === 'sealed_area' ? (input.task || null) : input.task!;
    const id = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const orgs = new OrgsRepository(trx);
      // Locked, so that the parent cannot close while the branch is set up under it.
      const parent = await orgs.lock(input.parentOrgId);
      const placed = parent && (await repo.partyOrg(parent.id));
      if (!parent || !placed) throw notFound('上级党组织');
      if (!placed.region_path || !covers(scope, placed.region_path)) throw forbidden('该党组织不在您的管辖范围内');
      if (!parentTypes.includes(parent.type)) throw invalid(`“${parent.name}”不是党委、党总支或党工委，不能设立临时党支部`);
      if (parent.status !== 'active') throw new AppError('ORG_CLOSED', `“${parent.name}”已撤销`);
      const orgId = await orgs.insert(parent, { type: 'temporary_branch', name: input.name, region_id: area.id });
      await repo.insert({ org_id: orgId, purpose: input.purpose, region_id: area.id, task, set_up_by: actor.userId });
      await audit(trx, ctx, {
        action: 'temporary_branch.create',
        entity: 'org',
        entityId: orgId,
        changes: { name: input.name, purpose: input.purpose, regionId: area.id, parentOrgId: parent.id, task },
      });
      return orgId;
    });
    return this.detail(id);
  }

  /** Confirmed enrolments at the communities of the branch's area, marked when already members. */
  async candidates(ctx: RequestContext, id: number): Promise<TemporaryBranchCandidate[]> {
    const { actor } = signedIn(ctx);
    const branch = await this.branch(actor, id);
    const communities = await this.repo.communitiesOf(branch.region_path, this.scope(actor));
    const current = await this.repo.currentPersonIds(id);
    const out: TemporaryBranchCandidate[] = [];
    for (const c of communities) {
      for (const e of await this.enrolments.confirmedIn(c.id)) {
        out.push({ enrolmentId: e.id, personId: e.personId, name: e.personName, communityId: c.id, communityName: c.name, member: current.has(e.personId) });
      }
    }
    return out;
  }

  /**
   * Runs a change of an active branch's members, holding the branch so that it cannot be
   * dissolved meanwhile: shared for adding and removing members, which may run side by side;
   * exclusive for naming the secretary, which rewrites up to four rows, so that two namings
   * never interleave (they would deadlock on each other's rows).
   */
  private async change<T>(branch: BranchRow, mode: 'share' | 'update', work: (repo: TemporaryBranchesRepository, trx: Kysely<DB>) => Promise<T>): Promise<T> {
    if (branch.dissolved_at || branch.org_status !== 'active') throw dissolvedError(branch.name);
    return this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const held = await repo.lock(branch.org_id, mode);
      if (!held || held.dissolved_at) throw dissolvedError(branch.name);
      return work(repo, trx);
    });
  }

  async addMembers(ctx: RequestContext, id: number, input: AddTemporaryBranchMembersRequest): Promise<TemporaryBranchDetail> {
    const { actor } = signedIn(ctx);
    const branch = await this.branch(actor, id);
    const scope = this.scope(actor);
    const ids = [...new Set(input.enrolmentIds)];
    const refs = await this.enrolments.confirmed(ids);
    const found = new Set(refs.map((r) => r.id));
    const missing = ids.filter((e) => !found.has(e));
    if (missing.length) throw invalid(`报到记录 ${missing.join('、')} 不存在或尚未确认`);
    // Members come from the communities of the area: the one holding it, or those under it.
    const outside = refs.filter(
      (r) => !covers(scope, r.communityPath) || !(within(r.communityPath, branch.region_path) || within(branch.region_path, r.communityPath)),
    );
    if (outside.length) throw invalid(`${outside.map((r) => r.personName).join('、')} 不是在本区域社区报到的党员`);
    // In one order, so that two additions of overlapping people never wait on each other crosswise.
    const personIds = [...new Set(refs.map((r) => r.personId))].sort((a, b) => a - b);
    const added = await this.change(branch, 'share', async (repo, trx) => {
      const added = await repo.addMembers(id, personIds);
      await audit(trx, ctx, { action: 'temporary_branch.add_members', entity: 'org', entityId: id, changes: { enrolmentIds: ids, added } });
      return added;
    });
    if (added.length) await this.enrolments.touch(refs.filter((r) => added.includes(r.personId)).map((r) => r.id));
    return this.detail(id);
  }

  async removeMember(ctx: RequestContext, id: number, personId: number): Promise<TemporaryBranchDetail> {
    const { actor } = signedIn(ctx);
    const branch = await this.branch(actor, id);
    await this.change(branch, 'share', async (repo, trx) => {
      const row = await repo.currentRow(id, personId);
      if (!row || !(await repo.closeRow(row.id))) throw invalid('该人员不是本临时党支部的现有党员');
      await audit(trx, ctx, { action: 'temporary_branch.remove_member', entity: 'org', entityId: id, changes: { personId, role: row.role } });
    });
    return this.detail(id);
  }

  /**
   * Names the secretary: the old secretary's row closes and a member row opens for them; the
   * new secretary's member row closes and a secretary row opens, so the history shows who held
   * the post when. "At most one current secretary" is the partial unique index's to keep; the
   * exclusive hold on the branch only spares concurrent namings a deadlock.
   */
  async nameSecretary(ctx: RequestContext, id: number, personId: number): Promise<TemporaryBranchDetail> {
    const { actor } = signedIn(ctx);
    const branch = await this.branch(actor, id);
    await this.change(branch, 'update', async (repo, trx) => {
      const row = await repo.currentRow(id, personId);
      if (!row) throw invalid('书记须是本临时党支部的现有党员');
      if (row.role === 'secretary') return;
      const previous = await repo.closeSecretary(id);
      if (previous !== undefined) await repo.openRow(id, previous, 'member');
      await repo.closeRow(row.id);
      await repo.openRow(id, personId, 'secretary');
      await audit(trx, ctx, { action: 'temporary_branch.name_secretary', entity: 'org', entityId: id, changes: { secretary: [previous ?? null, personId] } });
    });
    return this.detail(id);
  }

  /** Dissolving ends every membership and closes the org (kept, with its history). */
  async dissolve(ctx: RequestContext, id: number, reason: string): Promise<TemporaryBranchDetail> {
    const { actor } = signedIn(ctx);
    const branch = await this.branch(actor, id);
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const orgs = new OrgsRepository(trx);
      const held = await repo.lock(id, 'update');
      const org = await orgs.lock(id);
      if (!held || !org || held.dissolved_at) throw dissolvedError(branch.name);
      // An org admin may have closed the org in the org tree already; the branch still ends here.
      const open = org.status === 'active';
      if (open && (await orgs.activeChildCount(id)) > 0) throw new AppError('INVALID_STATE', `“${branch.name}”下还有未撤销的下级组织`);
      const ended = await repo.dissolve(id, reason);
      if (open) await orgs.close(id, reason);
      await audit(trx, ctx, { action: 'temporary_branch.dissolve', entity: 'org', entityId: id, changes: { reason, membershipsEnded: ended } });
    });
    return this.detail(id);
  }

  // ---- The ledger (临时党支部台账) ----

  async export(ctx: RequestContext, query: TemporaryBranchLedgerQuery): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    const { rows } = await this.repo.list(this.scope(actor), query, null);
    const views = await this.views(rows);
    const members = await this.repo.members(rows.map((r) => r.org_id));
    const names = new Map(rows.map((r) => [r.org_id, r.name]));
    await audit(this.db, ctx, { action: 'temporary_branch.export', entity: 'temporary_branch', detail: `${rows.length} branches, ${members.length} memberships` });
    const file = await writeLedger([
      {
        name: '临时党支部台账',
        title: `临时党支部台账（${date(new Date())}）`,
        columns: temporaryBranchLedgerColumns.map((header) => ({ header, width: ['临时党支部', '所在区域', '隔离点/任务', '上级党组织', '撤销原因'].includes(header) ? 30 : 12 })),
        rows: views.map((v) => [
          v.name,
          temporaryBranchPurpose.label(v.purpose),
          [...v.regionPathNames, v.regionName].join(' / '),
          v.task ?? '',
          v.parentOrgName ?? '',
          v.secretary?.name ?? '',
          v.memberCount,
          date(v.setUpAt),
          v.dissolvedAt ? date(v.dissolvedAt) : '',
          v.dissolvedReason ?? '',
        ]),
      },
      {
        name: '成员',
        columns: temporaryBranchMemberLedgerColumns.map((header) => ({ header, width: header === '临时党支部' ? 30 : header === '姓名' ? 12 : 18 })),
        rows: members.map((m) => [names.get(m.org_id) ?? '', m.name, temporaryBranchRole.label(m.role), dateTime(m.joined_at), m.left_at ? dateTime(m.left_at) : '']),
      },
    ]);
    return { file, name: '临时党支部台账.xlsx' };
  }
}


function toView(r: BranchRow, pathNames: string[]): TemporaryBranchView {
  return {
    id: r.org_id,
    name: r.name,
    purpose: r.purpose,
    regionId: r.region_id,
    regionName: r.region_name,
    regionPathNames: pathNames,
    task: r.task,
    parentOrgId: r.parent_id,
    parentOrgName: r.parent_name,
    secretary: r.secretary_id !== null ? { personId: r.secretary_id, name: r.secretary_name ?? '' } : null,
    memberCount: Number(r.member_count),
    status: r.dissolved_at ? 'dissolved' : 'active',
    setUpAt: r.set_up_at.toISOString(),
    dissolvedAt: r.dissolved_at?.toISOString() ?? null,
    dissolvedReason: r.dissolved_reason,
  };
}

function toMember(m: MemberRow): TemporaryBranchMember {
  return { id: m.id, personId: m.person_id, name: m.name, role: m.role, joinedAt: m.joined_at.toISOString(), leftAt: m.left_at?.toISOString() ?? null };
}
