import type { Kysely } from 'kysely';
import {
  orgType,
  pairingLedgerColumns,
  pairingPlaceLevels,
  pairingStatus,
  pairingUnitTypes,
  teamKind,
  type CreatePairingRequest,
  type DeclinePairingRequest,
  type OrgType,
  type PairingLedgerQuery,
  type PairingsPage,
  type PairingsQuery,
  type PairingStatus,
  type PairingView,
  type RegionLevel,
  type TeamView,
  type UpdatePairingRequest,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { covers, type Actor, type Scope } from '../../platform/access.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { writeLedger } from '../../platform/excel.js';
import { maskPhone } from '../../platform/masking.js';
import type { TeamsService } from '../teams/teams.service.js';
import { PairingRepository, type PairingFields, type PairingOffer, type PairingFilter, type PairingRow } from './pairing.repository.js';
import { chinaDateTimeOrBlank } from '../../platform/china-time.js';

/** Which side of a pairing the actor stands on: the unit's (pairing.write) or the place's (pairing.review). */
interface Sides {
  unit: boolean;
  place: boolean;
}

/**
 * Unit pairing (单位报到): a work unit's org admin pairs the unit with the street or community
 * where it sits, names a liaison and says what it offers; the place confirms or declines; either
 * side ends a confirmed pairing. Every change of status is a conditional UPDATE, so concurrent
 * decisions cannot both win.
 */
/** Someone a unit offers to a place, as allocation and duty see them (phone masked). */
export interface OfferedPerson extends Omit<PairingOffer, 'teamId'> {
  personId: number;
  personName: string;
  phone: string | null;
}

export class PairingService {
  private readonly repo: PairingRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly teams: TeamsService,
  ) {
    this.repo = new PairingRepository(db);
  }

  /**
   * People that units offer through confirmed pairings with places in scope: the current members
   * of the teams each pairing offers, with the paired place as where they serve from. A person in
   * two offers is listed once, at the first pairing. The caller authorizes the scope.
   */
  async offeredPeople(placeScope: Scope): Promise<OfferedPerson[]> {
    const offers = await this.repo.offersIn(placeScope);
    const teams = new Map((await this.teams.viewsOf([...new Set(offers.map((o) => o.teamId))])).map((t) => [t.id, t]));
    const people = new Map<number, OfferedPerson>();
    for (const offer of offers) {
      const team = teams.get(offer.teamId);
      if (!team || team.status !== 'active') continue;
      for (const m of team.members) {
        if (m.leftAt !== null || people.has(m.personId)) continue;
        people.set(m.personId, {
          pairingId: offer.pairingId,
          unitName: offer.unitName,
          placeId: offer.placeId,
          placeName: offer.placeName,
          placePath: offer.placePath,
          latitude: offer.latitude,
          longitude: offer.longitude,
          personId: m.personId,
          personName: m.name,
          phone: m.phone,
        });
      }
    }
    return [...people.values()];
  }

  private sides(actor: Actor, p: PairingRow): Sides {
    return {
      unit: covers(actor.orgScope('pairing.write'), p.unit_path),
      place: covers(actor.regionScope('pairing.review'), p.region_path),
    };
  }

  /** A pairing the actor stands on `side` of (either side when none is named). */
  private async visible(actor: Actor, id: number, side?: keyof Sides): Promise<PairingRow> {
    const p = await this.repo.find(id);
    if (!p) throw notFound('报到记录');
    const sides = this.sides(actor, p);
    if (side ? !sides[side] : !sides.unit && !sides.place) throw forbidden('该报到记录不在您的管辖范围内');
    return p;
  }

  /** A unit the actor may pair: in its pairing.write scope, of a type that pairs, active. */
  private async unit(actor: Actor, id: number, repo = this.repo, lock = false) {
    const unit = await repo.unit(id, lock);
    if (!unit) throw notFound('单位');
    if (!covers(actor.orgScope('pairing.write'), unit.path)) throw forbidden('该单位不在您的管辖范围内');
    if (!(pairingUnitTypes as readonly OrgType[]).includes(unit.type)) {
      throw new AppError('PAIRING_TARGET_INVALID', `${orgType.label(unit.type)}不能报到，应由单位或单位党组织报到`);
    }
    if (unit.status !== 'active') throw new AppError('ORG_CLOSED', `“${unit.name}”已撤销`);
    return unit;
  }

  /** Teams newly offered must be the unit's own active teams. */
  private async checkTeams(unitId: number, teamIds: readonly number[]): Promise<void> {
    if (teamIds.length === 0) return;
    const own = await this.teams.activeOwnedBy(unitId, teamIds);
    if (own.length !== teamIds.length) throw new AppError('TEAM_INVALID', '只能投入本单位在编的队伍');
  }

  private async views(rows: PairingRow[]): Promise<PairingView[]> {
    const links = await this.repo.teamIds(rows.map((r) => r.id));
    const teams = new Map((await this.teams.viewsOf([...new Set(links.map((l) => l.team_id))])).map((t) => [t.id, t]));
    return rows.map((r) => toView(r, links.filter((l) => l.pairing_id === r.id).map((l) => teams.get(l.team_id)!)));
  }

  private async view(id: number): Promise<PairingView> {
    return (await this.views([(await this.repo.find(id))!]))[0]!;
  }

  private filterOf(actor: Actor, query: PairingLedgerQuery): PairingFilter {
    const { side, ...narrow } = query;
    if (side === 'unit') {
      actor.require('pairing.write');
      return { ...narrow, unitScope: actor.orgScope('pairing.write') };
    }
    actor.require('pairing.review');
    return { ...narrow, placeScope: actor.regionScope('pairing.review') };
  }

  async list(ctx: RequestContext, query: PairingsQuery): Promise<PairingsPage> {
    const { actor } = signedIn(ctx);
    const { limit, offset, ...filter } = query;
    const { rows, total } = await this.repo.list(this.filterOf(actor, filter), limit, offset);
    return { items: await this.views(rows), total };
  }

  async get(ctx: RequestContext, id: number): Promise<PairingView> {
    const { actor } = signedIn(ctx);
    await this.visible(actor, id);
    return this.view(id);
  }

  async create(ctx: RequestContext, input: CreatePairingRequest): Promise<PairingView> {
    const { actor } = signedIn(ctx);
    actor.require('pairing.write');
    await this.unit(actor, input.unitId);
    const place = await this.repo.place(input.regionId);
    if (!place) throw notFound('街道/社区');
    if (!(pairingPlaceLevels as readonly RegionLevel[]).includes(place.level)) throw new AppError('PAIRING_TARGET_INVALID', '只能向街道或社区报到');
    await this.checkTeams(input.unitId, input.teamIds);
    const fields: PairingFields = {
      liaison_name: input.liaisonName,
      liaison_phone: input.liaisonPhone,
      offer_people: input.offerPeople,
      offer_funds: input.offerFunds,
      offer_materials: input.offerMaterials || null,
      note: input.note || null,
    };
    const id = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      // Again under a share lock: the unit cannot close while its pairing is made.
      await this.unit(actor, input.unitId, repo, true);
      const pairingId = await repo.insert(input.unitId, place.id, fields, actor.userId);
      if (pairingId === undefined) throw new AppError('PAIRING_EXISTS', `该单位已向“${place.name}”报到（待确认或已确认）`);
      await repo.setTeams(pairingId, input.teamIds);
      await audit(trx, ctx, {
        action: 'pairing.create',
        entity: 'pairing',
        entityId: pairingId,
        changes: { unitId: input.unitId, regionId: place.id, ...fields, liaison_phone: maskPhone(fields.liaison_phone), teamIds: input.teamIds },
      });
      return pairingId;
    });
    return this.view(id);
  }

  /** The unit changes its liaison or offers while the pairing is open (pending or confirmed). */
  async update(ctx: RequestContext, id: number, input: UpdatePairingRequest): Promise<PairingView> {
    const { actor } = signedIn(ctx);
    actor.require('pairing.write');
    const before = await this.visible(actor, id, 'unit');
    if (input.teamIds) {
      // Teams offered before stay allowed (one may have been dissolved since); new ones are checked.
      const offered = new Set((await this.repo.teamIds([id])).map((l) => l.team_id));
      await this.checkTeams(before.unit_id, input.teamIds.filter((t) => !offered.has(t)));
    }
    const patch: Partial<PairingFields> = {
      liaison_name: input.liaisonName,
      liaison_phone: input.liaisonPhone,
      offer_people: input.offerPeople,
      offer_funds: input.offerFunds,
      offer_materials: input.offerMaterials === undefined ? undefined : input.offerMaterials || null,
      note: input.note === undefined ? undefined : input.note || null,
    };
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      if (!(await repo.transition(id, ['pending', 'confirmed'], patch))) throw invalidState('已退回或已结束的报到不能修改');
      if (input.teamIds) await repo.setTeams(id, input.teamIds);
      const changes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        const old = key === 'offer_funds' ? Number(before.offer_funds) : before[key as keyof PairingFields];
        if (old === value) continue;
        changes[key] = key === 'liaison_phone' ? [maskPhone(old as string), maskPhone(value as string)] : [old, value];
      }
      if (input.teamIds) changes.teamIds = input.teamIds;
      await audit(trx, ctx, { action: 'pairing.update', entity: 'pairing', entityId: id, changes });
    });
    return this.view(id);
  }

  async confirm(ctx: RequestContext, id: number): Promise<PairingView> {
    const { actor } = signedIn(ctx);
    actor.require('pairing.review');
    await this.visible(actor, id, 'place');
    return this.decide(ctx, id, 'pairing.confirm', ['pending'], { status: 'confirmed', decided_by: actor.userId, decided: true }, '只能确认待确认的报到');
  }

  async decline(ctx: RequestContext, id: number, input: DeclinePairingRequest): Promise<PairingView> {
    const { actor } = signedIn(ctx);
    actor.require('pairing.review');
    await this.visible(actor, id, 'place');
    return this.decide(ctx, id, 'pairing.decline', ['pending'], { status: 'declined', decided_by: actor.userId, decline_reason: input.reason, decided: true }, '只能退回待确认的报到');
  }

  /** The unit takes back a pairing the place has not decided yet. */
  async withdraw(ctx: RequestContext, id: number): Promise<PairingView> {
    const { actor } = signedIn(ctx);
    actor.require('pairing.write');
    await this.visible(actor, id, 'unit');
    return this.decide(ctx, id, 'pairing.withdraw', ['pending'], { status: 'ended', ended: true }, '只能撤回待确认的报到');
  }

  /** Either side ends a confirmed pairing. */
  async end(ctx: RequestContext, id: number): Promise<PairingView> {
    const { actor } = signedIn(ctx);
    await this.visible(actor, id);
    return this.decide(ctx, id, 'pairing.end', ['confirmed'], { status: 'ended', ended: true }, '只能结束已确认的报到');
  }

  private async decide(
    ctx: RequestContext,
    id: number,
    action: string,
    from: readonly PairingStatus[],
    set: Parameters<PairingRepository['transition']>[2] & { status: PairingStatus },
    refusal: string,
  ): Promise<PairingView> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.with(trx).transition(id, from, set))) throw invalidState(refusal);
      await audit(trx, ctx, {
        action,
        entity: 'pairing',
        entityId: id,
        changes: { status: [from.join('|'), set.status], ...(set.decline_reason ? { declineReason: set.decline_reason } : {}) },
      });
    });
    return this.view(id);
  }

  // ---- The pairing ledger (单位报到台账) ----

  async export(ctx: RequestContext, query: PairingLedgerQuery): Promise<{ file: Buffer; name: string }> {
    const { actor } = signedIn(ctx);
    const { rows } = await this.repo.list(this.filterOf(actor, query), null);
    const items = await this.views(rows);
    const title = query.side === 'unit' ? '单位报到台账（本单位的报到）' : '单位报到台账（到本街道/社区报到的单位）';
    await audit(this.db, ctx, { action: 'pairing.export', entity: 'pairing', detail: `${query.side}, ${items.length} rows` });
    const file = await writeLedger([
      {
        name: '单位报到台账',
        title: `${title} ${chinaDateTimeOrBlank(new Date())}`,
        columns: pairingLedgerColumns.map((header) => ({ header, width: ledgerWidths[header] ?? 14 })),
        rows: items.map((p) => [
          p.unitName,
          orgType.label(p.unitType),
          p.regionName,
          p.liaisonName,
          p.liaisonPhone,
          p.offerPeople,
          p.offerFunds,
          p.offerMaterials ?? '',
          p.teams.map((t) => `${t.name}（${teamKind.label(t.kind)}，${t.memberCount}人）`).join('、'),
          pairingStatus.label(p.status),
          p.declineReason ?? '',
          chinaDateTimeOrBlank(p.createdAt),
          chinaDateTimeOrBlank(p.decidedAt),
          chinaDateTimeOrBlank(p.endedAt),
          p.note ?? '',
        ]),
      },
    ]);
    return { file, name: `单位报到台账-${chinaDateTimeOrBlank(new Date()).slice(0, 10)}.xlsx` };
  }
}

const invalidState = (message: string) => new AppError('INVALID_STATE', message);

const ledgerWidths: Partial<Record<(typeof pairingLedgerColumns)[number], number>> = {
  报到单位: 28,
  '报到街道/社区': 20,
  投入物资: 28,
  投入队伍: 32,
  退回原因: 20,
  报到时间: 17,
  '确认/退回时间': 17,
  结束时间: 17,
  备注: 24,
};


function toView(r: PairingRow, teams: TeamView[]): PairingView {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitType: r.unit_type,
    regionId: r.region_id,
    regionName: r.region_name,
    regionLevel: r.region_level,
    liaisonName: r.liaison_name,
    liaisonPhone: r.liaison_phone,
    offerPeople: r.offer_people,
    offerFunds: Number(r.offer_funds),
    offerMaterials: r.offer_materials,
    note: r.note,
    status: r.status,
    declineReason: r.decline_reason,
    decidedAt: r.decided_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    teams,
  };
}
