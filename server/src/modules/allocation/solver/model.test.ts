import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildInstance, checkCertificate, checkPlan, clashGroups, solveAllocation, travelCost, TIER_SPAN, type Place, type PersonSpec, type ShiftSpec } from './index.js';

const place = (city: number, district: number, street: number, community: number, lat?: number, lon?: number): Place => ({
  city,
  district,
  street,
  community,
  ...(lat === undefined ? {} : { lat, lon }),
});

describe('travel tiers', () => {
  it('orders community < street < district < city, and coordinates never cross a tier', () => {
    const home = place(1, 1, 1, 1, 31.2, 121.4);
    const farSameCommunity = travelCost(home, place(1, 1, 1, 1, 32.2, 121.4))!;
    const nearSameStreet = travelCost(home, place(1, 1, 1, 2, 31.2, 121.4))!;
    expect(farSameCommunity).toBeLessThan(nearSameStreet);
    expect(nearSameStreet).toBeLessThan(travelCost(home, place(1, 1, 2, 3))!);
    expect(travelCost(home, place(1, 1, 2, 3))).toBeLessThan(travelCost(home, place(1, 2, 4, 5))!);
    expect(travelCost(home, place(2, 1, 1, 1))).toBeUndefined();
    // A known short distance beats an unknown one within a tier.
    expect(travelCost(home, place(1, 1, 1, 1, 31.201, 121.4))).toBeLessThan(travelCost(home, place(1, 1, 1, 1))!);
    expect(travelCost(home, place(1, 1, 1, 1))).toBe(TIER_SPAN / 2);
  });
});

describe('clash groups', () => {
  it('puts overlapping windows, and chains of them, in one group', () => {
    const g = clashGroups([
      { start: 8, end: 12 },
      { start: 20, end: 22 },
      { start: 11, end: 15 },
      { start: 14, end: 18 },
      { start: 20, end: 22 },
      { start: 18, end: 20 },
    ]);
    expect(g[0]).toBe(g[2]);
    expect(g[2]).toBe(g[3]);
    expect(g[1]).toBe(g[4]);
    // Touching windows (end = start) do not clash.
    expect(new Set([g[0], g[1], g[5]]).size).toBe(3);
  });
});

const window = fc.tuple(fc.nat(10), fc.integer({ min: 1, max: 4 })).map(([start, length]) => ({ start, end: start + length }));
const smallPlace = fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.nat(1), fc.nat(2)).map(([city, district, street]) => place(city, district, district * 3 + street, street));
const shiftSpec: fc.Arbitrary<ShiftSpec> = fc
  .record({ w: window, headcount: fc.nat(2), weight: fc.integer({ min: 1, max: 4 }), skills: fc.constantFrom(0, 0, 1, 2), place: smallPlace })
  .map(({ w, ...s }) => ({ ...s, ...w }));
const personSpec: fc.Arbitrary<PersonSpec> = fc.record({
  limit: fc.nat(3),
  skills: fc.nat(3),
  availability: fc.array(fc.tuple(fc.nat(6), fc.integer({ min: 4, max: 14 })).map(([start, length]) => ({ start, end: start + length })), { minLength: 1, maxLength: 2 }),
  holds: fc.array(window, { maxLength: 1 }),
  place: smallPlace,
});

describe('plans from object-level data', () => {
  it('only ever assign eligible people, never two overlapping shifts to one person', () => {
    let withAssignments = 0;
    fc.assert(
      fc.property(fc.array(personSpec, { maxLength: 8 }), fc.array(shiftSpec, { maxLength: 10 }), fc.integer({ min: 1, max: 4 }), (people, shifts, keep) => {
        const x = buildInstance(people, shifts, { maxCandidatesPerPerson: keep });
        const r = solveAllocation(x);
        if (r.assigned.length >= 2) withAssignments += 1;
        expect(checkPlan(x, r)).toEqual([]);
        expect(checkCertificate(r.certificate)).toEqual([]);
        const mine = new Map<number, ShiftSpec[]>();
        for (const k of r.assigned) {
          const p = people[x.candidatePerson[k]!]!;
          const s = shifts[x.candidateShift[k]!]!;
          expect(s.skills & ~p.skills).toBe(0);
          expect(p.availability.some((a) => a.start <= s.start && s.end <= a.end)).toBe(true);
          expect(p.holds.some((h) => h.start < s.end && s.start < h.end)).toBe(false);
          expect(p.place.city).toBe(s.place.city);
          const list = mine.get(x.candidatePerson[k]!) ?? [];
          for (const other of list) expect(other.start < s.end && s.start < other.end).toBe(false);
          mine.set(x.candidatePerson[k]!, [...list, s]);
        }
        for (let p = 0; p < people.length; p++) {
          let count = 0;
          for (let k = 0; k < x.candidatePerson.length; k++) if (x.candidatePerson[k] === p) count += 1;
          expect(count).toBeLessThanOrEqual(keep);
        }
      }),
      { numRuns: 200 },
    );
    // The generators must exercise the rules, not just produce empty plans.
    expect(withAssignments).toBeGreaterThan(40);
  });
});
