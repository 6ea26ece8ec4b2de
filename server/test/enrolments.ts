import type { Database } from '../src/db/database.js';

/**
 * A confirmed enrolment written straight to the table: a factory for suites (duty roles, teams,
 * temporary branches) whose subject is what happens after a community confirmed a member. The
 * enrolment suites themselves go through the API.
 */
export async function confirmedEnrolment(
  db: Database,
  input: { personId?: number; name?: string; communityId: number; homeId?: number | null; orgId?: number | null },
): Promise<{ id: number; personId: number }> {
  const personId =
    input.personId ??
    (await db.kysely.insertInto('person').values({ name: input.name ?? '测试党员' }).returning('id').executeTakeFirstOrThrow()).id;
  const row = await db.kysely
    .insertInto('enrolment')
    .values({
      person_id: personId,
      community_id: input.communityId,
      home_id: input.homeId ?? null,
      org_id: input.orgId ?? null,
      status: 'confirmed',
      decided_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, personId };
}
