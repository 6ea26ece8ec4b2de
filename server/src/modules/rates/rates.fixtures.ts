import type { Database } from '../../db/database.js';
import type { EnrolmentStatus, PairingStatus } from '@meshwork/contracts';

/**
 * Rows the rates suites count, written straight to the tables (as `confirmedEnrolment` does):
 * the subject here is counting, not how members, enrolments and pairings come to be.
 */

export async function person(db: Database, name = '测试成员'): Promise<number> {
  return (await db.kysely.insertInto('person').values({ name }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function partyMembership(db: Database, personId: number, orgId: number): Promise<void> {
  await db.kysely.insertInto('party_membership').values({ person_id: personId, org_id: orgId, status: 'formal' }).execute();
}

export async function workUnitMembership(db: Database, personId: number, orgId: number): Promise<void> {
  await db.kysely.insertInto('work_unit_membership').values({ person_id: personId, org_id: orgId }).execute();
}

/** An enrolment in any status; `activeDaysAgo` sets last_active_at that many days back. */
export async function enrolment(
  db: Database,
  input: { personId: number; communityId: number; orgId: number | null; status: EnrolmentStatus; activeDaysAgo?: number },
): Promise<number> {
  const decided = input.status === 'confirmed' || input.status === 'rejected';
  const row = await db.kysely
    .insertInto('enrolment')
    .values({
      person_id: input.personId,
      community_id: input.communityId,
      org_id: input.orgId,
      status: input.status,
      decided_at: decided ? new Date() : null,
      reject_reason: input.status === 'rejected' ? '不在本社区居住' : null,
      ended_at: input.status === 'ended' ? new Date() : null,
      last_active_at: input.activeDaysAgo === undefined ? null : new Date(Date.now() - input.activeDaysAgo * 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function pairing(db: Database, input: { unitId: number; regionId: number; status: PairingStatus }): Promise<number> {
  const decided = input.status === 'confirmed' || input.status === 'declined';
  const row = await db.kysely
    .insertInto('pairing')
    .values({
      unit_id: input.unitId,
      region_id: input.regionId,
      liaison_name: '联络员',
      liaison_phone: '13800000000',
      status: input.status,
      decided_at: decided ? new Date() : null,
      decline_reason: input.status === 'declined' ? '暂无需求' : null,
      ended_at: input.status === 'ended' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
