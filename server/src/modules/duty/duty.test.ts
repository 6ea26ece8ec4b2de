import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { riskZoneLedgerColumns } from '@meshwork/contracts';
import { sheetRows } from '../../../test/excel.js';
import { chinaDateTime } from '../../platform/china-time.js';
import { errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { dutyService } from './duty.routes.js';
import { enrolledMembers, postNeed } from './duty.fixtures.js';

const t = useTestApp();
let tree: SampleTree;
let community: Client;
let street: Awaited<ReturnType<typeof userWith>>;
let otherCommunity: Client;

beforeAll(async () => {
  tree = await seedSampleTree(t.db);
  community = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
  street = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[0] }]);
  otherCommunity = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[2] }]);
});

/** `HH:mm` and the date of an instant in China Standard Time. */
function china(at: number): { date: string; time: string } {
  const iso = new Date(at + 8 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** A need whose single shift starts `minutes` from now (rounded down to the minute). */
async function needStartingIn(minutes: number, headcount = 5): Promise<{ shiftId: number; token: string }> {
  const start = china(Date.now() + minutes * 60_000);
  const end = china(Date.now() + (minutes + 120) * 60_000);
  const site = await community.post('/api/sites', { regionId: tree.communities[0], name: `临近值守点${minutes}-${Math.random()}` });
  const need = await community.post('/api/needs', {
    regionId: tree.communities[0],
    siteId: site.json().id,
    post: 'testing',
    headcount,
    schedule: { firstDate: start.date, days: 1, start: start.time, end: end.time },
  });
  expect(need.statusCode, need.body).toBe(201);
  return { shiftId: need.json().shifts[0].id, token: site.json().checkinToken };
}

describe('risk zones', () => {
  it('a street designates a community of its own; the zone is current until lifted', async () => {
    const res = await street.post('/api/risk-zones', { regionId: tree.communities[1], level: 'sealed', startsAt: new Date(Date.now() - 60_000).toISOString(), reason: '出现阳性病例' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ level: 'sealed', current: true, regionId: tree.communities[1] });
    const overlap = await street.post('/api/risk-zones', { regionId: tree.communities[1], level: 'controlled', startsAt: new Date().toISOString() });
    expect(errorCode(overlap)).toBe('RISK_ZONE_OVERLAP');
    const lifted = await street.post(`/api/risk-zones/${res.json().id}/lift`);
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json().current).toBe(false);
    expect(errorCode(await street.post(`/api/risk-zones/${res.json().id}/lift`))).toBe('INVALID_STATE');
    // Lifted: the node may be designated again from now on.
    const again = await street.post('/api/risk-zones', { regionId: tree.communities[1], level: 'precaution', startsAt: new Date(Date.now() + 5_000).toISOString() });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('a current sealed zone that no temporary branch serves asks for one', async () => {
    const zone = await street.post('/api/risk-zones', { regionId: tree.building, level: 'sealed', startsAt: new Date(Date.now() - 60_000).toISOString() });
    expect(zone.json().needsTemporaryBranch).toBe(true);
    // A branch set up for the grid above serves the building.
    const org = await t.db.kysely.insertInto('org').values({ type: 'temporary_branch', name: '第一网格临时党支部', path: '0' }).returning('id').executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('org').set({ path: String(org.id) }).where('id', '=', org.id).execute();
    await t.db.kysely.insertInto('temporary_branch').values({ org_id: org.id, purpose: 'sealed_area', region_id: tree.grid }).execute();
    const listed = (await street.get(`/api/risk-zones?regionId=${tree.grid}&current=true`)).json() as Array<{ id: number; needsTemporaryBranch: boolean }>;
    expect(listed.find((z) => z.id === zone.json().id)!.needsTemporaryBranch).toBe(false);
  });

  it('a community admin cannot designate, nor anyone a street itself; nothing is written', async () => {
    const before = await rowCount(t.db, 'risk_zone');
    expect(errorCode(await community.post('/api/risk-zones', { regionId: tree.grid, level: 'sealed', startsAt: new Date().toISOString() }))).toBe('FORBIDDEN');
    expect(errorCode(await street.post('/api/risk-zones', { regionId: tree.streets[0], level: 'sealed', startsAt: new Date().toISOString() }))).toBe('DUTY_INVALID');
    expect(errorCode(await street.post('/api/risk-zones', { regionId: tree.communities[2], level: 'sealed', startsAt: new Date().toISOString() }))).toBe('FORBIDDEN');
    const backwards = await street.post('/api/risk-zones', { regionId: tree.grid, level: 'sealed', startsAt: '2026-12-02T00:00:00+08:00', endsAt: '2026-12-01T00:00:00+08:00' });
    expect(backwards.statusCode).toBe(400);
    expect(await rowCount(t.db, 'risk_zone')).toBe(before);
  });

  it('the ledger holds every designation the list shows, lifted ones included, and nothing outside the actor’s area; exporting is audited', async () => {
    const otherStreet = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[1] }]);
    const outside = await otherStreet.post('/api/risk-zones', { regionId: tree.communities[2], level: 'controlled', startsAt: new Date(Date.now() - 60_000).toISOString(), reason: '另一街道' });
    expect(outside.statusCode, outside.body).toBe(201);
    // A second account of the same street lifts what the first designated (and its audit rows counted below are this test's own).
    const office = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[0] }]);
    const startsAt = '2026-01-05T09:30:00+08:00';
    const lifted = await street.post('/api/risk-zones', { regionId: tree.communities[0], level: 'sealed', startsAt, reason: '台账测试' });
    const liftedNow = await office.post(`/api/risk-zones/${lifted.json().id}/lift`);
    expect(liftedNow.statusCode).toBe(200);
    const inForce = await street.post('/api/risk-zones', { regionId: tree.grid, level: 'controlled', startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(inForce.statusCode, inForce.body).toBe(201);

    const file = await office.get('/api/risk-zones/export.xlsx');
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const [title, header, ...rows] = await sheetRows(file.rawPayload, riskZoneLedgerColumns.length);
    expect(title![0]).toContain('风险区域台账');
    expect(header).toEqual([...riskZoneLedgerColumns]);
    // One row per listed designation: place, level and start agree.
    const listed = (await street.get('/api/risk-zones')).json() as Array<{ regionName: string; level: 'sealed' | 'controlled' | 'precaution'; startsAt: string }>;
    const levels = { sealed: '封控区', controlled: '管控区', precaution: '防范区' };
    expect(rows.map((r) => [r[0]!.split(' / ').pop(), r[2], r[3]])).toEqual(listed.map((z) => [z.regionName, levels[z.level], chinaDateTime(z.startsAt)]));

    const names = new Map((await t.db.kysely.selectFrom('region').select(['id', 'name']).execute()).map((r) => [r.id, r.name]));
    const liftedRow = rows.find((r) => r[6] === '台账测试')!;
    expect(liftedRow[0]).toMatch(new RegExp(`^${names.get(tree.province)} / .*${names.get(tree.streets[0])} / ${names.get(tree.communities[0])}$`));
    const nameOf = async (userId: number) =>
      (await t.db.kysely.selectFrom('app_user as u').innerJoin('person as p', 'p.id', 'u.person_id').select('p.name').where('u.id', '=', userId).executeTakeFirstOrThrow()).name;
    const [designator, lifter] = [await nameOf(street.userId), await nameOf(office.userId)];
    expect(designator).not.toBe(lifter);
    expect(liftedRow.slice(1)).toEqual(['社区/村', '封控区', '2026-01-05 09:30', chinaDateTime(liftedNow.json().endsAt), '已解除', '台账测试', designator, lifter]);
    expect(rows.find((r) => r[0]!.endsWith(names.get(tree.grid)!))!.slice(1)).toEqual(['网格', '管控区', chinaDateTime(inForce.json().startsAt), chinaDateTime(inForce.json().endsAt), '生效中', '', designator, '']);
    expect(rows.some((r) => r[6] === '另一街道' || r[0]!.includes(names.get(tree.communities[2])!))).toBe(false);

    // The list's filters: in force only, and a community admin's own area.
    const current = await sheetRows((await office.get('/api/risk-zones/export.xlsx?current=true')).rawPayload, riskZoneLedgerColumns.length);
    expect(current.slice(2).map((r) => r[5])).not.toContain('已解除');
    expect(current.slice(2).map((r) => r[5])).toContain('生效中');
    const own = (await sheetRows((await community.get('/api/risk-zones/export.xlsx')).rawPayload, riskZoneLedgerColumns.length)).slice(2);
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(own.every((r) => r[0]!.includes(names.get(tree.communities[0])!))).toBe(true);

    const audits = await t.db.kysely.selectFrom('audit_log').select(['action', 'detail']).where('user_id', '=', office.userId).where('action', '=', 'risk_zone.export').orderBy('id').execute();
    expect(audits).toHaveLength(2);
    expect(audits[0]!.detail).toContain(`${rows.length} zones`);
  });

  it('the ledger refuses what the list refuses: no region read, another area, a bad query', async () => {
    const auditor = await userWith(t, [{ role: 'auditor' }]);
    expect(errorCode(await auditor.get('/api/risk-zones/export.xlsx'))).toBe('FORBIDDEN');
    expect(errorCode(await street.get(`/api/risk-zones/export.xlsx?regionId=${tree.communities[2]}`))).toBe('FORBIDDEN');
    for (const query of ['current=yes', 'regionId=abc', 'page=2']) expect((await street.get(`/api/risk-zones/export.xlsx?${query}`)).statusCode, query).toBe(400);
  });
});

