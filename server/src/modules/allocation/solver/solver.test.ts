import fc from 'fast-check';
import highsModule from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateInstance } from './generate.js';
import { coverageLp, travelLp } from './lp.js';
import { checkCertificate, checkPlan, shiftPrices, solveAllocation, type AllocationInstance } from './index.js';

// The package's types describe its CommonJS build; the ESM build Node loads here exports the loader as default.
const loadHighs = highsModule as unknown as typeof highsModule.default;

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** HiGHS's lexicographic optimum of the LP, asserting that both LP optima are integral. */
function highsOptimum(x: AllocationInstance): { coverage: number; travel: number } {
  const solve = (text: string): number => {
    const r = highs.solve(text, { output_flag: false });
    if (r.Status !== 'Optimal') throw new Error(`HiGHS: ${r.Status}`);
    for (const col of Object.values(r.Columns) as Array<{ Primal: number }>) expect(Math.abs(col.Primal - Math.round(col.Primal))).toBeLessThan(1e-6);
    return Math.round(r.ObjectiveValue);
  };
  const coverage = solve(coverageLp(x));
  return { coverage, travel: solve(travelLp(x, coverage)) };
}

function expectOptimalAndValid(x: AllocationInstance, options?: Parameters<typeof solveAllocation>[1]): ReturnType<typeof solveAllocation> {
  const r = solveAllocation(x, options);
  expect(checkPlan(x, r)).toEqual([]);
  expect(checkCertificate(r.certificate)).toEqual([]);
  expect({ coverage: r.coverage, travel: r.travel }).toEqual(highsOptimum(x));
  return r;
}

function instance(o: {
  headcount: number[];
  weight?: number[];
  group?: number[];
  limit: number[];
  candidates: Array<[person: number, shift: number, travel: number]>;
}): AllocationInstance {
  return {
    shiftCount: o.headcount.length,
    headcount: Int32Array.from(o.headcount),
    weight: Int32Array.from(o.weight ?? o.headcount.map(() => 1)),
    clashGroup: Int32Array.from(o.group ?? o.headcount.map((_, s) => s)),
    personCount: o.limit.length,
    limit: Int32Array.from(o.limit),
    candidatePerson: Int32Array.from(o.candidates.map((c) => c[0])),
    candidateShift: Int32Array.from(o.candidates.map((c) => c[1])),
    travel: Int32Array.from(o.candidates.map((c) => c[2])),
  };
}

/** Random instances; few shifts for many people take the cost-scaling path, the others the search. */
const randomInstance = (shiftCount: { minLength?: number; maxLength: number }, personCount: { minLength?: number; maxLength: number }) =>
  fc
    .record({
      shifts: fc.array(fc.record({ headcount: fc.nat(3), weight: fc.integer({ min: 1, max: 6 }), group: fc.nat(2) }), shiftCount),
      limits: fc.array(fc.nat(3), personCount),
      pairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(30)), { maxLength: 40 }),
    })
    .map(({ shifts, limits, pairs }) => {
      const seen = new Set<string>();
      const candidates: Array<[number, number, number]> = [];
      if (shifts.length && limits.length) {
        for (const [p, s, t] of pairs) {
          const key = `${p % limits.length}:${s % shifts.length}`;
          if (!seen.has(key)) {
            seen.add(key);
            candidates.push([p % limits.length, s % shifts.length, t]);
          }
        }
      }
      return instance({
        headcount: shifts.map((s) => s.headcount),
        weight: shifts.map((s) => s.weight),
        group: shifts.map((s) => s.group),
        limit: limits,
        candidates,
      });
    });

