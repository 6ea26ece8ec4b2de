/**
 * The allocation solver: an optimal plan of people to shifts, with its certificate. Pure
 * computation — no database, no HTTP — so the feature can call it in-process or in a worker.
 * The model (network, clash groups, travel tiers) is described in model.ts.
 *
 * Two exact methods, chosen by people per shift (SEARCH_PEOPLE_PER_SHIFT below) and by how the
 * auction goes:
 *  - search (ssp.ts, started by auction.ts): everyone takes their best shifts at auction prices,
 *    then shortest paths with lexicographic (coverage, travel) costs repair the shifts left over-
 *    or underfull. One solve for both objectives, and fast while few people compete per shift
 *    and the auction settles; when it ends in a bidding war instead, scaling takes over;
 *  - scaling (mcf.ts), in two phases without a big-M weight (which, multiplied by the scaling
 *    factor, would leave Float64's exact integers at city scale):
 *     1. min-cost circulation for the coverage costs −w_s, then exact potentials π1;
 *     2. every arc whose π1-reduced cost is non-zero keeps its flow in every coverage-optimal plan
 *        (complementary slackness), so those arcs are frozen and the travel costs are minimized
 *        over the others, then exact potentials π2.
 * A re-solve of a changed instance over the same shifts (more pairs, fewer people) can start the
 * search from the last solution's shift prices (`shiftPrices`) instead of an auction: any prices
 * are a valid start, and near-optimal ones leave only a few shifts to repair (when they leave
 * many, scaling takes over: WARM_SEARCH_BUDGET).
 * Either way the certificate is (π1, π2): for every residual arc, either its π1-reduced coverage
 * cost is positive, or it is zero and its π2-reduced travel cost is non-negative (certificate.ts
 * checks this and why it proves lexicographic optimality).
 */
import { buildNetwork, candidatesByPerson, HUB, shiftNode, validateInstance, type AllocationInstance, type AllocationNetwork, type ShiftPrices } from './model.js';
import { auctionPrices } from './auction.js';
import { buildResidualGraph, emptyStats, minCostCirculation, setCosts, type ResidualGraph, type ScalingStats } from './mcf.js';
import { buildLexGraph, lexicographicCirculation, type SearchStats } from './ssp.js';

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
  stats: {
    /** The method that found the plan; 'scaling' also after an auction or a search from given prices gave up. */
    method: 'search' | 'scaling';
    /** Whether the search started from given prices rather than an auction's. */
    warm?: boolean;
    /** Auction bids, and the shortest-path searches' work (also when they gave up). */
    bids?: number;
    search?: SearchStats;
    /** Cost-scaling work per objective and arcs frozen between them (method 'scaling'). */
    coverage?: ScalingStats;
    travel?: ScalingStats;
    frozenArcs?: number;
    milliseconds: Record<string, number>;
  };
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

export interface SolveOptions {
  /** Shift prices to start the search from (see `shiftPrices`); the scaling method ignores them. */
  prices?: ShiftPrices;
}

/**
 * A solution's shift prices, for starting a re-solve over the same shifts: what taking a place
 * costs beyond its candidate arc, π_hub − π_s, as a pair; a shift the certificate leaves below
 * zero (one with free places nobody wants) is priced at zero.
 */
export function shiftPrices(x: AllocationInstance, c: Certificate): ShiftPrices {
  const price1 = new Float64Array(x.shiftCount);
  const price2 = new Float64Array(x.shiftCount);
  const { coveragePotential: pi1, travelPotential: pi2 } = c;
  for (let s = 0; s < x.shiftCount; s++) {
    const v = shiftNode(x, s);
    const a = pi1[HUB]! - pi1[v]!;
    const b = pi2[HUB]! - pi2[v]!;
    if (a > 0 || (a === 0 && b > 0)) {
      price1[s] = a;
      price2[s] = b;
    }
  }
  return { price1, price2 };
}

export function solveAllocation(x: AllocationInstance, options: SolveOptions = {}): AllocationResult {
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
  lap('build');
  const { flow, coveragePotential, travelPotential, stats } =
    x.personCount <= SEARCH_PEOPLE_PER_SHIFT * x.shiftCount ? bySearch(x, network, lap, options.prices) : byScaling(network, lap);

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
    stats: { ...stats, milliseconds: ms },
  };
}

/**
 * People per shift up to which the auction-started search is used (see the module comment).
 * Measured on generated instances × 20k shifts (CPU seconds, search vs scaling): 10k people 0.35
 * vs 1.1, 100k slack 6.6 vs 12.7, 100k tight 14.5 vs 20–45; at 200k slack both 29 s, the auction
 * needing over 100 bids per person (12 at 10k) as more people compete for each shift; at 500k
 * the search is over twice as slow.
 */
const SEARCH_PEOPLE_PER_SHIFT = 6;

interface Solved {
  flow: Int32Array;
  coveragePotential: Float64Array;
  travelPotential: Float64Array;
  stats: Omit<AllocationResult['stats'], 'milliseconds'>;
}

