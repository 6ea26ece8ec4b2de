/**
 * The allocation solver: an optimal plan of people to shifts, with its certificate. Pure
 * computation — no database, no HTTP — so the feature can call it in-process or in a worker.
 * The model (network, clash groups, travel tiers) is described in model.ts.
 *
 * Lexicographic optimum in two exact phases, without a big-M weight (which, multiplied by the
 * scaling factor of cost scaling, would leave Float64's exact integers at city scale):
 *  1. min-cost circulation for the coverage costs −w_s, then exact potentials π1;
 *  2. every arc whose π1-reduced cost is non-zero keeps its flow in every coverage-optimal plan
 *     (complementary slackness), so those arcs are frozen and the travel costs are minimized over
 *     the others, then exact potentials π2.
 * The certificate is (π1, π2): for every residual arc, either its π1-reduced coverage cost is
 * positive, or it is zero and its π2-reduced travel cost is non-negative (certificate.ts checks
 * this and why it proves lexicographic optimality).
 */
import { buildNetwork, candidatesByPerson, HUB, shiftNode, validateInstance, type AllocationInstance, type AllocationNetwork } from './model.js';
import { auctionPrices } from './auction.js';
import { buildResidualGraph, lexicographicCirculation, type SearchStats } from './ssp.js';

export * from './model.js';
export { checkCertificate, checkPlan } from './certificate.js';

export type UncoveredReason =
  /** No eligible person at all. */
  | 'no-candidates'
  /** Every candidate got the shift, and there are fewer candidates than headcount. */
  | 'too-few-candidates'
  /** Some candidates went elsewhere: to shifts of higher priority, or to cover more in total. */
  | 'candidates-busy';

export interface UncoveredShift {
  shift: number;
  headcount: number;
  filled: number;
  candidates: number;
  reason: UncoveredReason;
}

/** Bounds checked before solving; they say where a full plan is impossible, whatever the solver does. */
export interface FeasibilityBounds {
  totalHeadcount: number;
  /** Σ over people of min(limit, number of clash groups among their candidates). */
  totalCapacity: number;
  /** Σ w_s·min(h_s, candidates of s): coverage can be no higher. */
  coverageUpperBound: number;
  shiftsWithoutCandidates: number[];
  peopleWithoutCandidates: number;
  /** Headcount of shifts with fewer candidates than headcount, beyond their candidates. */
  headcountBeyondCandidates: number;
}

export interface Certificate {
  network: AllocationNetwork;
  /** Flow per network arc. */
  flow: Int32Array;
  /** π1: coverage potentials. */
  coveragePotential: Float64Array;
  /** π2: travel potentials, meaningful on arcs of zero π1-reduced cost. */
  travelPotential: Float64Array;
}

export interface AllocationResult {
  /** Candidate indices chosen, ascending; the pairs are candidatePerson/candidateShift of these. */
  assigned: Int32Array;
  /** Σ w_s·x_ps, maximal. */
  coverage: number;
  /** Σ t_ps·x_ps, minimal among plans of maximal coverage. */
  travel: number;
  /** Number of person–shift assignments (flow value). */
  flow: number;
  filled: Int32Array;
  complete: boolean;
  uncovered: UncoveredShift[];
  bounds: FeasibilityBounds;
  certificate: Certificate;
  stats: { search: SearchStats; milliseconds: Record<string, number> };
}

export function feasibilityBounds(x: AllocationInstance): FeasibilityBounds {
  const degree = new Int32Array(x.shiftCount);
  for (let k = 0; k < x.candidateShift.length; k++) degree[x.candidateShift[k]!]! += 1;
  const { start, order } = candidatesByPerson(x);
  // Distinct clash groups per person, by marking group ids with the person's index.
  const mark = new Map<number, number>();
  let totalCapacity = 0;
  let peopleWithoutCandidates = 0;
  for (let p = 0; p < x.personCount; p++) {
    let groups = 0;
    for (let i = start[p]!; i < start[p + 1]!; i++) {
      const g = x.clashGroup[x.candidateShift[order[i]!]!]!;
      if (mark.get(g) !== p) {
        mark.set(g, p);
        groups += 1;
      }
    }
    if (groups === 0) peopleWithoutCandidates += 1;
    totalCapacity += Math.min(x.limit[p]!, groups);
  }
  let totalHeadcount = 0;
  let coverageUpperBound = 0;
  let headcountBeyondCandidates = 0;
  const shiftsWithoutCandidates: number[] = [];
  for (let s = 0; s < x.shiftCount; s++) {
    const h = x.headcount[s]!;
    totalHeadcount += h;
    coverageUpperBound += x.weight[s]! * Math.min(h, degree[s]!);
    headcountBeyondCandidates += Math.max(0, h - degree[s]!);
    if (degree[s] === 0 && h > 0) shiftsWithoutCandidates.push(s);
  }
  return { totalHeadcount, totalCapacity, coverageUpperBound, shiftsWithoutCandidates, peopleWithoutCandidates, headcountBeyondCandidates };
}

