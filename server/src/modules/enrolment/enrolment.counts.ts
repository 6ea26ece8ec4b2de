import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { underPath } from '../../platform/access.js';
import { byChildAndTotal, childOf, isTotal, toRollUp, type RollUp } from '../../platform/rollup.js';

export type EnrolmentCount = 'enrolled' | 'confirmed' | 'active';
const keys: readonly EnrolmentCount[] = ['enrolled', 'confirmed', 'active'];

/**
 * The enrolment module's public read API for roll-ups (报到情况). Active enrolments (pending or
 * confirmed) counted up either tree: the org tree by the org credited (`org_id`), the region
 * tree by the community enrolled at.
 */
export class EnrolmentCounts {
  constructor(private readonly db: Kysely<DB>) {}

  /** Enrolments crediting an org at or under `path`, by the org's child. */
  async underOrg(path: string): Promise<RollUp<EnrolmentCount>> {
    return this.count('org', path);
  }

  /** Enrolments at a community at or under the region at `path`, by the region's child. */
  async underRegion(path: string): Promise<RollUp<EnrolmentCount>> {
    return this.count('region', path);
  }

  private async count(tree: 'org' | 'region', path: string): Promise<RollUp<EnrolmentCount>> {
    const placed = this.db
      .selectFrom('enrolment as e')
      .innerJoin(sql<{ id: number; path: string }>`${sql.table(tree)}`.as('t'), (join) =>
        join.onRef('t.id', '=', tree === 'org' ? 'e.org_id' : 'e.community_id'),
      )
      .where('e.status', 'in', ['pending', 'confirmed'])
      .where(underPath(sql.ref('t.path'), path))
      .select([childOf(sql.ref('t.path'), path).as('child'), 'e.person_id', 'e.status', 'e.last_active_at']);
    const rows = await this.db
      .selectFrom(placed.as('s'))
      .select([
        sql<string | null>`child`.as('child'),
        isTotal.as('total'),
        sql<number>`count(DISTINCT person_id)::int`.as('enrolled'),
        sql<number>`(count(*) FILTER (WHERE status = 'confirmed'))::int`.as('confirmed'),
        // "Active in the last 7 days" reads last_active_at, which the enrolment's work touches.
        sql<number>`(count(*) FILTER (WHERE status = 'confirmed' AND last_active_at >= now() - interval '7 days'))::int`.as('active'),
      ])
      .groupBy(byChildAndTotal)
      .execute();
    return toRollUp(keys, rows);
  }
}