describe('needs and shifts', () => {
  it('posts a need with repeating daily shifts, overnight ones ending the next day', async () => {
    const { shiftIds } = await postNeed(community, tree.communities[0], { headcount: 3, days: 3, start: '22:00', end: '06:00' });
    expect(shiftIds).toHaveLength(3);
    const shift = (await community.get(`/api/shifts/${shiftIds[0]}`)).json().shift;
    expect(new Date(shift.endsAt).getTime() - new Date(shift.startsAt).getTime()).toBe(8 * 3_600_000);
    expect(china(Date.parse(shift.startsAt)).time).toBe('22:00');
    expect(shift).toMatchObject({ headcount: 3, filled: 0, waitlisted: 0, post: 'checkpoint' });
  });

  it('refuses bad needs and writes nothing', async () => {
    const site = (await community.post('/api/sites', { regionId: tree.communities[0], name: '北门卡口' })).json();
    const otherSite = (await otherCommunity.post('/api/sites', { regionId: tree.communities[2], name: '南门卡口' })).json();
    const schedule = { firstDate: china(Date.now() + 86_400_000).date, days: 2, start: '07:00', end: '12:00' };
    const [needs, shifts] = [await rowCount(t.db, 'need'), await rowCount(t.db, 'shift')];
    const bad = [
      { regionId: tree.communities[0], siteId: site.id, post: 'other', headcount: 2, schedule },
      { regionId: tree.communities[0], siteId: site.id, post: 'checkpoint', headcount: 0, schedule },
      { regionId: tree.communities[0], siteId: site.id, post: 'checkpoint', headcount: 2, schedule: { ...schedule, days: 61 } },
      { regionId: tree.communities[0], siteId: site.id, post: 'checkpoint', headcount: 2, schedule: { ...schedule, start: '25:00' } },
      { regionId: tree.communities[0], siteId: site.id, post: 'checkpoint', headcount: 2, requiredSkills: ['flying'], schedule },
      { regionId: tree.communities[0], siteId: true, post: 'checkpoint', headcount: 2, schedule },
    ];
    for (const body of bad) expect((await community.post('/api/needs', body)).statusCode, JSON.stringify(body)).toBe(400);
    expect(errorCode(await community.post('/api/needs', { regionId: tree.communities[0], siteId: otherSite.id, post: 'checkpoint', headcount: 2, schedule }))).toBe('DUTY_INVALID');
    expect(errorCode(await community.post('/api/needs', { regionId: tree.grid, siteId: site.id, post: 'checkpoint', headcount: 2, schedule }))).toBe('DUTY_INVALID');
    expect(errorCode(await otherCommunity.post('/api/needs', { regionId: tree.communities[0], siteId: site.id, post: 'checkpoint', headcount: 2, schedule }))).toBe('FORBIDDEN');
    const past = { ...schedule, firstDate: '2026-01-01' };
    expect(errorCode(await community.post('/api/needs', { regionId: tree.communities[0], siteId: site.id, post: 'checkpoint', headcount: 2, schedule: past }))).toBe('DUTY_INVALID');
    expect([await rowCount(t.db, 'need'), await rowCount(t.db, 'shift')]).toEqual([needs, shifts]);
  });

  it('marks a key site and places it on the map; refuses half a coordinate, another community’s site, and writes nothing then', async () => {
    const created = await community.post('/api/sites', { regionId: tree.communities[0], name: '重点卡口', keySite: true, latitude: 39.9, longitude: 116.4 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ keySite: true, latitude: 39.9, longitude: 116.4 });
    const id = created.json().id as number;
    const updated = await community.patch(`/api/sites/${id}`, { keySite: false, latitude: null, longitude: null });
    expect(updated.json()).toMatchObject({ keySite: false, latitude: null, longitude: null });
    const before = await t.db.kysely.selectFrom('duty_site').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect((await community.patch(`/api/sites/${id}`, { latitude: 39.9 })).statusCode).toBe(400);
    expect((await community.patch(`/api/sites/${id}`, { latitude: 95, longitude: 116.4 })).statusCode).toBe(400);
    expect((await community.patch(`/api/sites/${id}`, {})).statusCode).toBe(400);
    expect((await community.post('/api/sites', { regionId: tree.communities[0], name: '半个坐标', latitude: 39.9 })).statusCode).toBe(400);
    expect(errorCode(await otherCommunity.patch(`/api/sites/${id}`, { keySite: true }))).toBe('FORBIDDEN');
    expect(await t.db.kysely.selectFrom('duty_site').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
    const audits = await t.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', String(id)).where('action', 'like', 'site.%').execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['site.create', 'site.update']);
  });

  it('lists needs in scope only', async () => {
    await postNeed(community, tree.communities[0], { headcount: 1 });
    const mine = await community.get(`/api/needs?regionId=${tree.communities[0]}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().total).toBeGreaterThan(0);
    expect(errorCode(await otherCommunity.get(`/api/needs?regionId=${tree.communities[0]}`))).toBe('FORBIDDEN');
    expect((await street.get(`/api/needs?regionId=${tree.streets[0]}`)).json().total).toBe(mine.json().total);
  });
});

describe('sign-up', () => {
  it('a confirmed member signs up once; skills are required; overlapping shifts are refused', async () => {
    const [member] = await enrolledMembers(t, tree.communities[0], 1, ['medical']);
    const a = await postNeed(community, tree.communities[0], { headcount: 2, start: '07:00', end: '12:00', offsetDays: 3 });
    const b = await postNeed(community, tree.communities[0], { headcount: 2, start: '11:00', end: '15:00', offsetDays: 3 });
    const c = await postNeed(community, tree.communities[0], { headcount: 2, requiredSkills: ['driving'], offsetDays: 4 });
    const d = await postNeed(community, tree.communities[0], { headcount: 2, requiredSkills: ['medical'], offsetDays: 4, start: '13:00', end: '14:00' });
    const first = await member!.post(`/api/shifts/${a.shiftIds[0]}/signup`);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().signup).toMatchObject({ status: 'active', waitlistPosition: null });
    expect(errorCode(await member!.post(`/api/shifts/${a.shiftIds[0]}/signup`))).toBe('SIGNUP_EXISTS');
    expect(errorCode(await member!.post(`/api/shifts/${b.shiftIds[0]}/signup`))).toBe('SHIFT_OVERLAP');
    expect(errorCode(await member!.post(`/api/shifts/${c.shiftIds[0]}/signup`))).toBe('SKILLS_MISSING');
    expect((await member!.post(`/api/shifts/${d.shiftIds[0]}/signup`)).statusCode).toBe(201);
    // The refused ones left no trace: b's place is still free.
    expect((await community.get(`/api/shifts/${b.shiftIds[0]}`)).json().shift.filled).toBe(0);
    const mine = await member!.get('/api/me/shifts');
    expect(mine.json().map((s: { shift: { id: number } }) => s.shift.id).sort()).toEqual([a.shiftIds[0], d.shiftIds[0]].sort());
  });

  it('open shifts come nearest first and say what is missing; an unenrolled account cannot sign up', async () => {
    const [member] = await enrolledMembers(t, tree.communities[1], 1);
    await postNeed(street, tree.streets[0], { headcount: 1, offsetDays: 5 });
    await postNeed(community, tree.communities[0], { headcount: 1, offsetDays: 5, requiredSkills: ['nursing'] });
    const open = (await member!.get('/api/me/open-shifts')).json() as Array<{ tier: string; regionId: number; skillsMissing: string[] }>;
    expect(open.length).toBeGreaterThan(0);
    const tiers = open.map((s) => s.tier);
    expect(tiers).toEqual([...tiers].sort((x, y) => ['community', 'street', 'district'].indexOf(x) - ['community', 'street', 'district'].indexOf(y)));
    expect(open.some((s) => s.skillsMissing.includes('nursing'))).toBe(true);
    const nobody = await userWith(t, []);
    expect(errorCode(await nobody.get('/api/me/open-shifts'))).toBe('ENROLMENT_NOT_CONFIRMED');
    const shift = (await postNeed(community, tree.communities[0], { headcount: 1 })).shiftIds[0];
    expect(errorCode(await nobody.post(`/api/shifts/${shift}/signup`))).toBe('ENROLMENT_NOT_CONFIRMED');
  });

  it('200 concurrent sign-ups for a shift of 10: exactly 10 signed up, the rest waitlisted in order', async () => {
    const members = await enrolledMembers(t, tree.communities[0], 200);
    const { shiftIds } = await postNeed(community, tree.communities[0], { headcount: 10, offsetDays: 6 });
    const shiftId = shiftIds[0]!;
    const results = await Promise.all(members.map((m) => m.post(`/api/shifts/${shiftId}/signup`)));
    expect(results.map((r) => r.statusCode).every((s) => s === 201)).toBe(true);
    const statuses = results.map((r) => r.json().signup.status as string);
    expect(statuses.filter((s) => s === 'active')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(190);
    const detail = (await community.get(`/api/shifts/${shiftId}`)).json();
    expect(detail.shift).toMatchObject({ filled: 10, waitlisted: 190 });
    const waitlist = (detail.signups as Array<{ id: number; status: string; waitlistPosition: number }>).filter((s) => s.status === 'waitlisted');
    expect(waitlist.map((s) => s.waitlistPosition)).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
    expect(waitlist.map((s) => s.id)).toEqual([...waitlist.map((s) => s.id)].sort((a, b) => a - b));

    // One cancellation promotes exactly the first in line.
    const activeIndex = statuses.indexOf('active');
    const cancelled = await members[activeIndex]!.post(`/api/me/signups/${results[activeIndex]!.json().signup.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().signup).toMatchObject({ status: 'cancelled', lateCancel: false });
    const after = (await community.get(`/api/shifts/${shiftId}`)).json();
    expect(after.shift).toMatchObject({ filled: 10, waitlisted: 189 });
    const promoted = (after.signups as Array<{ id: number; status: string }>).find((s) => s.id === waitlist[0]!.id)!;
    expect(promoted.status).toBe('active');
    const note = await members[results.findIndex((r) => r.json().signup.id === waitlist[0]!.id)]!.get('/api/me/notifications');
    expect(note.json().items[0]).toMatchObject({ kind: 'shift.promoted' });

    // Five concurrent cancellations promote five, never more, and keep filled at the headcount.
    const actives = results.map((r, i) => ({ r, i })).filter(({ r }) => r.json().signup.status === 'active' && r.json().signup.id !== results[activeIndex]!.json().signup.id).slice(0, 5);
    await Promise.all(actives.map(({ r, i }) => members[i]!.post(`/api/me/signups/${r.json().signup.id}/cancel`)));
    const final = (await community.get(`/api/shifts/${shiftId}`)).json();
    expect(final.shift).toMatchObject({ filled: 10, waitlisted: 184 });
    const counts = await t.db.kysely
      .selectFrom('signup')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .where('shift_id', '=', shiftId)
      .groupBy('status')
      .execute();
    expect(Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]))).toEqual({ active: 10, waitlisted: 184, cancelled: 6 });
  });

  it('a cancellation within 12 hours of the start is recorded as late; a started shift cannot be cancelled', async () => {
    const [member] = await enrolledMembers(t, tree.communities[0], 1);
    const soon = await needStartingIn(120);
    const signup = (await member!.post(`/api/shifts/${soon.shiftId}/signup`)).json().signup;
    const res = await member!.post(`/api/me/signups/${signup.id}/cancel`);
    expect(res.json().signup).toMatchObject({ status: 'cancelled', lateCancel: true });
    expect(errorCode(await member!.post(`/api/me/signups/${signup.id}/cancel`))).toBe('INVALID_STATE');
    const other = (await enrolledMembers(t, tree.communities[0], 1))[0]!;
    expect(errorCode(await other.post(`/api/me/signups/${signup.id}/cancel`))).toBe('NOT_FOUND');
  });
});