/** One lexicographic solve by shortest paths from everyone's best choice at given or auction prices (ssp.ts). */
function bySearch(x: AllocationInstance, network: AllocationNetwork, lap: (name: string) => void, given?: ShiftPrices): Solved {
  const prices = given ? startingPrices(x, given) : auctionPrices(x);
  lap(given ? 'prices' : 'auction');
  // A bidding war (auction.ts) marks an instance the search is slow on too: its rough prices
  // leave thousands of long repairs. Measured (seconds, search vs scaling): 2,000 people × 2,100
  // shifts with 20 candidates each 0.64 vs 0.28, with 500 each 22.5 vs 1.5; 30k × 20k with 20
  // each 46.5 vs 7.0. Where the auction finishes, the search stays ahead (module comment).
  const handOver = (work: Pick<Solved['stats'], 'bids' | 'warm' | 'search'>): Solved => {
    const solved = byScaling(network, lap);
    return { ...solved, stats: { ...solved.stats, ...work } };
  };
  if (!prices.settled) return handOver({ bids: prices.bids });
  const g = buildLexGraph(network);
  const search: SearchStats = { overflow: 0, settled: 0, pathArcs: 0 };
  const budget = given ? WARM_SEARCH_BUDGET * network.nodeCount : Infinity;
  const potentials = lexicographicCirculation(g, x.personCount, x.shiftCount, prices, search, budget);
  lap('search');
  const warm = given !== undefined;
  if (!potentials) return handOver({ warm, search });
  const flow = new Int32Array(network.tail.length);
  for (let k = 0; k < flow.length; k++) flow[k] = g.rescap[g.rev[g.forward[k]!]!]!;
  return { flow, coveragePotential: potentials.pi1, travelPotential: potentials.pi2, stats: { method: 'search', warm, bids: prices.bids, search } };
}

/**
 * Nodes a search from given prices may settle, per node of the network, before cost scaling
 * takes over. Given prices are meant to leave little to repair; when they don't, the repairs
 * cost more than scaling from nothing. Measured on the district bench's column-generation
 * rounds (about 33k nodes): rounds whose new columns moved much settled 60–160 per node
 * (1.5–3.7 s against about 1.1 s by scaling), the others 5–9 per node (0.15–0.3 s).
 */
const WARM_SEARCH_BUDGET = 20;

/** Far beyond any travel price, far inside Float64's exact integers (sums of many stay exact). */
const PRICE2_RANGE = 2 ** 40;

/** Given prices as a start: shifts without headcount priced out of reach, as the auction does. */
function startingPrices(x: AllocationInstance, given: ShiftPrices): ShiftPrices & { bids: number; settled: boolean } {
  if (given.price1.length !== x.shiftCount || given.price2.length !== x.shiftCount) throw new RangeError('allocation: starting prices need one per shift');
  const price1 = given.price1.slice();
  const price2 = given.price2.slice();
  for (let s = 0; s < x.shiftCount; s++) {
    const p1 = price1[s]!;
    const p2 = price2[s]!;
    if (x.headcount[s] === 0 || p1 > x.weight[s]!) {
      price1[s] = x.weight[s]! + 1;
      price2[s] = 0;
    } else if (!(Number.isSafeInteger(p1) && Math.abs(p2) <= PRICE2_RANGE && Number.isInteger(p2) && (p1 > 0 || (p1 === 0 && p2 >= 0)))) {
      // The starting plan needs prices ≥ (0, 0) (ssp.ts), and integers keep the potentials exact.
      price1[s] = 0;
      price2[s] = 0;
    }
  }
  return { price1, price2, bids: 0, settled: true };
}

/** Two min-cost circulations by cost scaling (mcf.ts), travel over the arcs coverage leaves free. */
function byScaling(network: AllocationNetwork, lap: (name: string) => void): Solved {
  const g = buildResidualGraph(network.nodeCount, network.tail, network.head, network.cap);
  const scale = network.cycleBound + 1;
  const coverage = emptyStats();
  setCosts(g, network.coverageCost);
  const coveragePotential = minCostCirculation(g, scale, coverage);
  lap('coverage');
  const frozen = freeze(g, network, coveragePotential);
  const travel = emptyStats();
  setCosts(g, network.travelCost);
  const travelPotential = minCostCirculation(g, scale, travel);
  lap('travel');
  const flow = new Int32Array(network.tail.length);
  for (let k = 0; k < flow.length; k++) flow[k] = g.rescap[g.rev[g.forward[k]!]!]!;
  for (let i = 0; i < frozen.arcs.length; i++) flow[frozen.arcs[i]!] = frozen.flow[i]!;
  return { flow, coveragePotential, travelPotential, stats: { method: 'scaling', coverage, travel, frozenArcs: frozen.arcs.length } };
}

/** Removes from the residual graph every arc whose π1-reduced cost is non-zero, remembering its flow. */
function freeze(g: ResidualGraph, network: AllocationNetwork, pi: Float64Array): { arcs: Int32Array; flow: Int32Array } {
  const { forward, rev, rescap, pairCap } = g;
  const { tail, head, coverageCost } = network;
  const arcs: number[] = [];
  const flows: number[] = [];
  for (let k = 0; k < tail.length; k++) {
    if (coverageCost[k]! + pi[tail[k]!]! - pi[head[k]!]! === 0) continue;
    const a = forward[k]!;
    arcs.push(k);
    flows.push(rescap[rev[a]!]!);
    rescap[a] = 0;
    rescap[rev[a]!] = 0;
    pairCap[a] = 0;
    pairCap[rev[a]!] = 0;
  }
  return { arcs: Int32Array.from(arcs), flow: Int32Array.from(flows) };
}
