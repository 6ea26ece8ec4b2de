import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { sheetRows } from '../../../test/excel.js';
import { errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { dutyService } from './duty.routes.js';
import { enrolledMembers, postNeed } from './duty.fixtures.js';

const t = useTestApp();
let tree: SampleTree;
let community: Client;
let district: Client;
let otherCommunity: Client;

beforeAll(async () => {
  tree = await seedSampleTree(t.db);
  community = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
  district = await userWith(t, [{ role: 'region_admin', regionId: tree.district }]);
  otherCommunity = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[2] }]);
});

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

describe('changing a shift', () => {
  it('more places promote the waitlist in order; fewer than already on it is refused; a new window moves the sign-ups', async () => {
    const members = await enrolledMembers(t, tree.communities[0], 4);
    const { shiftIds } = await postNeed(community, tree.communities[0], { headcount: 1, offsetDays: 2 });
    const shiftId = shiftIds[0]!;
    const signups = [];
    for (const m of members) signups.push((await m.post(`/api/shifts/${shiftId}/signup`)).json().signup);
    expect(signups.map((s) => s.status)).toEqual(['active', 'waitlisted', 'waitlisted', 'waitlisted']);

    const grown = await community.patch(`/api/shifts/${shiftId}`, { headcount: 3 });
    expect(grown.statusCode, grown.body).toBe(200);
    expect(grown.json()).toMatchObject({ headcount: 3, filled: 3, waitlisted: 1 });
    expect((await members[1]!.get('/api/me/shifts')).json()[0].signup.status).toBe('active');
    expect((await members[3]!.get('/api/me/shifts')).json()[0].signup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(errorCode(await community.patch(`/api/shifts/${shiftId}`, { headcount: 2 }))).toBe('DUTY_INVALID');

    const starts = `${day(2)}T08:00:00+08:00`;
    const moved = await community.patch(`/api/shifts/${shiftId}`, { startsAt: starts, endsAt: `${day(2)}T13:00:00+08:00` });
    expect(moved.statusCode, moved.body).toBe(200);
    const period = await t.db.kysely.selectFrom('signup').select(sql<string>`lower(period)::text`.as('start')).where('id', '=', signups[0].id).executeTakeFirstOrThrow();
    expect(Date.parse(period.start.replace(' ', 'T').replace(/\+00$/, 'Z'))).toBe(Date.parse(starts));
    expect((await members[0]!.get('/api/me/notifications')).json().items[0]).toMatchObject({ kind: 'shift.changed' });

    expect((await community.patch(`/api/shifts/${shiftId}`, { startsAt: starts })).statusCode).toBe(400);
    expect(errorCode(await otherCommunity.patch(`/api/shifts/${shiftId}`, { headcount: 5 }))).toBe('FORBIDDEN');
    expect(errorCode(await community.patch(`/api/shifts/${shiftId}`, { leaderPersonId: 999_999 }))).toBe('DUTY_INVALID');
    expect((await community.patch(`/api/shifts/${shiftId}`, { leaderPersonId: members[0]!.personId })).statusCode).toBe(200);

    const cancelled = await community.patch(`/api/shifts/${shiftId}`, { cancelled: true });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', filled: 0 });
    expect((await members[3]!.get('/api/me/notifications')).json().items[0]).toMatchObject({ kind: 'shift.cancelled' });
    expect(errorCode(await members[0]!.post(`/api/shifts/${shiftId}/signup`))).toBe('INVALID_STATE');
  });

  it('a new window that overlaps a member’s other shift is refused whole', async () => {
    const [member] = await enrolledMembers(t, tree.communities[0], 1);
    const a = (await postNeed(community, tree.communities[0], { headcount: 2, offsetDays: 3, start: '07:00', end: '09:00' })).shiftIds[0]!;
    const b = (await postNeed(community, tree.communities[0], { headcount: 2, offsetDays: 3, start: '10:00', end: '12:00' })).shiftIds[0]!;
    await member!.post(`/api/shifts/${a}/signup`);
    await member!.post(`/api/shifts/${b}/signup`);
    const res = await community.patch(`/api/shifts/${b}`, { startsAt: `${day(3)}T08:00:00+08:00`, endsAt: `${day(3)}T11:00:00+08:00` });
    expect(errorCode(res)).toBe('SHIFT_OVERLAP');
    expect((await community.get(`/api/shifts/${b}`)).json().shift.startsAt).toBe(new Date(`${day(3)}T10:00:00+08:00`).toISOString());
  });
});

describe('reminders', () => {
  it('reminds each member once before the shift, in app and by SMS outbox', async () => {
    const [member] = await enrolledMembers(t, tree.communities[0], 1);
    const { shiftIds } = await postNeed(community, tree.communities[0], { headcount: 2, offsetDays: 4 });
    await member!.post(`/api/shifts/${shiftIds[0]}/signup`);
    await t.db.kysely.updateTable('shift').set({ starts_at: sql`now() + interval '1 hour'`, ends_at: sql`now() + interval '3 hours'` }).where('id', '=', shiftIds[0]!).execute();
    const outbox = await rowCount(t.db, 'outbox');
    const duty = dutyService(t);
    expect(await duty.sendReminders(120)).toBeGreaterThanOrEqual(1);
    expect(await duty.sendReminders(120)).toBe(0);
    expect((await member!.get('/api/me/notifications')).json().items[0]).toMatchObject({ kind: 'shift.reminder', title: '值守提醒' });
    expect(await rowCount(t.db, 'outbox')).toBeGreaterThan(outbox);
  });
});

describe('roster, gaps and the service ledger', () => {
  it('the roster lists shifts in the range with who is on them, masked; its Excel matches', async () => {
    const [member] = await enrolledMembers(t, tree.communities[0], 1);
    const { shiftIds } = await postNeed(community, tree.communities[0], { headcount: 2, offsetDays: 10, days: 2 });
    await member!.post(`/api/shifts/${shiftIds[1]}/signup`);
    const res = await community.get(`/api/roster?regionId=${tree.communities[0]}&from=${day(10)}&to=${day(11)}`);
    expect(res.statusCode, res.body).toBe(200);
    const roster = res.json();
    expect(roster.shifts.map((s: { id: number }) => s.id)).toEqual(expect.arrayContaining(shiftIds));
    const withMember = roster.shifts.find((s: { id: number }) => s.id === shiftIds[1]);
    expect(withMember.signups[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const file = await community.get(`/api/roster/export.xlsx?regionId=${tree.communities[0]}&from=${day(10)}&to=${day(11)}`);
    expect(file.statusCode).toBe(200);
    const rows = await sheetRows(file.rawPayload, 9);
    expect(rows.some((r) => r.includes(withMember.signups[0].personName) && r.includes(withMember.signups[0].phone))).toBe(true);

    expect(errorCode(await otherCommunity.get(`/api/roster?regionId=${tree.communities[0]}&from=${day(10)}&to=${day(11)}`))).toBe('FORBIDDEN');
    expect((await community.get(`/api/roster?regionId=${tree.communities[0]}&from=${day(11)}&to=${day(10)}`)).statusCode).toBe(400);
    expect((await community.get(`/api/roster?regionId=${tree.communities[0]}&from=${day(0)}&to=${day(200)}`)).statusCode).toBe(400);
  });

  it('gaps roll up the tree: a node equals the sum of its children, with the strongest risk under each', async () => {
    const street = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[0] }]);
    const other = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[1] }]);
    await postNeed(community, tree.communities[0], { headcount: 4, offsetDays: 20, days: 3 });
    await postNeed(other, tree.communities[1], { headcount: 2, offsetDays: 20 });
    await postNeed(street, tree.streets[0], { headcount: 5, offsetDays: 21 });
    const [m] = await enrolledMembers(t, tree.communities[1], 1);
    const open = (await m!.get('/api/me/open-shifts')).json() as Array<{ id: number; regionId: number }>;
    await m!.post(`/api/shifts/${open.find((s) => s.regionId === tree.communities[1])!.id}/signup`);
    await street.post('/api/risk-zones', { regionId: tree.grid, level: 'controlled', startsAt: new Date(Date.now() - 1000).toISOString() });

    const res = await district.get(`/api/gaps?regionId=${tree.district}&from=${day(20)}&to=${day(22)}`);
    expect(res.statusCode, res.body).toBe(200);
    const gaps = res.json();
    expect(gaps.node).toMatchObject({ needed: 12 + 2 + 5, filled: 1, gap: 18, shifts: 5, risk: 'controlled' });
    const streetRow = gaps.children.find((c: { regionId: number }) => c.regionId === tree.streets[0]);
    expect(streetRow).toMatchObject({ needed: 19, filled: 1, hasChildren: true, risk: 'controlled' });
    expect(gaps.children.find((c: { regionId: number }) => c.regionId === tree.streets[1])).toMatchObject({ needed: 0, gap: 0, risk: null });

    const down = (await district.get(`/api/gaps?regionId=${tree.streets[0]}&from=${day(20)}&to=${day(22)}`)).json();
    const childSum = down.children.reduce((s: number, c: { needed: number }) => s + c.needed, 0);
    // The street's own need sits at the street itself, not under a child.
    expect(down.node.needed).toBe(childSum + 5);
    const file = await district.get(`/api/gaps/export.xlsx?regionId=${tree.district}&from=${day(20)}&to=${day(22)}`);
    const rows = await sheetRows(file.rawPayload, 7);
    expect(rows.some((r) => r[0] === gaps.node.name && Number(r[2]) === 19)).toBe(true);
    expect(errorCode(await community.get(`/api/gaps?regionId=${tree.district}&from=${day(20)}&to=${day(22)}`))).toBe('FORBIDDEN');
  });

  it('the service ledger: the member sees all, the community what was done at its needs, others nothing', async () => {
    const [member] = await enrolledMembers(t, tree.communities[0], 1);
    const { shiftIds } = await postNeed(community, tree.communities[0], { headcount: 2, offsetDays: 30 });
    const signup = (await member!.post(`/api/shifts/${shiftIds[0]}/signup`)).json().signup;
    await t.db.kysely
      .updateTable('signup')
      .set({ checked_in_at: sql`now() - interval '3 hours'`, checked_out_at: sql`now()`, hours: 3 })
      .where('id', '=', signup.id)
      .execute();
    await community.post('/api/signups/certify', { signupIds: [signup.id] });
    const own = (await member!.get('/api/me/service-ledger')).json();
    expect(own.totals).toMatchObject({ shifts: 1, certifiedHours: 3, noShows: 0 });
    const seen = await community.get(`/api/people/${member!.personId}/service-ledger`);
    expect(seen.json().entries).toHaveLength(1);
    expect(errorCode(await otherCommunity.get(`/api/people/${member!.personId}/service-ledger`))).toBe('FORBIDDEN');
    expect(errorCode(await community.get('/api/people/999999/service-ledger'))).toBe('NOT_FOUND');
  });
});
