import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** A confirmed enrolment as other modules see it: who, and in which community. */
export interface EnrolmentRef {
  id: number;
  personId: number;
  personName: string;
  communityId: number;
  communityPath: string;
}

/**
 * All SQL on enrolments and invitations. Reads region.path / person.name to place an enrolment
 * in the region tree and label it (the access model's documented cross-read).
 */
export class EnrolmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  with(db: Kysely<DB>): EnrolmentRepository {
    return new EnrolmentRepository(db);
  }

  private confirmedRefs() {
    return this.db
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .innerJoin('region as c', 'c.id', 'e.community_id')
      .select(['e.id', 'e.person_id as personId', 'p.name as personName', 'e.community_id as communityId', sql<string>`c.path::text`.as('communityPath')])
      .where('e.status', '=', 'confirmed');
  }

  /** Confirmed enrolments among these ids; ids not confirmed (or unknown) are left out. */
  async confirmed(ids: readonly number[]): Promise<EnrolmentRef[]> {
    if (ids.length === 0) return [];
    return this.confirmedRefs().where('e.id', 'in', [...ids]).execute();
  }

  /** The confirmed enrolments of one community, by name. */
  async confirmedIn(communityId: number): Promise<EnrolmentRef[]> {
    return this.confirmedRefs().where('e.community_id', '=', communityId).orderBy('p.name').orderBy('e.id').execute();
  }

  /** Marks members active now: what the "active in the last 7 days" rate counts. */
  async touch(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('enrolment').set({ last_active_at: sql`now()` }).where('id', 'in', [...ids]).execute();
  }
}
