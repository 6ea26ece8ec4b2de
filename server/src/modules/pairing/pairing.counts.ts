import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { underPath } from '../../platform/access.js';
import { byChildAndTotal, childOf, isTotal, toRollUp, type RollUp } from '../../platform/rollup.js';

/** The pairing module's public read API for roll-ups (报到情况): pairings counted up the region tree. */
export class PairingCounts {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Distinct units with a confirmed pairing, and pending pairings, at a street or community at or
   * under the region at `path`, by the region's child.
   */
  async underRegion(path: string): Promise<RollUp<'pairedUnits' | 'pendingPairings'>> {
    const placed = this.db
      .selectFrom('pairing as p')
      .innerJoin('region as r', 'r.id', 'p.region_id')
      .where('p.status', 'in', ['pending', 'confirmed'])
      .where(underPath(sql.ref('r.path'), path))
      .select([childOf(sql.ref('r.path'), path).as('child'), 'p.unit_id', 'p.status']);
    const rows = await this.db
      .selectFrom(placed.as('s'))
      .select([
        sql<string | null>`child`.as('child'),
        isTotal.as('total'),
        sql<number>`(count(DISTINCT unit_id) FILTER (WHERE status = 'confirmed'))::int`.as('pairedUnits'),
        sql<number>`(count(*) FILTER (WHERE status = 'pending'))::int`.as('pendingPairings'),
      ])
      .groupBy(byChildAndTotal)
      .execute();
    return toRollUp(['pairedUnits', 'pendingPairings'], rows);
  }
}