describe('allocation solver', () => {
  it('matches HiGHS on random small instances, with a valid plan and certificate', () => {
    fc.assert(
      fc.property(randomInstance({ maxLength: 7 }, { maxLength: 9 }), (x) => {
        expectOptimalAndValid(x);
      }),
      { numRuns: 300 },
    );
  });

  it('matches HiGHS by either method', () => {
    const methods = new Set<string>();
    fc.assert(
      fc.property(randomInstance({ minLength: 3, maxLength: 7 }, { maxLength: 9 }), (x) => {
        const r = expectOptimalAndValid(x);
        // Scaling only after the auction ended in a bidding war (next test).
        if (r.stats.method !== 'search') expect(r.stats.bids).toBeGreaterThan(0);
        methods.add(r.stats.method);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(randomInstance({ minLength: 1, maxLength: 2 }, { minLength: 13, maxLength: 16 }), (x) => {
        expect(expectOptimalAndValid(x).stats.method).toBe('scaling');
        methods.add('scaling');
      }),
      { numRuns: 150 },
    );
    expect([...methods].sort()).toEqual(['scaling', 'search']);
  });

  it('hands an auction that ends in a bidding war over to cost scaling', () => {
    // Three people for two places of equal priority: bids only raise travel prices, and
    // whoever is outbid outbids someone else in turn, for ever.
    const x = instance({ headcount: [1, 1], weight: [1, 1], group: [0, 1], limit: [1, 1, 1], candidates: [[0, 0, 1], [0, 1, 2], [1, 0, 3], [1, 1, 4], [2, 0, 5], [2, 1, 6]] });
    const r = expectOptimalAndValid(x);
    expect(r.stats.method).toBe('scaling');
    expect(r.stats.bids).toBeGreaterThan(0);
    expect([r.coverage, r.travel]).toEqual([2, 5]);
  });

  it('reaches the same optimum from any starting prices, a previous solution\'s or arbitrary ones', () => {
    const price = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(
        randomInstance({ minLength: 3, maxLength: 7 }, { maxLength: 9 }),
        fc.array(fc.tuple(price, price), { minLength: 7, maxLength: 7 }),
        fc.nat(3),
        (x, arbitrary, dropped) => {
          const cold = expectOptimalAndValid(x);
          const given = {
            price1: Float64Array.from(arbitrary.slice(0, x.shiftCount), (p) => p[0]),
            price2: Float64Array.from(arbitrary.slice(0, x.shiftCount), (p) => p[1]),
          };
          expect(expectOptimalAndValid(x, { prices: given }).stats.warm).toBe(true);
          // A re-solve after people leave, from the first solution's prices.
          const fewer = { ...x, limit: x.limit.map((l, p) => (p < dropped ? 0 : l)) };
          expectOptimalAndValid(fewer, { prices: shiftPrices(x, cold.certificate) });
        },
      ),
      { numRuns: 200 },
    );
    expect(() => solveAllocation(generateInstance({ people: 30, shifts: 14, flavour: 'slack' }), { prices: { price1: new Float64Array(1), price2: new Float64Array(1) } })).toThrow(/one per shift/);
  });

  it('hands a search from given prices over to cost scaling when the prices leave too much to repair', () => {
    const x = generateInstance({ people: 400, shifts: 700, flavour: 'tight', seed: 1 });
    const zero = { price1: new Float64Array(700), price2: new Float64Array(700) };
    const rough = expectOptimalAndValid(x, { prices: zero });
    expect(rough.stats).toMatchObject({ method: 'scaling', warm: true });
    expect(rough.stats.search!.settled).toBeGreaterThan(20 * rough.certificate.network.nodeCount);
    const close = expectOptimalAndValid(x, { prices: shiftPrices(x, rough.certificate) });
    expect(close.stats).toMatchObject({ method: 'search', warm: true });
  });

  it('matches HiGHS on generated instances of both flavours', () => {
    for (const flavour of ['tight', 'slack'] as const) {
      // 700 shifts for 400 people are solved by search. At 140 shifts the auction ends in a
      // bidding war and cost scaling takes over; at 21 there are too many people per shift for
      // an auction at all.
      for (const [seed, shifts, method, auction] of [
        [1, 700, 'search', true],
        [2, 700, 'search', true],
        [1, 140, 'scaling', true],
        [3, 21, 'scaling', false],
      ] as const) {
        const x = generateInstance({ people: 400, shifts, flavour, seed });
        const r = expectOptimalAndValid(x);
        expect(r.stats.method).toBe(method);
        expect(r.stats.bids !== undefined && r.stats.bids > 0).toBe(auction);
        if (flavour === 'tight') expect(r.complete).toBe(true);
        else expect(r.flow).toBe(r.bounds.totalCapacity);
      }
    }
  });

  it('solves an empty instance', () => {
    const r = expectOptimalAndValid(instance({ headcount: [], limit: [], candidates: [] }));
    expect(r).toMatchObject({ coverage: 0, travel: 0, flow: 0, complete: true, uncovered: [] });
  });

  it('reports shifts nobody can take and people nobody can use', () => {
    const x = instance({ headcount: [2, 1, 0], limit: [1, 1], candidates: [[0, 1, 5]] });
    const r = expectOptimalAndValid(x);
    expect(r.bounds).toMatchObject({ totalHeadcount: 3, totalCapacity: 1, shiftsWithoutCandidates: [0], peopleWithoutCandidates: 1 });
    expect(r.uncovered).toEqual([{ shift: 0, headcount: 2, filled: 0, candidates: 0, reason: 'no-candidates' }]);
  });

  it('says why a shift stays short', () => {
    // Shift 0 (weight 5) takes person 0 from shift 1 (weight 1); shift 2 has one candidate for two places.
    const x = instance({
      headcount: [1, 1, 2],
      weight: [5, 1, 1],
      limit: [1, 1],
      candidates: [
        [0, 0, 9],
        [0, 1, 0],
        [1, 2, 0],
      ],
    });
    const r = expectOptimalAndValid(x);
    expect(r.uncovered).toEqual([
      { shift: 1, headcount: 1, filled: 0, candidates: 1, reason: 'candidates-busy' },
      { shift: 2, headcount: 2, filled: 1, candidates: 1, reason: 'too-few-candidates' },
    ]);
  });

  it('fills an all-tight instance exactly, the only way it can be', () => {
    // A cycle of people and shifts where each person could take two shifts but holds one.
    const n = 6;
    const candidates: Array<[number, number, number]> = [];
    for (let p = 0; p < n; p++) candidates.push([p, p, 1], [p, (p + 1) % n, 0]);
    const r = expectOptimalAndValid(instance({ headcount: Array(n).fill(1), limit: Array(n).fill(1), candidates }));
    expect(r).toMatchObject({ complete: true, flow: n, travel: 0 });
  });

  it('prefers coverage to travel, priority to count, and nearer people on ties', () => {
    const x = instance({
      headcount: [1, 1, 1],
      weight: [3, 1, 1],
      limit: [1, 1],
      candidates: [
        [0, 0, 300], // far, but the heavy shift
        [0, 1, 0],
        [1, 1, 7],
        [1, 2, 7], // a tie between shifts 1 and 2 for person 1
      ],
    });
    const r = expectOptimalAndValid(x);
    expect(r.coverage).toBe(4);
    expect(r.travel).toBe(307);
  });

  it('never gives one person two shifts of a clash group', () => {
    // Person 0 could fill both shifts of slot 7; the limit of 2 alone would allow it.
    const x = instance({
      headcount: [1, 1, 1],
      weight: [4, 4, 1],
      group: [7, 7, 8],
      limit: [2, 1],
      candidates: [
        [0, 0, 0],
        [0, 1, 0],
        [0, 2, 0],
        [1, 1, 50],
      ],
    });
    const r = expectOptimalAndValid(x);
    expect(r.coverage).toBe(9);
    expect(r.filled).toEqual(Int32Array.from([1, 1, 1]));
  });

  it('refuses malformed instances', () => {
    expect(() => solveAllocation(instance({ headcount: [1], weight: [0], limit: [1], candidates: [] }))).toThrow(/weight/);
    expect(() =>
      solveAllocation(
        instance({
          headcount: [1],
          limit: [1],
          candidates: [
            [0, 0, 1],
            [0, 0, 2],
          ],
        }),
      ),
    ).toThrow(/repeats/);
    expect(() => solveAllocation(instance({ headcount: [1], limit: [1], candidates: [[1, 0, 1]] }))).toThrow(/person of candidate/);
  });

  it('has a checker that catches a wrong flow or a wrong certificate', () => {
    const x = generateInstance({ people: 50, shifts: 21, flavour: 'slack', seed: 3 });
    const r = solveAllocation(x);
    const { network, flow, coveragePotential, travelPotential } = r.certificate;
    const arc = r.assigned[0]! + network.firstCandidateArc;
    const moved = Int32Array.from(flow);
    moved[arc] = 0;
    expect(checkCertificate({ ...r.certificate, flow: moved }).join()).toMatch(/inflow − outflow/);
    // Raising an assigned shift's potential makes its flow back to the hub look wasteful.
    const shifted = Float64Array.from(coveragePotential);
    shifted[network.head[arc]!]! += 1_000;
    expect(checkCertificate({ network, flow, coveragePotential: shifted, travelPotential }).join()).toMatch(/reduced costs/);
  });
});
