import type { Kysely } from 'kysely';
import {
  dutyLedgerColumns,
  dutyRole,
  regionLevel,
  responsibilityKind,
  responsibilityLevels,
  type Answerer,
  type AssignDutyRoleRequest,
  type AssignResponsibilityRequest,
  type CommunityDuty,
  type DutyMember,
  type DutyRoleView,
  type GridCoverage,
  type MyDuty,
  type RegionAnswerers,
  type RegionLevel,
  type ResponsibilityView,
  type UncoveredHousehold,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { covers, type Actor } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { writeLedger } from '../../platform/excel.js';
import { maskPhone } from '../../platform/masking.js';
import { EnrolmentService } from '../enrolment/enrolment.service.js';
import type { EnrolmentRef } from '../enrolment/enrolment.repository.js';
import { ResponsibilitiesRepository, type DutyRoleRow, type RegionRef, type ResponsibilityRow } from './responsibilities.repository.js';

const outOfScope = () => forbidden('该社区不在您的管辖范围内');
const within = (path: string, ancestor: string) => path.startsWith(`${ancestor}.`);

/**
 * Duty roles (信息员、巡查员…), responsibility zones (党员责任区) and household care (包户): a
 * community gives its confirmed enrolled members work and sees which households nobody answers
 * for. Everything hangs off a confirmed enrolment, so a member whose enrolment ends drops out of
 * every list here without a write.
 */
export class ResponsibilitiesService {
  private readonly repo: ResponsibilitiesRepository;
  private readonly enrolments: EnrolmentService;

  constructor(private readonly db: Kysely<DB>) {
    this.repo = new ResponsibilitiesRepository(db);
    this.enrolments = new EnrolmentService(db);
  }

  /** A community the actor may assign duties in. */
  private async community(actor: Actor, id: number): Promise<RegionRef> {
    actor.require('duty.assign');
    const node = await this.repo.region(id);
    if (!node) throw notFound('社区');
    if (!covers(actor.regionScope('duty.assign'), node.path)) throw outOfScope();
    if (node.level !== 'community') throw new AppError('RESPONSIBILITY_INVALID', `“${node.name}”不是社区`);
    return node;
  }

  /** A confirmed enrolment in a community the actor may assign duties in. */
  private async member(actor: Actor, enrolmentId: number): Promise<EnrolmentRef> {
    actor.require('duty.assign');
    const [ref] = await this.enrolments.confirmed([enrolmentId]);
    if (!ref) throw new AppError('ENROLMENT_NOT_CONFIRMED', '该成员未在社区报到，或报到尚未确认');
    if (!covers(actor.regionScope('duty.assign'), ref.communityPath)) throw outOfScope();
    return ref;
  }

  /** A node the actor may read. */
  private async readable(actor: Actor, id: number): Promise<RegionRef> {
    actor.require('region.read');
    const node = await this.repo.region(id);
    if (!node) throw notFound('属地节点');
    if (!covers(actor.regionScope('region.read'), node.path)) throw forbidden('该节点不在您的管辖范围内');
    return node;
  }

  /** The community a node below one lies in. */
  private async communityOf(node: RegionRef): Promise<RegionRef> {
    const community = node.level === 'community' ? undefined : await this.repo.communityOf(node.path);
    if (!community) throw new AppError('RESPONSIBILITY_INVALID', '请选择社区之下的网格、楼栋、单元或户');
    return community;
  }

  /** Labels responsibilities in one community with the names of their places from the grid down. */
  private async views(rows: ResponsibilityRow[], communityPath: string): Promise<ResponsibilityView[]> {
    const depth = communityPath.split('.').length;
    const localIds = (path: string) => path.split('.').slice(depth).map(Number);
    const names = await this.repo.regionNames(rows.flatMap((r) => localIds(r.region_path)));
    return rows.map((r) => ({
      id: r.id,
      enrolmentId: r.enrolment_id,
      kind: r.kind,
      regionId: r.region_id,
      regionLevel: r.region_level,
      place: localIds(r.region_path).map((id) => names.get(id) ?? ''),
      note: r.note,
      since: r.created_at.toISOString(),
    }));
  }

  /** What members of one community answer for now. */
  private async duties(refs: EnrolmentRef[]): Promise<Array<{ ref: EnrolmentRef; dutyRoles: DutyRoleView[]; zones: ResponsibilityView[]; care: ResponsibilityView[] }>> {
    const ids = refs.map((r) => r.id);
    const [roles, rows] = await Promise.all([this.repo.currentDutyRoles(ids), this.repo.currentResponsibilities(ids)]);
    const views = await this.views(rows, refs[0]?.communityPath ?? '');
    return refs.map((ref) => ({
      ref,
      dutyRoles: roles.filter((r) => r.enrolment_id === ref.id).map(roleView),
      zones: views.filter((v) => v.enrolmentId === ref.id && v.kind === 'zone'),
      care: views.filter((v) => v.enrolmentId === ref.id && v.kind === 'care'),
    }));
  }

  private async members(community: RegionRef): Promise<DutyMember[]> {
    const refs = await this.enrolments.confirmedIn(community.id);
    const [duties, phones] = await Promise.all([this.duties(refs), this.repo.phones(refs.map((r) => r.personId))]);
    return duties.map(({ ref, ...d }) => ({
      enrolmentId: ref.id,
      personId: ref.personId,
      name: ref.personName,
      phone: maskPhone(phones.get(ref.personId) ?? null),
      ...d,
    }));
  }

  async communityDuty(ctx: RequestContext, communityId: number): Promise<CommunityDuty> {
    const { actor } = signedIn(ctx);
    const community = await this.community(actor, communityId);
    return { community: { id: community.id, name: community.name }, members: await this.members(community) };
  }

  async assignDutyRole(ctx: RequestContext, input: AssignDutyRoleRequest): Promise<DutyRoleView> {
    const { actor } = signedIn(ctx);
    const ref = await this.member(actor, input.enrolmentId);
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await uniquely(this.repo.with(trx).insertDutyRole(ref.id, input.role, actor.userId), `${ref.personName}当前已是${dutyRole.label(input.role)}`);
      await audit(trx, ctx, { action: 'duty_role.assign', entity: 'duty_role_assignment', entityId: inserted.id, changes: { enrolmentId: ref.id, personId: ref.personId, role: input.role } });
      return inserted;
    });
    await this.enrolments.touch([ref.id]);
    return roleView(row);
  }

  async endDutyRole(ctx: RequestContext, id: number): Promise<void> {
    const { actor } = signedIn(ctx);
    actor.require('duty.assign');
    const row = await this.repo.dutyRole(id);
    if (!row) throw notFound('职责');
    await this.member(actor, row.enrolment_id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).endDutyRole(id))) throw new AppError('INVALID_STATE', '该职责已经结束');
      await audit(trx, ctx, { action: 'duty_role.end', entity: 'duty_role_assignment', entityId: id, changes: { enrolmentId: row.enrolment_id, role: row.role } });
    });
  }

  async assignResponsibility(ctx: RequestContext, input: AssignResponsibilityRequest): Promise<ResponsibilityView> {
    const { actor } = signedIn(ctx);
    const ref = await this.member(actor, input.enrolmentId);
    const node = await this.repo.region(input.regionId);
    const levels: readonly RegionLevel[] = responsibilityLevels[input.kind];
    if (!node || !within(node.path, ref.communityPath)) {
      throw new AppError('RESPONSIBILITY_INVALID', `所选属地不在${ref.personName}报到的社区之内`);
    }
    if (!levels.includes(node.level)) {
      throw new AppError('RESPONSIBILITY_INVALID', `${responsibilityKind.label(input.kind)}只能是${levels.map((l) => regionLevel.label(l)).join('或')}，“${node.name}”是${regionLevel.label(node.level)}`);
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const newId = await uniquely(
        this.repo.with(trx).insertResponsibility({ enrolmentId: ref.id, kind: input.kind, regionId: node.id, note: input.note || null, assignedBy: actor.userId }),
        `${ref.personName}已经负责“${node.name}”`,
      );
      await audit(trx, ctx, {
        action: 'responsibility.assign',
        entity: 'responsibility',
        entityId: newId,
        changes: { enrolmentId: ref.id, personId: ref.personId, kind: input.kind, regionId: node.id, note: input.note || null },
      });
      return newId;
    });
    await this.enrolments.touch([ref.id]);
    const [view] = await this.views((await this.repo.currentResponsibilities([ref.id])).filter((r) => r.id === id), ref.communityPath);
    return view!;
  }

  async endResponsibility(ctx: RequestContext, id: number): Promise<void> {
    const { actor } = signedIn(ctx);
    actor.require('duty.assign');
    const row = await this.repo.responsibility(id);
    if (!row) throw notFound('责任区或包户');
    await this.member(actor, row.enrolment_id);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).endResponsibility(id))) throw new AppError('INVALID_STATE', '该责任区或包户已经结束');
      await audit(trx, ctx, { action: 'responsibility.end', entity: 'responsibility', entityId: id, changes: { enrolmentId: row.enrolment_id, kind: row.kind, regionId: row.region_id } });
    });
  }

  // ---- Who answers for a place, and where nobody does ----

  /** Who answers for a grid, building, entrance or household: care on it, zones on it or above it. */
  async answerers(ctx: RequestContext, regionId: number): Promise<RegionAnswerers> {
    const { actor } = signedIn(ctx);
    const node = await this.readable(actor, regionId);
    const community = await this.communityOf(node);
    const refs = await this.enrolments.confirmedIn(community.id);
    const rows = await this.repo.currentOn(node.path.split('.').map(Number), refs.map((r) => r.id));
    const [views, phones] = await Promise.all([this.views(rows, community.path), this.repo.phones(refs.map((r) => r.personId))]);
    const byId = new Map(refs.map((r) => [r.id, r]));
    const answerers: Answerer[] = views.map((v) => {
      const ref = byId.get(v.enrolmentId)!;
      return { ...v, personName: ref.personName, phone: maskPhone(phones.get(ref.personId) ?? null) };
    });
    return { care: answerers.filter((a) => a.kind === 'care'), zones: answerers.filter((a) => a.kind === 'zone') };
  }

  async coverage(ctx: RequestContext, communityId: number): Promise<GridCoverage[]> {
    const { actor } = signedIn(ctx);
    const node = await this.readable(actor, communityId);
    if (node.level !== 'community') throw new AppError('RESPONSIBILITY_INVALID', `“${node.name}”不是社区`);
    const refs = await this.enrolments.confirmedIn(node.id);
    const [grids, counts] = await Promise.all([this.repo.gridsOf(node.path), this.repo.coverage(node.path, refs.map((r) => r.id))]);
    return grids.map((g) => {
      const c = counts.get(g.id) ?? { households: 0, covered: 0 };
      return { gridId: g.id, gridName: g.name, households: c.households, covered: c.covered, uncovered: c.households - c.covered };
    });
  }

  async uncovered(ctx: RequestContext, gridId: number): Promise<UncoveredHousehold[]> {
    const { actor } = signedIn(ctx);
    const node = await this.readable(actor, gridId);
    if (node.level !== 'grid') throw new AppError('RESPONSIBILITY_INVALID', `“${node.name}”不是网格`);
    const community = await this.communityOf(node);
    const refs = await this.enrolments.confirmedIn(community.id);
    const rows = await this.repo.uncovered(node.path, community.path, refs.map((r) => r.id));
    const below = (path: string) => path.split('.').slice(community.path.split('.').length).map(Number);
    const names = await this.repo.regionNames(rows.flatMap((r) => below(r.path)));
    return rows
      .map((r) => ({ id: r.id, place: below(r.path).map((id) => names.get(id) ?? '') }))
      .sort((a, b) => a.place.join('\u0000').localeCompare(b.place.join('\u0000'), 'zh-CN', { numeric: true }));
  }

  // ---- The member's own ----

  async mine(ctx: RequestContext): Promise<MyDuty> {
    const { actor } = signedIn(ctx);
    const ref = actor.personId === null ? undefined : await this.enrolments.confirmedOf(actor.personId);
    if (!ref) return { community: null, dutyRoles: [], zones: [], care: [] };
    const [mine] = await this.duties([ref]);
    const names = await this.repo.regionNames([ref.communityId]);
    return { community: { id: ref.communityId, name: names.get(ref.communityId) ?? '' }, dutyRoles: mine!.dutyRoles, zones: mine!.zones, care: mine!.care };
  }

  // ---- The 党员责任区/包户台账 ----

  async export(ctx: RequestContext, communityId: number): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    const community = await this.community(actor, communityId);
    const members = await this.members(community);
    await audit(this.db, ctx, { action: 'duty.export', entity: 'region', entityId: community.id, detail: `${members.length} rows, masked` });
    const places = (list: ResponsibilityView[]) => list.map((v) => v.place.join('')).join('、');
    const file = await writeLedger([
      {
        name: '党员责任区包户台账',
        title: `${community.name} 党员责任区/包户台账`,
        columns: dutyLedgerColumns.map((header, i) => ({ header, width: [12, 14, 24, 30, 40][i] })),
        rows: members.map((m) => [m.name, m.phone ?? '', m.dutyRoles.map((r) => dutyRole.label(r.role)).join('、'), places(m.zones), places(m.care)]),
      },
    ]);
    return { file, name: `${community.name}-党员责任区包户台账.xlsx` };
  }
}

function roleView(r: DutyRoleRow): DutyRoleView {
  return { id: r.id, enrolmentId: r.enrolment_id, role: r.role, since: r.created_at.toISOString() };
}

/** A second current assignment of the same thing is refused by a unique index: say which. */
async function uniquely<T>(write: Promise<T>, message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', message);
    throw error;
  }
}
