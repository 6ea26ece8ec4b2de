import { sql, type Kysely } from 'kysely';
import { rateRegionLevels, type OrgStatus, type OrgType, type RegionLevel } from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import { ancestorsOf } from '../../db/tree.js';

export interface OrgPlace {
  id: number;
  name: string;
  type: OrgType;
  status: OrgStatus;
  path: string;
  hasChildren: boolean;
}

export interface RegionPlace {
  id: number;
  name: string;
  level: RegionLevel;
  path: string;
  hasChildren: boolean;
}

/**
 * The rates module owns no tables: this reads only the trees' ids, paths and names, to place and
 * label the counts that the people, enrolment and pairing modules give (the access model's
 * documented cross-read).
 */
export class RatesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private orgs() {
    return this.db
      .selectFrom('org as o')
      .select(['o.id', 'o.name', 'o.type', 'o.status', 'o.path'])
      .select(sql<boolean>`EXISTS (SELECT 1 FROM org c WHERE c.parent_id = o.id)`.as('hasChildren'));
  }

  async org(id: number): Promise<OrgPlace | undefined> {
    return this.orgs().where('o.id', '=', id).executeTakeFirst();
  }

  /** All children, closed ones too: their members and enrolments still count in the node's totals. */
  async orgChildren(id: number): Promise<OrgPlace[]> {
    return this.orgs().where('o.parent_id', '=', id).orderBy(sql`o.status = 'closed'`).orderBy('o.name').orderBy('o.id').execute();
  }

  // Below a community, enrolments and pairings have no finer place: the drill-down ends there.
  private regions() {
    return this.db
      .selectFrom('region as r')
      .select(['r.id', 'r.name', 'r.level', 'r.path'])
      .select(
        sql<boolean>`EXISTS (SELECT 1 FROM region c WHERE c.parent_id = r.id AND c.level IN (${sql.join([...rateRegionLevels])}))`.as('hasChildren'),
      );
  }

  async region(id: number): Promise<RegionPlace | undefined> {
    return this.regions().where('r.id', '=', id).executeTakeFirst();
  }

  async regionChildren(id: number): Promise<RegionPlace[]> {
    return this.regions()
      .where('r.parent_id', '=', id)
      .where('r.level', 'in', [...rateRegionLevels])
      .orderBy(sql`r.code`)
      .orderBy('r.name')
      .orderBy('r.id')
      .execute();
  }

  /** Nodes by id, or, with `null`, the tree's top nodes: the actor's scope roots, labelled. */
  async named(table: 'org' | 'region', ids: number[] | null): Promise<Array<{ id: number; name: string }>> {
    if (ids !== null && ids.length === 0) return [];
    let q = this.db.selectFrom(table).select(['id', 'name']);
    q = ids === null ? q.where('parent_id', 'is', null) : q.where('id', 'in', ids);
    return q.orderBy('path').execute();
  }

  async ancestors(table: 'org' | 'region', path: string): Promise<Array<{ id: number; name: string; path: string }>> {
    return ancestorsOf(this.db, table, path, ['id', 'name', 'path']);
  }
}
