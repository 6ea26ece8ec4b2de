import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { underPath } from '../../platform/access.js';
import { byChildAndTotal, childOf, isTotal, toRollUp, type RollUp } from '../../platform/rollup.js';

/** The people module's public read API for roll-ups (报到情况): members counted up the org tree. */
export class PeopleCounts {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Distinct people with a party or work-unit membership at or under the org at `path`, by the
   * org's child they are under. A person in two children counts once at the node.
   */
  async membersUnder(path: string): Promise<RollUp<'members'>> {
    const memberships = this.db
      .selectFrom('party_membership')
      .select(['person_id', 'org_id'])
      .unionAll(this.db.selectFrom('work_unit_membership').select(['person_id', 'org_id']));
    const placed = this.db
      .selectFrom(memberships.as('m'))
      .innerJoin('org as o', 'o.id', 'm.org_id')
      .where(underPath(sql.ref('o.path'), path))
      .select([childOf(sql.ref('o.path'), path).as('child'), 'm.person_id']);
    const rows = await this.db
      .selectFrom(placed.as('s'))
      .select([sql<string | null>`child`.as('child'), isTotal.as('total'), sql<number>`count(DISTINCT person_id)::int`.as('members')])
      .groupBy(byChildAndTotal)
      .execute();
    return toRollUp(['members'], rows);
  }
}
