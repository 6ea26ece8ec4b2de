import fc from 'fast-check';
import { DEFAULT_WEIGHTS, type DayPeriod } from '@meshwork/contracts';
import { describe, expect, it } from 'vitest';
import { buildPlanInstance, chinaWeekday, fitsAvailability, periodsOf, planAllocation, priorityOf, type PlanPerson, type PlanShift } from './allocation.instance.js';
import { solveAllocation } from './solver/index.js';

const at = (iso: string) => new Date(iso);

describe('time in China', () => {
  it('names the parts of the day a window touches, overnight included', () => {
    expect([...periodsOf(at('2026-12-01T07:00:00+08:00'), at('2026-12-01T12:00:00+08:00'))]).toEqual(['morning']);
    expect([...periodsOf(at('2026-12-01T11:00:00+08:00'), at('2026-12-01T13:00:00+08:00'))]).toEqual(['morning', 'afternoon']);
    expect([...periodsOf(at('2026-12-01T19:00:00+08:00'), at('2026-12-02T07:00:00+08:00'))]).toEqual(['evening', 'night', 'morning']);
    expect(chinaWeekday(at('2026-11-30T23:30:00+08:00'))).toBe(1);
    // 2026-11-30 16:30 UTC is already Tuesday in China.
    expect(chinaWeekday(at('2026-11-30T16:30:00Z'))).toBe(2);
  });

  it('fits a member who serves on weekends and evenings only to a Saturday evening', () => {
    const member = { availableDays: [6, 7], availablePeriods: ['evening'] as DayPeriod[] };
    expect(fitsAvailability(member, { startsAt: at('2026-12-05T18:00:00+08:00'), endsAt: at('2026-12-05T22:00:00+08:00') })).toBe(true);
    expect(fitsAvailability(member, { startsAt: at('2026-12-05T17:00:00+08:00'), endsAt: at('2026-12-05T22:00:00+08:00') })).toBe(false);
    expect(fitsAvailability(member, { startsAt: at('2026-12-04T18:00:00+08:00'), endsAt: at('2026-12-04T22:00:00+08:00') })).toBe(false);
    expect(fitsAvailability({ availableDays: [], availablePeriods: [] }, { startsAt: at('2026-12-04T02:00:00+08:00'), endsAt: at('2026-12-04T04:00:00+08:00') })).toBe(true);
  });
});

describe('priority', () => {
  it('ranks sealed over controlled over precaution over none, and adds weak communities and key sites', () => {
    const w = (risk: PlanShift['risk'], ratio = 0, keySite = false) => priorityOf({ risk, communityGapRatio: ratio, keySite }, DEFAULT_WEIGHTS);
    expect(w('sealed').weight).toBeGreaterThan(w('controlled').weight);
    expect(w('controlled').weight).toBeGreaterThan(w('precaution').weight);
    expect(w('precaution').weight).toBeGreaterThan(w(null).weight);
    expect(w(null, 1).weight).toBeGreaterThan(w(null, 0.2).weight);
    expect(w(null, 0, true)).toEqual({ weight: (1 + 3) * 10, reasons: ['key_site'] });
    expect(w('sealed', 0.6).reasons).toEqual(['sealed', 'weak_community']);
  });
});

// Places: province 1, city 2, districts 3–4, streets 5–8, communities 9–16 (two per street).
const COMMUNITIES = Array.from({ length: 8 }, (_, c) => `1.2.${3 + (c >> 2)}.${5 + (c >> 1)}.${9 + c}`);
const SKILLS = ['medical', 'driving'];
const PERIODS: DayPeriod[] = ['night', 'morning', 'afternoon', 'evening'];
const BASE = Date.parse('2026-12-07T00:00:00+08:00');

const shiftArb = fc.record({
  community: fc.nat(7),
  day: fc.nat(2),
  hour: fc.integer({ min: 0, max: 22 }),
  length: fc.integer({ min: 1, max: 10 }),
  gap: fc.integer({ min: 1, max: 3 }),
  skills: fc.subarray(SKILLS, { maxLength: 1 }),
  risk: fc.constantFrom('sealed', 'controlled', 'precaution', null),
  keySite: fc.boolean(),
});
const personArb = fc.record({
  community: fc.nat(7),
  skills: fc.subarray(SKILLS),
  days: fc.subarray([1, 2, 3, 4, 5, 6, 7]),
  periods: fc.subarray(PERIODS),
  limit: fc.integer({ min: 0, max: 3 }),
  hold: fc.option(fc.record({ day: fc.nat(2), hour: fc.integer({ min: 0, max: 20 }) }), { nil: undefined }),
});