describe('assignment', () => {
  it('the community assigns its members under the same rules and notifies them (in app and SMS outbox)', async () => {
    const members = await enrolledMembers(t, tree.communities[0], 3);
    const elsewhere = await enrolledMembers(t, tree.communities[2], 1);
    const { shiftIds } = await postNeed(community, tree.communities[0], { headcount: 2, offsetDays: 7 });
    const shiftId = shiftIds[0]!;
    const outbox = await rowCount(t.db, 'outbox');
    const res = await community.post(`/api/shifts/${shiftId}/assignments`, { personIds: [members[0]!.personId, members[1]!.personId] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().signups).toHaveLength(2);
    expect(res.json().signups[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(await rowCount(t.db, 'outbox')).toBe(outbox + 2);
    expect((await members[0]!.get('/api/me/notifications')).json()).toMatchObject({ unread: 1, items: [{ kind: 'shift.assigned' }] });

    const signups = await rowCount(t.db, 'signup');
    expect(errorCode(await community.post(`/api/shifts/${shiftId}/assignments`, { personIds: [members[2]!.personId] }))).toBe('SHIFT_FULL');
    expect(errorCode(await community.post(`/api/shifts/${shiftId}/assignments`, { personIds: [elsewhere[0]!.personId] }))).toBe('ENROLMENT_NOT_CONFIRMED');
    expect(errorCode(await otherCommunity.post(`/api/shifts/${shiftId}/assignments`, { personIds: [elsewhere[0]!.personId] }))).toBe('FORBIDDEN');
    expect((await community.post(`/api/shifts/${shiftId}/assignments`, { personIds: [] })).statusCode).toBe(400);
    expect((await community.post(`/api/shifts/${shiftId}/assignments`, { personIds: [1], teamId: 1 })).statusCode).toBe(400);
    expect(await rowCount(t.db, 'signup')).toBe(signups);

    // Removing one frees the place for the next assignment.
    const removed = await community.post(`/api/signups/${res.json().signups[0].id}/remove`);
    expect(removed.json().status).toBe('removed');
    expect((await community.post(`/api/shifts/${shiftId}/assignments`, { personIds: [members[2]!.personId] })).statusCode).toBe(200);
    expect((await members[0]!.get('/api/me/notifications')).json().items[0].kind).toBe('shift.removed');
    await community.post('/api/me/notifications/read', {});
    const read = await members[0]!.post('/api/me/notifications/read', {});
    expect(read.json().updated).toBe(2);
    expect((await members[0]!.get('/api/me/notifications')).json().unread).toBe(0);
  });
});

describe('assigning a team', () => {
  it('assigns the current members of a team the community keeps, all or none', async () => {
    const members = await enrolledMembers(t, tree.communities[0], 3);
    const team = await community.post('/api/teams', { kind: 'commando', name: '华阳突击队', ownerRegionId: tree.communities[0] });
    expect(team.statusCode, team.body).toBe(201);
    for (const m of members.slice(0, 2)) {
      const added = await community.post(`/api/teams/${team.json().id}/members`, { enrolmentId: m.enrolmentId });
      expect(added.statusCode, added.body).toBe(200);
    }
    const small = (await postNeed(community, tree.communities[0], { headcount: 1, offsetDays: 8 })).shiftIds[0]!;
    const signups = await rowCount(t.db, 'signup');
    expect(errorCode(await community.post(`/api/shifts/${small}/assignments`, { teamId: team.json().id }))).toBe('SHIFT_FULL');
    expect(await rowCount(t.db, 'signup')).toBe(signups);
    const big = (await postNeed(community, tree.communities[0], { headcount: 5, offsetDays: 8, start: '14:00', end: '16:00' })).shiftIds[0]!;
    const res = await community.post(`/api/shifts/${big}/assignments`, { teamId: team.json().id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().signups.map((s: { personId: number }) => s.personId).sort()).toEqual(members.slice(0, 2).map((m) => m.personId).sort());
    expect(errorCode(await otherCommunity.post(`/api/shifts/${big}/assignments`, { teamId: team.json().id }))).toBe('FORBIDDEN');
    expect(errorCode(await community.post(`/api/shifts/${big}/assignments`, { teamId: 999_999 }))).toBe('NOT_FOUND');
  });
});

describe('check-in and hours', () => {
  it('checks in by the site code from 30 minutes before the start, checks out, and the community certifies', async () => {
    const [member] = await enrolledMembers(t, tree.communities[0], 1);
    const { shiftId, token } = await needStartingIn(10);
    const signup = (await member!.post(`/api/shifts/${shiftId}/signup`)).json().signup;
    expect(errorCode(await member!.post('/api/me/checkin', { token: 'x'.repeat(24), action: 'in' }))).toBe('CHECKIN_INVALID');
    expect((await member!.post('/api/me/checkin', { token: 'short', action: 'in' })).statusCode).toBe(400);
    const checkin = await member!.post('/api/me/checkin', { token, action: 'in' });
    expect(checkin.statusCode, checkin.body).toBe(200);
    expect(checkin.json().signup.checkedInAt).not.toBeNull();
    expect(errorCode(await member!.post('/api/me/checkin', { token, action: 'in' }))).toBe('INVALID_STATE');
    // Present from an hour into the shift: the hours are the time within the window.
    await t.db.kysely
      .updateTable('signup')
      .set({ period: sql`tstzrange(now() - interval '3 hours', now() + interval '1 hour')`, checked_in_at: sql`now() - interval '2 hours 5 minutes'` })
      .where('id', '=', signup.id)
      .execute();
    const out = await member!.post('/api/me/checkin', { token, action: 'out' });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().signup.hours).toBe(2);

    const stranger = (await enrolledMembers(t, tree.communities[0], 1))[0]!;
    expect(errorCode(await stranger.post('/api/me/checkin', { token, action: 'in' }))).toBe('CHECKIN_INVALID');

    const certify = await community.post('/api/signups/certify', { signupIds: [signup.id, 999_999] });
    expect(certify.json()).toMatchObject({ certified: 1, skipped: [{ signupId: 999_999 }] });
    expect((await otherCommunity.post('/api/signups/certify', { signupIds: [signup.id] })).json()).toMatchObject({ certified: 0 });
    expect((await community.post('/api/signups/certify', { signupIds: [signup.id], hours: 0.3 })).statusCode).toBe(400);
    expect((await member!.get('/api/me/shifts')).json()[0].signup.certifiedAt).not.toBeNull();
  });

  it('the community marks presence; a sign-up with no check-in after the grace period becomes a no-show', async () => {
    const [present, absent] = await enrolledMembers(t, tree.communities[0], 2);
    const { shiftId } = await needStartingIn(15);
    const a = (await present!.post(`/api/shifts/${shiftId}/signup`)).json().signup;
    const b = (await absent!.post(`/api/shifts/${shiftId}/signup`)).json().signup;
    expect(errorCode(await otherCommunity.post(`/api/signups/${a.id}/presence`, { action: 'in' }))).toBe('FORBIDDEN');
    expect((await community.post(`/api/signups/${a.id}/presence`, { action: 'in' })).json().checkedInAt).not.toBeNull();
    await t.db.kysely.updateTable('signup').set({ period: sql`tstzrange(now() - interval '1 hour', now() + interval '1 hour')` }).where('shift_id', '=', shiftId).execute();
    expect(await dutyService(t).sweepNoShows()).toBeGreaterThanOrEqual(1);
    const detail = (await community.get(`/api/shifts/${shiftId}`)).json().signups as Array<{ id: number; noShow: boolean }>;
    expect(detail.find((s) => s.id === a.id)!.noShow).toBe(false);
    expect(detail.find((s) => s.id === b.id)!.noShow).toBe(true);
  });
});

describe('the SMS outbox', () => {
  it('drains through an adapter; a refused message stays queued with its error', async () => {
    const service = new NotificationsService(t.db.kysely);
    const [ok, bad] = await enrolledMembers(t, tree.communities[0], 2);
    await service.notify(
      [
        { personId: ok!.personId, kind: 'test.ok', title: '测试' },
        { personId: bad!.personId, kind: 'test.bad', title: '测试' },
      ],
      { sms: true },
    );
    const badPhone = (await t.db.kysely.selectFrom('person').select('phone').where('id', '=', bad!.personId).executeTakeFirstOrThrow()).phone;
    const sent: string[] = [];
    const result = await service.drainOutbox(async (to, body) => {
      if (to === badPhone) throw new Error('gateway refused');
      sent.push(`${to}:${body}`);
    });
    expect(result.failed).toBe(1);
    expect(sent.some((s) => s.includes('【织网】测试'))).toBe(true);
    const left = await t.db.kysely.selectFrom('outbox').select(['recipient', 'last_error', 'attempts']).where('sent_at', 'is', null).execute();
    expect(left).toEqual([{ recipient: badPhone, last_error: 'gateway refused', attempts: 1 }]);
  });
});
