import type { PlanView } from '@meshwork/contracts';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { sheetRows } from '../../../test/excel.js';
import { errorCode, rowCount, seedSampleTree, useTestApp, userWith, type Client, type SampleTree } from '../../../test/helpers.js';
import { enrolledMembers, postNeed } from '../duty/duty.fixtures.js';
import { allocationService } from './allocation.routes.js';

const t = useTestApp();
let tree: SampleTree;
let street: Client;
let community: Client;
let otherStreet: Client;

beforeAll(async () => {
  tree = await seedSampleTree(t.db);
  street = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[0] }]);
  community = await userWith(t, [{ role: 'region_admin', regionId: tree.communities[0] }]);
  otherStreet = await userWith(t, [{ role: 'region_admin', regionId: tree.streets[1] }]);
});

/** The China date `days` from today: each scenario plans its own day, so they never see each other's shifts. */
const day = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const propose = async (body: Record<string, unknown>, as: Client = street): Promise<PlanView> => {
  const res = await as.post('/api/allocation/plans', { regionId: tree.streets[0], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

const itemsOf = (plan: PlanView) => plan.communities.flatMap((c) => c.shifts.flatMap((s) => s.items));
const shiftOf = (plan: PlanView, shiftId: number) => plan.communities.flatMap((c) => c.shifts).find((s) => s.shiftId === shiftId)!;

async function sealed(regionId: number): Promise<void> {
  const res = await street.post('/api/risk-zones', { regionId, level: 'sealed', startsAt: new Date(Date.now() - 60_000).toISOString() });
  expect(res.statusCode, res.body).toBe(201);
}

describe('gaps, pool and an optimal plan', () => {
  let plan: PlanView;
  let nearShift: number;
  let sealedShift: number;
  let members: Awaited<ReturnType<typeof enrolledMembers>>;

  beforeAll(async () => {
    // Day 2: two shifts in one window (so a member can take one of them): 2 wanted at
    // communities[0], 4 at communities[1], which is sealed. Three members live at [0], two at [1].
    members = [...(await enrolledMembers(t, tree.communities[0], 3)), ...(await enrolledMembers(t, tree.communities[1], 2))];
    nearShift = (await postNeed(street, tree.communities[0], { headcount: 2, offsetDays: 2 })).shiftIds[0]!;
    sealedShift = (await postNeed(street, tree.communities[1], { headcount: 4, offsetDays: 2 })).shiftIds[0]!;
    await sealed(tree.communities[1]);
    plan = await propose({ from: day(2), to: day(2) });
  });

  it('lists the gaps highest priority first, and the pool with masked phones', async () => {
    const gaps = await street.get(`/api/allocation/shifts?regionId=${tree.streets[0]}&from=${day(2)}&to=${day(2)}`);
    expect(gaps.statusCode, gaps.body).toBe(200);
    expect(gaps.json().items.map((g: { shiftId: number }) => g.shiftId)).toEqual([sealedShift, nearShift]);
    expect(gaps.json().items[0]).toMatchObject({ risk: 'sealed', gap: 4, priorityReasons: expect.arrayContaining(['sealed', 'weak_community']) });
    expect(gaps.json().totalGap).toBe(6);
    const pool = await street.get(`/api/allocation/pool?regionId=${tree.streets[0]}&from=${day(2)}&to=${day(2)}`);
    expect(pool.statusCode, pool.body).toBe(200);
    const ours = pool.json().items.filter((p: { personId: number }) => members.some((m) => m.personId === p.personId));
    expect(ours).toHaveLength(5);
    for (const p of ours) {
      expect(p.source).toBe('enrolled');
      expect(p.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
  });

  it('fills the sealed community first, then sends the nearest, and proves it optimal', async () => {
    expect(plan.status).toBe('proposed');
    expect(plan.summary).toMatchObject({ gap: 6, planned: 5, certified: true, tiers: { community: 3, street: 2, district: 0, city: 0 } });
    expect(shiftOf(plan, sealedShift)).toMatchObject({ planned: 4, uncoveredReason: null });
    expect(shiftOf(plan, nearShift)).toMatchObject({ planned: 1, uncoveredReason: 'candidates-busy' });
    // Both members of the sealed community stay home; two come over from the next community.
    const toSealed = shiftOf(plan, sealedShift).items;
    expect(toSealed.filter((i) => i.tier === 'community').map((i) => i.personId).sort()).toEqual(members.slice(3).map((m) => m.personId).sort());
    expect(toSealed.filter((i) => i.tier === 'street')).toHaveLength(2);
    expect(plan.communities[0]!.communityId).toBe(tree.communities[0]);
    expect(new Date(plan.expiresAt).getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it('re-runs without an excluded person, superseding the plan; the old one can no longer be published or re-run', async () => {
    const out = itemsOf(plan)[0]!;
    const again = await propose({ from: day(2), to: day(2), basedOn: plan.id, excludePersonIds: [out.personId], excludeShiftIds: [nearShift] });
    expect(again.excludedShifts).toEqual([{ shiftId: nearShift, label: expect.stringContaining('卡口值守'), startsAt: expect.any(String), endsAt: expect.any(String) }]);
    expect(again.communities.flatMap((c) => c.shifts).map((s) => s.shiftId)).toEqual([sealedShift]);
    expect(itemsOf(again).some((i) => i.personId === out.personId)).toBe(false);
    expect(again.excludedPeople).toEqual([{ personId: out.personId, personName: out.personName }]);
    expect(again.basedOn).toBe(plan.id);
    expect(again.summary.planned).toBe(4);
    const old = (await street.get(`/api/allocation/plans/${plan.id}`)).json() as PlanView;
    expect(old.status).toBe('superseded');
    expect(errorCode(await street.post(`/api/allocation/plans/${plan.id}/publish`))).toBe('PLAN_UNAVAILABLE');
    expect(errorCode(await street.post('/api/allocation/plans', { regionId: tree.streets[0], from: day(2), to: day(2), basedOn: plan.id }))).toBe('PLAN_UNAVAILABLE');
    const history = (await street.get(`/api/allocation/plans?regionId=${tree.streets[0]}`)).json();
    expect(history.items.slice(0, 2).map((p: PlanView) => [p.id, p.status])).toEqual([
      [again.id, 'proposed'],
      [plan.id, 'superseded'],
    ]);
    plan = again;
  });

  it('publishes through duty: sign-ups, counts, notifications, one publish only', async () => {
    const signupsBefore = await rowCount(t.db, 'signup');
    const published = await street.post(`/api/allocation/plans/${plan.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    const view = published.json() as PlanView;
    expect(view.status).toBe('published');
    expect(itemsOf(view).every((i) => i.outcome === 'assigned')).toBe(true);
    expect((await rowCount(t.db, 'signup')) - signupsBefore).toBe(4);
    const shift = (await street.get(`/api/shifts/${sealedShift}`)).json();
    expect(shift.shift.filled).toBe(4);
    expect(shift.signups.every((s: { source: string; status: string }) => s.source === 'assigned' && s.status === 'active')).toBe(true);
    // The member sees it among their shifts and was told.
    const one = members.find((m) => itemsOf(view).some((i) => i.personId === m.personId))!;
    expect(((await one.get('/api/me/shifts')).json() as unknown[]).length).toBe(1);
    expect((await one.get('/api/me/notifications')).body).toContain('您有新的值守任务');
    expect(errorCode(await street.post(`/api/allocation/plans/${plan.id}/publish`))).toBe('PLAN_UNAVAILABLE');
    expect(errorCode(await street.post(`/api/allocation/plans/${plan.id}/discard`))).toBe('PLAN_UNAVAILABLE');
  });

  it('exports the 力量调配方案 ledger', async () => {
    const res = await street.get(`/api/allocation/plans/${plan.id}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res.rawPayload, 11);
    expect(rows[0]![0]).toContain('力量调配方案');
    expect(rows[1]).toEqual(['社区', '岗位', '时间', '姓名', '来源', '所在社区/派出单位', '距离层级', '距离（公里）', '优先原因', '发布结果', '说明']);
    expect(rows.slice(2)).toHaveLength(4);
    expect(rows.slice(2).every((r) => r[9] === '已派遣')).toBe(true);
  });
});

describe('what a plan respects', () => {
  it('skills, serving days and shifts a member already holds; each person up to the limit', async () => {
    const [medic, weekdayOnly, busy, free] = await enrolledMembers(t, tree.communities[0], 4);
    await t.db.kysely.updateTable('enrolment').set({ skills: ['medical'] }).where('id', '=', medic!.enrolmentId).execute();
    // Day 3's weekday (China time) is not one this member serves on.
    const weekday = ((new Date(`${day(3)}T12:00:00+08:00`).getUTCDay() + 6) % 7) + 1;
    const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== weekday);
    expect((await weekdayOnly!.put(`/api/me/enrolments/${weekdayOnly!.enrolmentId}/availability`, { availableDays: days, availablePeriods: [] })).statusCode).toBe(200);
    const testingNeed = await postNeed(street, tree.communities[0], { headcount: 3, offsetDays: 3, requiredSkills: ['medical'], start: '08:00', end: '10:00' });
    const testing = testingNeed.shiftIds[0]!;
    // A key site, so the medic belongs there rather than at an equally weighted shift.
    expect((await street.patch(`/api/sites/${testingNeed.siteId}`, { keySite: true })).statusCode).toBe(200);
    const morning = (await postNeed(street, tree.communities[0], { headcount: 5, offsetDays: 3, start: '08:00', end: '10:00' })).shiftIds[0]!;
    const evening = (await postNeed(street, tree.communities[0], { headcount: 5, offsetDays: 3, start: '19:00', end: '21:00' })).shiftIds[0]!;
    // `busy` already holds an evening shift elsewhere that day.
    const held = (await postNeed(street, tree.communities[1], { headcount: 1, offsetDays: 3, start: '18:00', end: '22:00' })).shiftIds[0]!;
    expect((await busy!.post(`/api/shifts/${held}/signup`)).statusCode).toBe(201);

    const plan = await propose({ from: day(3), to: day(3), shiftLimit: 1 });
    const on = (shiftId: number) => shiftOf(plan, shiftId).items.map((i) => i.personId);
    expect(on(testing)).toEqual([medic!.personId]);
    expect(shiftOf(plan, testing)).toMatchObject({ planned: 1, uncoveredReason: 'too-few-candidates' });
    const everyone = itemsOf(plan).map((i) => i.personId);
    expect(everyone).not.toContain(weekdayOnly!.personId);
    // Limit 1, and `busy` already holds one: nothing more for them in the range.
    expect(everyone).not.toContain(busy!.personId);
    expect(everyone.filter((p) => p === free!.personId)).toHaveLength(1);

    // With a limit of 2, nobody takes more than two, never two of one window (08–10 is both the
    // testing and the morning shift), and `busy` at most the morning, which misses their evening.
    const two = await propose({ from: day(3), to: day(3), shiftLimit: 2, basedOn: plan.id });
    const byPerson = new Map<number, number[]>();
    for (const i of itemsOf(two)) byPerson.set(i.personId, [...(byPerson.get(i.personId) ?? []), i.shiftId]);
    for (const shifts of byPerson.values()) {
      expect(shifts.length).toBeLessThanOrEqual(2);
      expect(shifts.filter((s) => s === testing || s === morning).length).toBeLessThanOrEqual(1);
    }
    expect(byPerson.get(busy!.personId) ?? [morning]).toEqual([morning]);
    expect(byPerson.get(weekdayOnly!.personId)).toBeUndefined();
    for (const s of [testing, morning, evening]) expect(shiftOf(two, s).planned).toBeLessThanOrEqual(shiftOf(two, s).gap);
  });

  it('people a paired unit offers join the pool and are assigned through duty without an enrolment', async () => {
    const unit = await t.db.kysely.insertInto('org').values({ type: 'state_enterprise', name: '城投集团', path: '0' }).returning('id').executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('org').set({ path: String(unit.id) }).where('id', '=', unit.id).execute();
    const team = await t.db.kysely.insertInto('team').values({ kind: 'commando', name: '城投突击队', owner_org_id: unit.id }).returning('id').executeTakeFirstOrThrow();
    const staff = await t.db.kysely.insertInto('person').values({ name: '周派出', phone: '13811112222', skills: ['driving'] }).returning('id').executeTakeFirstOrThrow();
    await t.db.kysely.insertInto('team_member').values({ team_id: team.id, person_id: staff.id }).execute();
    const pairing = await t.db.kysely
      .insertInto('pairing')
      .values({ unit_id: unit.id, region_id: tree.streets[0], liaison_name: '吴联络', liaison_phone: '13900001111', status: 'confirmed', decided_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.kysely.insertInto('pairing_team').values({ pairing_id: pairing.id, team_id: team.id }).execute();
    const drive = (await postNeed(street, tree.communities[1], { headcount: 1, offsetDays: 4, requiredSkills: ['driving'] })).shiftIds[0]!;

    const pool = (await street.get(`/api/allocation/pool?regionId=${tree.streets[0]}&from=${day(4)}&to=${day(4)}&limit=500`)).json();
    expect(pool.items.find((p: { personId: number }) => p.personId === staff.id)).toMatchObject({ source: 'offered', origin: '城投集团', phone: '138****2222', skills: ['driving'] });
    const plan = await propose({ from: day(4), to: day(4) });
    expect(shiftOf(plan, drive).items).toMatchObject([{ personId: staff.id, source: 'offered', tier: 'street' }]);
    const published = (await street.post(`/api/allocation/plans/${plan.id}/publish`)).json() as PlanView;
    expect(shiftOf(published, drive).items[0]!.outcome).toBe('assigned');
    const signup = await t.db.kysely.selectFrom('signup').selectAll().where('shift_id', '=', drive).executeTakeFirstOrThrow();
    expect(signup).toMatchObject({ person_id: staff.id, enrolment_id: null, status: 'active', source: 'assigned' });
  });
});

describe('publishing what still holds', () => {
  it('skips, with duty’s reason, an item whose shift filled up or whose member took an overlapping shift meanwhile', async () => {
    // The other street, so that nobody else's members are in the pool.
    const [a, b, c] = await enrolledMembers(t, tree.communities[2], 3);
    const first = (await postNeed(otherStreet, tree.communities[2], { headcount: 2, offsetDays: 5, start: '07:00', end: '12:00' })).shiftIds[0]!;
    const plan = await propose({ regionId: tree.streets[1], from: day(5), to: day(5) }, otherStreet);
    expect(shiftOf(plan, first).planned).toBe(2);
    const planned = shiftOf(plan, first).items.map((i) => i.personId);
    const [x, y] = [a!, b!, c!].filter((m) => planned.includes(m.personId));
    const outsider = [a!, b!, c!].find((m) => !planned.includes(m.personId))!;
    // Meanwhile the outsider takes a place on the shift, and x takes an overlapping shift elsewhere.
    expect((await outsider.post(`/api/shifts/${first}/signup`)).statusCode).toBe(201);
    const other = (await postNeed(otherStreet, tree.communities[3], { headcount: 1, offsetDays: 5, start: '09:00', end: '10:00' })).shiftIds[0]!;
    expect((await x!.post(`/api/shifts/${other}/signup`)).statusCode).toBe(201);

    const view = (await otherStreet.post(`/api/allocation/plans/${plan.id}/publish`)).json() as PlanView;
    const items = shiftOf(view, first).items;
    expect(items.find((i) => i.personId === x!.personId)).toMatchObject({ outcome: 'skipped', outcomeNote: expect.stringContaining('已有其他班次') });
    expect(items.find((i) => i.personId === y!.personId)!.outcome).toBe('assigned');
    const shift = await t.db.kysely.selectFrom('shift').select(['filled', 'headcount']).where('id', '=', first).executeTakeFirstOrThrow();
    expect(shift).toEqual({ filled: 2, headcount: 2 });
  });

  it('of two items of one member that overlap once a shift was moved after planning, assigns the first and skips the second', async () => {
    // The only interpreter of the other street, planned for a morning and an afternoon shift of one day.
    const [interpreter] = await enrolledMembers(t, tree.communities[2], 1, ['interpreting']);
    const morning = (await postNeed(otherStreet, tree.communities[2], { headcount: 1, offsetDays: 9, start: '07:00', end: '10:00', requiredSkills: ['interpreting'] })).shiftIds[0]!;
    const afternoon = (await postNeed(otherStreet, tree.communities[2], { headcount: 1, offsetDays: 9, start: '13:00', end: '16:00', requiredSkills: ['interpreting'] })).shiftIds[0]!;
    const plan = await propose({ regionId: tree.streets[1], from: day(9), to: day(9) }, otherStreet);
    expect([morning, afternoon].map((id) => shiftOf(plan, id).items.map((i) => i.personId))).toEqual([[interpreter!.personId], [interpreter!.personId]]);
    // The community then moves the afternoon shift into the morning: the plan's two items now overlap.
    const moved = await otherStreet.patch(`/api/shifts/${afternoon}`, { startsAt: `${day(9)}T09:00:00+08:00`, endsAt: `${day(9)}T12:00:00+08:00` });
    expect(moved.statusCode, moved.body).toBe(200);

    const published = await otherStreet.post(`/api/allocation/plans/${plan.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    const view = published.json() as PlanView;
    expect(shiftOf(view, morning).items[0]!.outcome).toBe('assigned');
    expect(shiftOf(view, afternoon).items[0]).toMatchObject({ outcome: 'skipped', outcomeNote: expect.stringContaining('已有其他班次') });
    const signups = await t.db.kysely.selectFrom('signup').select('shift_id').where('person_id', '=', interpreter!.personId).where('status', '=', 'active').execute();
    expect(signups.map((r) => r.shift_id)).toEqual([morning]);
    const filled = await t.db.kysely.selectFrom('shift').select(['id', 'filled']).where('id', 'in', [morning, afternoon]).orderBy('id').execute();
    expect(filled).toEqual([
      { id: morning, filled: 1 },
      { id: afternoon, filled: 0 },
    ]);
  });

  it('of many concurrent publishes of one plan exactly one goes through; sign-ups racing for the same places never overfill', async () => {
    await enrolledMembers(t, tree.communities[0], 6);
    // Racers from the other street: never in this plan, so each of them only competes for a place.
    const racers = await enrolledMembers(t, tree.communities[2], 10);
    const shiftId = (await postNeed(street, tree.communities[0], { headcount: 6, offsetDays: 6 })).shiftIds[0]!;
    const plan = await propose({ from: day(6), to: day(6) });
    expect(shiftOf(plan, shiftId).planned).toBe(6);
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => street.post(`/api/allocation/plans/${plan.id}/publish`)),
      ...racers.map((m) => m.post(`/api/shifts/${shiftId}/signup`)),
    ]);
    const publishes = results.slice(0, 8);
    expect(publishes.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(publishes.filter((r) => errorCode(r) === 'PLAN_UNAVAILABLE')).toHaveLength(7);
    const active = await t.db.kysely.selectFrom('signup').select((eb) => eb.fn.countAll<string>().as('n')).where('shift_id', '=', shiftId).where('status', '=', 'active').executeTakeFirstOrThrow();
    const shift = await t.db.kysely.selectFrom('shift').select('filled').where('id', '=', shiftId).executeTakeFirstOrThrow();
    expect(Number(active.n)).toBe(6);
    expect(shift.filled).toBe(6);
    const view = (await street.get(`/api/allocation/plans/${plan.id}`)).json() as PlanView;
    const assigned = itemsOf(view).filter((i) => i.outcome === 'assigned').length;
    const skipped = itemsOf(view).filter((i) => i.outcome === 'skipped');
    expect(assigned + skipped.length).toBe(6);
    expect(skipped.every((i) => i.outcomeNote!.includes('班次已满'))).toBe(true);
  });

  it('members signing up elsewhere at the same hours while a plan publishes end with one of the two, never both or a miscounted shift', async () => {
    const members = await enrolledMembers(t, tree.communities[1], 5);
    const planned = (await postNeed(street, tree.communities[1], { headcount: 5, offsetDays: 8, start: '07:00', end: '12:00' })).shiftIds[0]!;
    const plan = await propose({ from: day(8), to: day(8) });
    expect(shiftOf(plan, planned).planned).toBe(5);
    // Created after the plan, so the plan does not know it: the members race the publish for it.
    const elsewhere = (await postNeed(street, tree.communities[1], { headcount: 5, offsetDays: 8, start: '09:00', end: '10:00' })).shiftIds[0]!;
    const [publish, ...signups] = await Promise.all([street.post(`/api/allocation/plans/${plan.id}/publish`), ...members.map((m) => m.post(`/api/shifts/${elsewhere}/signup`))]);
    expect(publish!.statusCode).toBe(200);
    const active = await t.db.kysely
      .selectFrom('signup')
      .select(['shift_id', 'person_id'])
      .where('shift_id', 'in', [planned, elsewhere])
      .where('status', '=', 'active')
      .execute();
    for (const m of members) expect(active.filter((a) => a.person_id === m.personId)).toHaveLength(1);
    const view = publish!.json() as PlanView;
    for (const item of shiftOf(view, planned).items) {
      const onPlanned = active.some((a) => a.shift_id === planned && a.person_id === item.personId);
      expect(item.outcome).toBe(onPlanned ? 'assigned' : 'skipped');
      if (!onPlanned) expect(item.outcomeNote).toContain('已有其他班次');
    }
    expect(signups.filter((r) => r.statusCode === 201)).toHaveLength(active.filter((a) => a.shift_id === elsewhere).length);
    const filled = await t.db.kysely.selectFrom('shift').select(['id', 'filled']).where('id', 'in', [planned, elsewhere]).execute();
    for (const f of filled) expect(f.filled).toBe(active.filter((a) => a.shift_id === f.id).length);
  });

  it('an unpublished plan expires: publishing refuses it and the clock marks it', async () => {
    await enrolledMembers(t, tree.communities[0], 1);
    await postNeed(street, tree.communities[0], { headcount: 1, offsetDays: 7 });
    const plan = await propose({ from: day(7), to: day(7) });
    await sql`UPDATE allocation_plan SET expires_at = now() - interval '1 second' WHERE id = ${plan.id}`.execute(t.db.kysely);
    const signups = await rowCount(t.db, 'signup');
    expect(errorCode(await street.post(`/api/allocation/plans/${plan.id}/publish`))).toBe('PLAN_UNAVAILABLE');
    expect(await rowCount(t.db, 'signup')).toBe(signups);
    expect(((await street.get(`/api/allocation/plans/${plan.id}`)).json() as PlanView).status).toBe('expired');
    expect(await allocationService(t).expirePlans()).toBeGreaterThanOrEqual(1);
    const row = await t.db.kysely.selectFrom('allocation_plan').select('status').where('id', '=', plan.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
  });
});

describe('who may plan, and bad input', () => {
  it('a community admin cannot plan; a street only its own; a community is not a node to plan', async () => {
    const q = `from=${day(2)}&to=${day(2)}`;
    expect(errorCode(await community.get(`/api/allocation/shifts?regionId=${tree.streets[0]}&${q}`))).toBe('FORBIDDEN');
    expect(errorCode(await community.get(`/api/allocation/shifts?regionId=${tree.communities[0]}&${q}`))).toBe('FORBIDDEN');
    expect(errorCode(await otherStreet.get(`/api/allocation/pool?regionId=${tree.streets[0]}&${q}`))).toBe('FORBIDDEN');
    expect(errorCode(await street.get(`/api/allocation/shifts?regionId=${tree.communities[0]}&${q}`))).toBe('ALLOCATION_INVALID');
    const plan = (await street.get(`/api/allocation/plans?regionId=${tree.streets[0]}`)).json().items[0] as PlanView;
    expect(errorCode(await otherStreet.get(`/api/allocation/plans/${plan.id}`))).toBe('FORBIDDEN');
    expect(errorCode(await otherStreet.post(`/api/allocation/plans/${plan.id}/publish`))).toBe('FORBIDDEN');
  });

  it('refuses a bad request with a clear error and writes nothing', async () => {
    const before = await rowCount(t.db, 'allocation_plan');
    const bad = [
      { from: day(3), to: day(2) },
      { from: day(2), to: day(40) },
      { from: day(2), to: day(2), weights: { sealed: 101, controlled: 4, precaution: 2, none: 1, weakCommunity: 3, keySite: 3 } },
      { from: day(2), to: day(2), weights: { sealed: 8, controlled: 4, precaution: 2, none: 0, weakCommunity: 3, keySite: 3 } },
      { from: day(2), to: day(2), shiftLimit: 0 },
      { from: day(2), to: day(2), excludePersonIds: ['x'] },
      { from: 'tomorrow', to: day(2) },
      { from: day(2), to: day(2), surprise: true },
    ];
    for (const body of bad) {
      const res = await street.post('/api/allocation/plans', { regionId: tree.streets[0], ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
    expect(errorCode(await street.post('/api/allocation/plans', { regionId: 999_999, from: day(2), to: day(2) }))).toBe('NOT_FOUND');
    expect(await rowCount(t.db, 'allocation_plan')).toBe(before);
  });
});