function cityOf(shiftSpecs: Array<typeof shiftArb extends fc.Arbitrary<infer T> ? T : never>, personSpecs: Array<typeof personArb extends fc.Arbitrary<infer T> ? T : never>) {
        const shifts: PlanShift[] = shiftSpecs.map((s, i) => {
          const startsAt = new Date(BASE + (s.day * 24 + s.hour) * 3_600_000);
          return {
            id: i + 1,
            path: COMMUNITIES[s.community]!,
            latitude: null,
            longitude: null,
            startsAt,
            endsAt: new Date(startsAt.getTime() + s.length * 3_600_000),
            gap: s.gap,
            requiredSkills: s.skills,
            risk: s.risk as PlanShift['risk'],
            keySite: s.keySite,
            communityGapRatio: 0.5,
          };
        });
        const people: PlanPerson[] = personSpecs.map((p, i) => {
          const holdStart = p.hold && new Date(BASE + (p.hold.day * 24 + p.hold.hour) * 3_600_000);
          return {
            id: i + 1,
            path: COMMUNITIES[p.community]!,
            latitude: null,
            longitude: null,
            skills: p.skills,
            availableDays: p.days,
            availablePeriods: p.periods,
            limit: p.limit,
            holds: holdStart ? [{ startsAt: holdStart, endsAt: new Date(holdStart.getTime() + 4 * 3_600_000) }] : [],
          };
        });
        return { shifts, people };
}

describe('a plan built from the pool and solved', () => {
  it('respects skills, serving days and hours, held shifts, limits, headcount and clashes', () => {
    fc.assert(
      fc.property(fc.array(shiftArb, { minLength: 1, maxLength: 12 }), fc.array(personArb, { maxLength: 14 }), (shiftSpecs, personSpecs) => {
        const { shifts, people } = cityOf(shiftSpecs, personSpecs);
        const built = buildPlanInstance(shifts, people, DEFAULT_WEIGHTS);
        const result = solveAllocation(built.instance);
        const taken = new Map<number, PlanShift[]>();
        const filled = new Map<number, number>();
        for (const k of result.assigned) {
          const s = shifts[built.instance.candidateShift[k]!]!;
          const p = people[built.instance.candidatePerson[k]!]!;
          expect(s.requiredSkills.every((x) => p.skills.includes(x))).toBe(true);
          expect(fitsAvailability(p, s)).toBe(true);
          expect(p.holds.some((h) => h.startsAt < s.endsAt && s.startsAt < h.endsAt)).toBe(false);
          for (const other of taken.get(p.id) ?? []) expect(other.startsAt < s.endsAt && s.startsAt < other.endsAt).toBe(false);
          taken.set(p.id, [...(taken.get(p.id) ?? []), s]);
          filled.set(s.id, (filled.get(s.id) ?? 0) + 1);
        }
        for (const p of people) expect((taken.get(p.id) ?? []).length).toBeLessThanOrEqual(p.limit);
        for (const s of shifts) expect(filled.get(s.id) ?? 0).toBeLessThanOrEqual(s.gap);
      }),
      { numRuns: 200 },
    );
  });

  it('solved over a few nearest pairs, then priced, equals the plan over every eligible pair', () => {
    fc.assert(
      fc.property(fc.array(shiftArb, { minLength: 1, maxLength: 12 }), fc.array(personArb, { maxLength: 14 }), (shiftSpecs, personSpecs) => {
        const { shifts, people } = cityOf(shiftSpecs, personSpecs);
        const every = solveAllocation(buildPlanInstance(shifts, people, DEFAULT_WEIGHTS, { perPerson: Infinity, perShiftMin: Infinity, perShiftPerGap: 0 }).instance);
        const priced = planAllocation(shifts, people, DEFAULT_WEIGHTS, { perPerson: 1, perShiftMin: 0, perShiftPerGap: 0 });
        expect(priced.exact).toBe(true);
        expect([priced.result.coverage, priced.result.travel]).toEqual([every.coverage, every.travel]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives tiers nearest first and cuts a city-wide pool to each person’s nearest shifts', () => {
    const shift = (id: number, community: number): PlanShift => ({
      id,
      path: COMMUNITIES[community]!,
      latitude: null,
      longitude: null,
      startsAt: new Date(BASE + id * 86_400_000),
      endsAt: new Date(BASE + id * 86_400_000 + 3_600_000),
      gap: 1,
      requiredSkills: [],
      risk: null,
      keySite: false,
      communityGapRatio: 0,
    });
    const person: PlanPerson = { id: 1, path: COMMUNITIES[0]!, latitude: null, longitude: null, skills: [], availableDays: [], availablePeriods: [], limit: 3, holds: [] };
    const shifts = [shift(1, 0), shift(2, 1), shift(3, 2), shift(4, 4)];
    const all = buildPlanInstance(shifts, [person], DEFAULT_WEIGHTS);
    expect(all.tier).toEqual(['community', 'street', 'district', 'city']);
    expect(all.capped).toBe(false);
    // 20 per person over 25 shifts keeps the 20 nearest; each shift's own nearest person brings the rest back.
    const many = Array.from({ length: 25 }, (_, i) => shift(10 + i, i < 5 ? 0 : 7));
    const cut = buildPlanInstance(many, [person], DEFAULT_WEIGHTS, { perPerson: 20, perShiftMin: 0, perShiftPerGap: 0 });
    expect(cut.capped).toBe(true);
    expect(cut.tier.filter((t) => t === 'community')).toHaveLength(5);
    expect(cut.instance.candidatePerson).toHaveLength(20);
    expect(buildPlanInstance(many, [person], DEFAULT_WEIGHTS, { perPerson: 20, perShiftMin: 1, perShiftPerGap: 0 }).instance.candidatePerson).toHaveLength(25);
  });
});
