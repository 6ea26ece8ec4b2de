import { sql, type Kysely, type Selectable } from 'kysely';
import type { OrgStatus, OrgType, PairingStatus, RegionLevel } from '@meshwork/contracts';
import type { DB, PairingTable } from '../../db/schema.js';
import { inScope, type Scope } from '../../platform/access.js';

/** A pairing with its unit and place placed in their trees and named. */
export interface PairingRow extends Selectable<PairingTable> {
  unit_name: string;
  unit_type: OrgType;
  unit_path: string;
  region_name: string;
  region_level: RegionLevel;
  region_path: string;
}

/**
 * Which pairings: those of units under `unitScope` and/or at places under `placeScope`, narrowed
 * by status, place and unit. Each side's list and ledger reads it, and so can a count.
 */
export interface PairingFilter {
  unitScope?: Scope;
  placeScope?: Scope;
  status?: PairingStatus;
  regionId?: number;
  unitId?: number;
}

export interface PairingOffer {
  pairingId: number;
  teamId: number;
  unitName: string;
  placeId: number;
  placeName: string;
  placePath: string;
  latitude: number | null;
  longitude: number | null;
}

export interface PairingFields {
  liaison_name: string;
  liaison_phone: string;
  offer_people: number;
  offer_funds: number;
  offer_materials: string | null;
  note: string | null;
}

/**
 * All SQL on pairings and the teams they offer. Joins org and region for the unit's and the
 * place's paths (the scope each side is read by) and names.
 */
export class PairingRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): PairingRepository {
    return new PairingRepository(db);
  }

  private rows() {
    return this.db
      .selectFrom('pairing as p')
      .innerJoin('org as u', 'u.id', 'p.unit_id')
      .innerJoin('region as r', 'r.id', 'p.region_id')
      .selectAll('p')
      .select([
        'u.name as unit_name',
        'u.type as unit_type',
        sql<string>`u.path::text`.as('unit_path'),
        'r.name as region_name',
        'r.level as region_level',
        sql<string>`r.path::text`.as('region_path'),
      ]);
  }

  async find(id: number): Promise<PairingRow | undefined> {
    return this.rows().where('p.id', '=', id).executeTakeFirst();
  }

  /** Newest first; `limit` null for all (the ledger). */
  async list(filter: PairingFilter, limit: number | null, offset = 0): Promise<{ rows: PairingRow[]; total: number }> {
    let base = this.rows();
    if (filter.unitScope) base = base.where(inScope(sql.ref('u.path'), filter.unitScope));
    if (filter.placeScope) base = base.where(inScope(sql.ref('r.path'), filter.placeScope));
    if (filter.status) base = base.where('p.status', '=', filter.status);
    if (filter.regionId !== undefined) base = base.where('p.region_id', '=', filter.regionId);
    if (filter.unitId !== undefined) base = base.where('p.unit_id', '=', filter.unitId);
    const { total } = await base
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow();
    let rows = base.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').offset(offset);
    if (limit !== null) rows = rows.limit(limit);
    return { rows: await rows.execute(), total: Number(total) };
  }

  /** Confirmed pairings at places in scope with the teams they offer, and where the place is. */
  async offersIn(placeScope: Scope): Promise<PairingOffer[]> {
    return this.db
      .selectFrom('pairing as p')
      .innerJoin('pairing_team as pt', 'pt.pairing_id', 'p.id')
      .innerJoin('org as u', 'u.id', 'p.unit_id')
      .innerJoin('region as r', 'r.id', 'p.region_id')
      .select([
        'p.id as pairingId',
        'pt.team_id as teamId',
        'u.name as unitName',
        'r.id as placeId',
        'r.name as placeName',
        sql<string>`r.path::text`.as('placePath'),
        'r.latitude',
        'r.longitude',
      ])
      .where('p.status', '=', 'confirmed')
      .where(inScope(sql.ref('r.path'), placeScope))
      .orderBy('p.id')
      .orderBy('pt.team_id')
      .execute();
  }

  /** The teams each pairing offers. */
  async teamIds(pairingIds: readonly number[]): Promise<Array<{ pairing_id: number; team_id: number }>> {
    if (pairingIds.length === 0) return [];
    return this.db.selectFrom('pairing_team').select(['pairing_id', 'team_id']).where('pairing_id', 'in', [...pairingIds]).orderBy('created_at').execute();
  }

  /** A new pending pairing, or undefined when the unit already holds an open one with the place (pairing_open_key). */
  async insert(unitId: number, regionId: number, fields: PairingFields, createdBy: number | null): Promise<number | undefined> {
    const row = await this.db
      .insertInto('pairing')
      .values({ unit_id: unitId, region_id: regionId, ...fields, created_by: createdBy })
      .onConflict((oc) => oc.columns(['unit_id', 'region_id']).where('status', 'in', ['pending', 'confirmed']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  /** Makes the offered teams exactly these; teams kept keep their date. */
  async setTeams(pairingId: number, teamIds: readonly number[]): Promise<void> {
    let removed = this.db.deleteFrom('pairing_team').where('pairing_id', '=', pairingId);
    if (teamIds.length > 0) removed = removed.where('team_id', 'not in', [...teamIds]);
    await removed.execute();
    if (teamIds.length === 0) return;
    await this.db
      .insertInto('pairing_team')
      .values(teamIds.map((team_id) => ({ pairing_id: pairingId, team_id })))
      .onConflict((oc) => oc.columns(['pairing_id', 'team_id']).doNothing())
      .execute();
  }

  /**
   * Changes a pairing only while its status is one of `from`: the condition is what decides a
   * race (a confirm against a decline, an edit against an end), so exactly one of them wins.
   */
  async transition(
    id: number,
    from: readonly PairingStatus[],
    set: Partial<PairingFields> & {
      status?: PairingStatus;
      decided_by?: number;
      decline_reason?: string;
      decided?: true;
      ended?: true;
    },
  ): Promise<boolean> {
    const { decided, ended, ...columns } = set;
    const row = await this.db
      .updateTable('pairing')
      .set({
        ...columns,
        ...(decided ? { decided_at: sql`now()` } : {}),
        ...(ended ? { ended_at: sql`now()` } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  // ---- Where a unit and a place sit ----

  /** The unit, share-locked inside a write so that it cannot close under a new pairing. */
  async unit(id: number, lock = false): Promise<{ id: number; name: string; type: OrgType; path: string; status: OrgStatus } | undefined> {
    const q = this.db.selectFrom('org').select(['id', 'name', 'type', sql<string>`path::text`.as('path'), 'status']).where('id', '=', id);
    return (lock ? q.forShare() : q).executeTakeFirst();
  }

  async place(id: number): Promise<{ id: number; name: string; level: RegionLevel; path: string } | undefined> {
    return this.db.selectFrom('region').select(['id', 'name', 'level', sql<string>`path::text`.as('path')]).where('id', '=', id).executeTakeFirst();
  }
}