export function solveAllocation(x: AllocationInstance): AllocationResult {
  const ms: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    ms[name] = now - t;
    t = now;
  };
  validateInstance(x);
  const bounds = feasibilityBounds(x);
  const network = buildNetwork(x);
  const g = buildResidualGraph(network);
  lap('build');

  const prices = startingPrices(x);
  lap('prices');
  const search: SearchStats = { overflow: 0, settled: 0, pathArcs: 0 };
  const { pi1: coveragePotential, pi2: travelPotential } = lexicographicCirculation(g, x.personCount, x.shiftCount, prices, search);
  lap('solve');

  const flow = new Int32Array(network.tail.length);
  for (let k = 0; k < flow.length; k++) flow[k] = g.rescap[g.rev[g.forward[k]!]!]!;

  const E = x.candidatePerson.length;
  const filled = new Int32Array(x.shiftCount);
  const degree = new Int32Array(x.shiftCount);
  const chosen: number[] = [];
  let coverage = 0;
  let travel = 0;
  for (let k = 0; k < E; k++) {
    const s = x.candidateShift[k]!;
    degree[s]! += 1;
    if (flow[network.firstCandidateArc + k] === 1) {
      chosen.push(k);
      filled[s]! += 1;
      coverage += x.weight[s]!;
      travel += x.travel[k]!;
    }
  }
  const uncovered: UncoveredShift[] = [];
  for (let s = 0; s < x.shiftCount; s++) {
    const h = x.headcount[s]!;
    if (filled[s]! >= h) continue;
    const candidates = degree[s]!;
    const reason: UncoveredReason = candidates === 0 ? 'no-candidates' : filled[s] === candidates ? 'too-few-candidates' : 'candidates-busy';
    uncovered.push({ shift: s, headcount: h, filled: filled[s]!, candidates, reason });
  }
  lap('extract');
  return {
    assigned: Int32Array.from(chosen),
    coverage,
    travel,
    flow: chosen.length,
    filled,
    complete: uncovered.length === 0,
    uncovered,
    bounds,
    certificate: { network, flow, coveragePotential, travelPotential },
    stats: { search, milliseconds: ms },
  };
}

/** People above which prices come from a sample rather than an auction, and the sampling rate. */
const SAMPLE_ABOVE = Number(process.env.SA ?? 60_000);
const SAMPLE_RATE = Number(process.env.SR ?? 4);

/**
 * Shift prices to start the exact solve from. Large instances: the optimal prices of a sample —
 * every SAMPLE_RATE-th person (by a seeded draw), headcounts scaled down by the same rate — solved
 * the same way, recursively; the market of a large random sample has nearly the same prices. Small
 * ones: an auction (auction.ts).
 */
function startingPrices(x: AllocationInstance): { price1: Float64Array; price2: Float64Array } {
  if (x.personCount <= SAMPLE_ABOVE) return auctionPrices(x);
  let seed = 0x9e3779b9;
  const draw = (): number => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0;
    return ((seed ^ (seed >>> 13)) >>> 0) / 4294967296;
  };
  const keep = new Int32Array(x.personCount).fill(-1);
  let people = 0;
  for (let p = 0; p < x.personCount; p++) if (draw() * SAMPLE_RATE < 1) keep[p] = people++;
  const person: number[] = [];
  const shift: number[] = [];
  const travel: number[] = [];
  for (let k = 0; k < x.candidatePerson.length; k++) {
    const p = keep[x.candidatePerson[k]!]!;
    if (p < 0) continue;
    person.push(p);
    shift.push(x.candidateShift[k]!);
    travel.push(x.travel[k]!);
  }
  const limit = new Int32Array(people);
  for (let p = 0; p < x.personCount; p++) if (keep[p]! >= 0) limit[keep[p]!] = x.limit[p]!;
  // Randomized rounding keeps the expected headcount at h/rate.
  const headcount = Int32Array.from(x.headcount, (h) => Math.floor(h / SAMPLE_RATE + draw()));
  const sample: AllocationInstance = {
    shiftCount: x.shiftCount,
    headcount,
    weight: x.weight,
    clashGroup: x.clashGroup,
    personCount: people,
    limit,
    candidatePerson: Int32Array.from(person),
    candidateShift: Int32Array.from(shift),
    travel: Int32Array.from(travel),
  };
  const { coveragePotential: pi1, travelPotential: pi2 } = solveAllocation(sample).certificate;
  const price1 = new Float64Array(x.shiftCount);
  const price2 = new Float64Array(x.shiftCount);
  for (let s = 0; s < x.shiftCount; s++) {
    const v = shiftNode(sample, s);
    // price = π_hub − π_s, kept lexicographically ≥ 0 (any such prices are a valid start).
    const a = pi1[HUB]! - pi1[v]!;
    const b = pi2[HUB]! - pi2[v]!;
    if (a > 0 || (a === 0 && b > 0)) {
      price1[s] = a;
      price2[s] = b;
    }
    if (x.headcount[s] === 0) price1[s] = x.weight[s]! + 1;
  }
  return { price1, price2 };
}
