import { expect } from 'vitest';
import { Sessions } from '../../platform/sessions.js';
import { confirmedEnrolment } from '../../../test/enrolments.js';
import { Client, type TestApp } from '../../../test/helpers.js';

let seq = 0;

/**
 * Members with a confirmed enrolment at `communityId`, signed in. Sessions are made directly:
 * a suite needing two hundred members would otherwise meet the login rate limit.
 */
export async function enrolledMembers(
  t: TestApp,
  communityId: number,
  count: number,
  skills: string[] = [],
): Promise<Array<Client & { personId: number; enrolmentId: number }>> {
  const sessions = new Sessions(t.db.kysely, t.config.session);
  const members: Array<Client & { personId: number; enrolmentId: number }> = [];
  for (let i = 0; i < count; i++) {
    seq++;
    const person = await t.db.kysely
      .insertInto('person')
      .values({ name: `党员${seq}`, phone: `139${String(10_000_000 + seq).slice(-8)}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await t.db.kysely
      .insertInto('app_user')
      .values({ person_id: person.id, username: `member${process.pid % 1000}x${seq}`, password_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const enrolment = await confirmedEnrolment(t.db, { personId: person.id, communityId });
    if (skills.length) await t.db.kysely.updateTable('enrolment').set({ skills }).where('id', '=', enrolment.id).execute();
    const token = await sessions.create(user.id, { ip: null, userAgent: null });
    members.push(Object.assign(new Client(t.app, `meshwork_session=${token}`), { personId: person.id, enrolmentId: enrolment.id }));
  }
  return members;
}

/** A site and a need under `regionId` with `days` daily shifts from tomorrow (China time). */
export async function postNeed(
  admin: Client,
  regionId: number,
  input: { headcount: number; days?: number; start?: string; end?: string; requiredSkills?: string[]; offsetDays?: number },
): Promise<{ needId: number; siteId: number; token: string; shiftIds: number[] }> {
  const site = await admin.post('/api/sites', { regionId, name: `值守点${++seq}` });
  expect(site.statusCode, site.body).toBe(201);
  const firstDate = new Date(Date.now() + 8 * 3_600_000 + (input.offsetDays ?? 1) * 86_400_000).toISOString().slice(0, 10);
  const need = await admin.post('/api/needs', {
    regionId,
    siteId: site.json().id,
    post: 'checkpoint',
    headcount: input.headcount,
    requiredSkills: input.requiredSkills ?? [],
    schedule: { firstDate, days: input.days ?? 1, start: input.start ?? '07:00', end: input.end ?? '12:00' },
  });
  expect(need.statusCode, need.body).toBe(201);
  return { needId: need.json().id, siteId: site.json().id, token: site.json().checkinToken, shiftIds: need.json().shifts.map((s: { id: number }) => s.id) };
}
