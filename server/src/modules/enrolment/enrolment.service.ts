import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { EnrolmentRepository, type EnrolmentRef } from './enrolment.repository.js';

/**
 * Member enrolment (党员报到): a member enrols at the community where they live; the community
 * confirms or rejects. Other modules that give enrolled members work (duty roles, teams,
 * temporary branches, shifts) reach enrolments only through `confirmed` and `touch`.
 */
export class EnrolmentService {
  private readonly repo: EnrolmentRepository;

  constructor(db: Kysely<DB>) {
    this.repo = new EnrolmentRepository(db);
  }

  /** Confirmed enrolments among these ids (call before a transaction: PGlite has one connection). */
  async confirmed(ids: readonly number[]): Promise<EnrolmentRef[]> {
    return this.repo.confirmed(ids);
  }

  /** The confirmed enrolments of one community (for pickers that give members work). */
  async confirmedIn(communityId: number): Promise<EnrolmentRef[]> {
    return this.repo.confirmedIn(communityId);
  }

  /** Records that these enrolled members did something for their community. */
  async touch(ids: readonly number[]): Promise<void> {
    await this.repo.touch(ids);
  }
}
