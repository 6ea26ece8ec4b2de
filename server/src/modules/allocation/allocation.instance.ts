/**
 * From what the database says (shifts with gaps, the pool, what people already hold) to the
 * solver's instance, and back to reasons a person can read. Pure: no database, no HTTP.
 */
import { dayPeriod, type DayPeriod, type PriorityReason, type PriorityWeights, type RiskLevel, type TravelTier } from '@meshwork/contracts';
import {
  candidatesByPerson,
  checkCertificate,
  checkPlan,
  clashGroups,
  distanceKm,
  personNode,
  shiftNode,
  shiftPrices,
  solveAllocation,
  travelCost,
  TIER_SPAN,
  type AllocationInstance,
  type AllocationResult,
  type Place,
  type UncoveredShift,
} from './solver/index.js';

/** China Standard Time: fixed UTC+8, no daylight saving. */
const CHINA_MS = 8 * 3_600_000;
const HOUR_MS = 3_600_000;

/** A shift with a gap, as the plan ranks and places it. */
export interface PlanShift {
  id: number;
  /** The place of the need: a street, community or a node under one (ids in the path). */
  path: string;
  latitude: number | null;
  longitude: number | null;
  startsAt: Date;
  endsAt: Date;
  gap: number;
  requiredSkills: readonly string[];
  risk: RiskLevel | null;
  keySite: boolean;
  /** The community's gap ÷ needed over the range. */
  communityGapRatio: number;
}

/** Someone in the pool. */
export interface PlanPerson {
  id: number;
  /** Where they serve from: their community, or the place their unit paired with. */
  path: string;
  latitude: number | null;
  longitude: number | null;
  skills: readonly string[];
  /** ISO weekdays and parts of the day they can serve in; empty means any. */
  availableDays: readonly number[];
  availablePeriods: readonly DayPeriod[];
  /** Shifts they may still take in the range. */
  limit: number;
  /** Windows of the shifts they already hold. */
  holds: ReadonlyArray<{ startsAt: Date; endsAt: Date }>;
}

/** A gap ratio at or above this marks a community as under-staffed (力量薄弱) in the reasons. */
export const WEAK_RATIO = 0.5;
/** Tuned weights are small integers; ×10 keeps a tenth of the weak-community bonus. */
const WEIGHT_SCALE = 10;

export function priorityOf(s: Pick<PlanShift, 'risk' | 'keySite' | 'communityGapRatio'>, w: PriorityWeights): { weight: number; reasons: PriorityReason[] } {
  const reasons: PriorityReason[] = [];
  if (s.risk) reasons.push(s.risk);
  if (s.communityGapRatio >= WEAK_RATIO) reasons.push('weak_community');
  if (s.keySite) reasons.push('key_site');
  const value = w[s.risk ?? 'none'] + w.weakCommunity * s.communityGapRatio + (s.keySite ? w.keySite : 0);
  return { weight: Math.max(1, Math.round(value * WEIGHT_SCALE)), reasons };
}

const TIERS: readonly TravelTier[] = ['community', 'street', 'district', 'city'];

/** The first `labels` labels of a path, or undefined when it is shorter. */
function prefix(path: string, labels: number): string | undefined {
  const ids = path.split('.');
  return ids.length < labels ? undefined : ids.slice(0, labels).join('.');
}

/** Tree levels by path length: province.city.district.street.community. */
function placeOf(path: string, latitude: number | null, longitude: number | null, side: number): Place | undefined {
  const ids = path.split('.').map(Number);
  if (ids.length < 3) return undefined;
  // A street-level place has no community: give each side its own so that two street-level
  // places in one street count as the same street, not the same community.
  const place: Place = { city: ids[1]!, district: ids[2]!, street: ids[3] ?? -side, community: ids[4] ?? -side };
  if (latitude !== null && longitude !== null) {
    place.lat = latitude;
    place.lon = longitude;
  }
  return place;
}

/** The parts of the day a window touches, in China time. */
export function periodsOf(startsAt: Date, endsAt: Date): Set<DayPeriod> {
  const touched = new Set<DayPeriod>();
  for (let t = startsAt.getTime(); t < endsAt.getTime(); ) {
    const hour = new Date(t + CHINA_MS).getUTCHours();
    touched.add(dayPeriod.values[Math.floor(hour / 6)]!);
    // On to the next 6-hour boundary (China time).
    const sinceMidnight = (t + CHINA_MS) % (24 * HOUR_MS);
    t += 6 * HOUR_MS - (sinceMidnight % (6 * HOUR_MS));
  }
  return touched;
}

/** ISO weekday (1 = Monday) of an instant in China time. */
export function chinaWeekday(at: Date): number {
  return ((new Date(at.getTime() + CHINA_MS).getUTCDay() + 6) % 7) + 1;
}

export function fitsAvailability(p: Pick<PlanPerson, 'availableDays' | 'availablePeriods'>, s: Pick<PlanShift, 'startsAt' | 'endsAt'>): boolean {
  if (p.availableDays.length > 0 && !p.availableDays.includes(chinaWeekday(s.startsAt))) return false;
  if (p.availablePeriods.length === 0) return true;
  for (const period of periodsOf(s.startsAt, s.endsAt)) if (!p.availablePeriods.includes(period)) return false;
  return true;
}

export interface BuiltInstance {
  instance: AllocationInstance;
  weights: Int32Array;
  reasons: PriorityReason[][];
  /** Per candidate: its tier and the distance in metres when both ends have coordinates. */
  tier: TravelTier[];
  distanceM: Array<number | null>;
  /** Whether some person or shift had more eligible pairs than its budget kept. */
  capped: boolean;
}

/** How many candidates each side keeps: a person's nearest shifts, a shift's nearest people. */
export interface CandidateBudget {
  perPerson: number;
  /** A shift keeps max(perShiftMin, perShiftPerGap × its gap) people. */
  perShiftMin: number;
  perShiftPerGap: number;
}

/**
 * Each person's 60 nearest shifts, and each shift's nearest people, five for every place to fill
 * (at least thirty): far fewer pairs than every eligible one in a district (a person could serve
 * at any of two thousand shifts), yet every shift keeps people to draw on and every person their
 * nearest work. The plan is optimal over these pairs; `npm run bench -- allocation-plan` compares
 * it with the plan over every eligible pair (same coverage there, travel a little higher).
 */
export const DEFAULT_BUDGET: CandidateBudget = { perPerson: 60, perShiftMin: 30, perShiftPerGap: 5 };

/**
 * The travel cost of a pair when the person may serve the shift, else undefined. Pricing asks it
 * of every pair, so skills, days and parts of the day are bit sets computed once per side.
 */
/** People × shifts up to which eligibility and travel are remembered per pair (2 bytes each). */
const COST_CACHE_PAIRS = 16_000_000;

function eligibility(shifts: readonly PlanShift[], people: readonly PlanPerson[]) {
  const shiftPlaces = shifts.map((s) => placeOf(s.path, s.latitude, s.longitude, 2));
  const personPlaces = people.map((p) => (p.limit > 0 ? placeOf(p.path, p.latitude, p.longitude, 1) : undefined));
  const skillBits = new Map<string, number>();
  const bitsOf = (skills: readonly string[]) => skills.reduce((bits, k) => bits | (1 << (skillBits.get(k) ?? skillBits.set(k, skillBits.size).size - 1)), 0);
  const periodBits = (periods: Iterable<DayPeriod>) => [...periods].reduce((bits, x) => bits | (1 << dayPeriod.values.indexOf(x)), 0);
  const needs = Int32Array.from(shifts, (s) => bitsOf(s.requiredSkills));
  const day = Int32Array.from(shifts, (s) => 1 << chinaWeekday(s.startsAt));
  const parts = Int32Array.from(shifts, (s) => periodBits(periodsOf(s.startsAt, s.endsAt)));
  const holds = Int32Array.from(people, (p) => bitsOf(p.skills));
  // Empty means any: every day bit (1–7), every part of the day.
  const days = Int32Array.from(people, (p) => (p.availableDays.length ? p.availableDays.reduce((bits, d) => bits | (1 << d), 0) : 0xfe));
  const hours = Int32Array.from(people, (p) => (p.availablePeriods.length ? periodBits(p.availablePeriods) : 0xf));
  const compute = (pi: number, si: number): number | undefined => {
    if ((needs[si]! & ~holds[pi]!) !== 0 || (day[si]! & days[pi]!) === 0 || (parts[si]! & ~hours[pi]!) !== 0) return undefined;
    const from = personPlaces[pi];
    const to = shiftPlaces[si];
    const t = from && to && travelCost(from, to);
    if (t === undefined) return undefined;
    const s = shifts[si]!;
    if (people[pi]!.holds.some((h) => h.startsAt < s.endsAt && s.startsAt < h.endsAt)) return undefined;
    return t;
  };
  // Column generation asks again for the same pairs every round; where the pairs are few enough,
  // each is worked out once (0 not yet, −1 not eligible, else travel + 1; travel < 4 tiers × 100).
  const S = shifts.length;
  const known = people.length * S <= COST_CACHE_PAIRS ? new Int16Array(people.length * S) : undefined;
  const cost = known
    ? (pi: number, si: number): number | undefined => {
        const key = pi * S + si;
        let v = known[key]!;
        if (v === 0) {
          const t = compute(pi, si);
          v = t === undefined ? -1 : t + 1;
          known[key] = v;
        }
        return v < 0 ? undefined : v - 1;
      }
    : compute;
  return { cost, shiftPlaces, personPlaces };
}

/**
 * Candidates: the person holds the required skills, can serve then, holds no overlapping shift,
 * and lives in the shift's city; of those, the pairs within either side's budget (the union).
 */
export function buildPlanInstance(shifts: readonly PlanShift[], people: readonly PlanPerson[], w: PriorityWeights, budget: CandidateBudget = DEFAULT_BUDGET): BuiltInstance {
  return budgeted(shifts, people, w, budget, eligibility(shifts, people));
}

type Eligibility = ReturnType<typeof eligibility>;

function budgeted(shifts: readonly PlanShift[], people: readonly PlanPerson[], w: PriorityWeights, budget: CandidateBudget, e: Eligibility): BuiltInstance {
  const { cost } = e;
  const S = shifts.length;
  const pairs = new Map<number, number>();
  const cutPeople = nearest(people, shifts, () => budget.perPerson, cost, (pi, si, t) => pairs.set(pi * S + si, t));
  const cutShifts = nearest(shifts, people, (si) => Math.max(budget.perShiftMin, budget.perShiftPerGap * shifts[si]!.gap), (si, pi) => cost(pi, si), (si, pi, t) => pairs.set(pi * S + si, t));
  return { ...instanceOf(shifts, people, w, pairs, e), capped: cutPeople || cutShifts };
}

/** The instance of these candidate pairs (keyed person × shift count + shift, valued by travel). */
function instanceOf(shifts: readonly PlanShift[], people: readonly PlanPerson[], w: PriorityWeights, pairs: ReadonlyMap<number, number>, e: Eligibility): Omit<BuiltInstance, 'capped'> {
  const { shiftPlaces, personPlaces } = e;
  const priorities = shifts.map((s) => priorityOf(s, w));
  const S = shifts.length;
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  const person = new Int32Array(keys.length);
  const shift = new Int32Array(keys.length);
  const travel = new Int32Array(keys.length);
  const tier: TravelTier[] = [];
  const distanceM: Array<number | null> = [];
  keys.forEach((key, k) => {
    const pi = Math.floor(key / S);
    const si = key - pi * S;
    const t = pairs.get(key)!;
    const from = personPlaces[pi]!;
    const to = shiftPlaces[si]!;
    person[k] = pi;
    shift[k] = si;
    travel[k] = t;
    tier.push(TIERS[Math.min(3, Math.floor(t / TIER_SPAN))]!);
    distanceM.push(from.lat !== undefined && to.lat !== undefined ? Math.round(distanceKm(from.lat, from.lon!, to.lat, to.lon!) * 1000) : null);
  });
  const weights = Int32Array.from(priorities, (p) => p.weight);
  return {
    instance: {
      shiftCount: S,
      headcount: Int32Array.from(shifts, (s) => s.gap),
      weight: weights,
      clashGroup: clashGroups(shifts.map((s) => ({ start: s.startsAt.getTime(), end: s.endsAt.getTime() }))),
      personCount: people.length,
      limit: Int32Array.from(people, (p) => Math.max(0, p.limit)),
      candidatePerson: person,
      candidateShift: shift,
      travel,
    },
    weights,
    reasons: priorities.map((p) => p.reasons),
    tier,
    distanceM,
  };
}

/** A plan solved over the budgeted pairs, then proven (or improved) against every eligible pair. */
export interface Plan {
  built: BuiltInstance;
  result: AllocationResult;
  /** Optimal over every eligible pair, not only the candidates solved over. */
  exact: boolean;
  rounds: number;
}

/** Pairs past which pricing every one is left out: a city-wide plan stays optimal over its candidates only. */
export const PRICING_LIMIT = 50_000_000;
const MAX_ROUNDS = 20;
/** Violating pairs a person brings into the next round, at most. */
const COLUMNS_PER_PERSON = 20;

/**
 * Column generation. The budget keeps the solve small; then every eligible pair left out is
 * priced with the solution's potentials: a left-out pair is an arc with no flow, and the
 * certificate (certificate.ts) extends to it exactly when its reduced costs (coverage, then
 * travel) are not negative. Where a person has no node for the pair's clash group, the new node
 * takes the person's potentials, which keeps every existing arc's reduced costs. If no pair
 * violates, the plan is optimal over all of them; otherwise the violators join and it is solved
 * again.
 */
export function planAllocation(shifts: readonly PlanShift[], people: readonly PlanPerson[], w: PriorityWeights, budget: CandidateBudget = DEFAULT_BUDGET): Plan {
  const e = eligibility(shifts, people);
  let built = budgeted(shifts, people, w, budget, e);
  let result = solveAllocation(built.instance);
  if (!built.capped) return { built, result, exact: true, rounds: 1 };
  if (shifts.length * people.length > PRICING_LIMIT) return { built, result, exact: false, rounds: 1 };
  const { cost } = e;
  const S = shifts.length;
  const pairs = new Map<number, number>();
  // The same pairs as a bitmap, which pricing reads for every person × shift.
  const inSet = new Uint8Array(shifts.length * people.length);
  const { candidatePerson, candidateShift, travel } = built.instance;
  for (let k = 0; k < candidatePerson.length; k++) {
    const key = candidatePerson[k]! * S + candidateShift[k]!;
    pairs.set(key, travel[k]!);
    inSet[key] = 1;
  }
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const violators = price(built, result, cost, inSet);
    if (violators.length === 0) return { built, result, exact: true, rounds: round };
    for (const [key, t] of violators) {
      pairs.set(key, t);
      inSet[key] = 1;
    }
    // The shifts stay the same, so the last solution's prices are a close start.
    const prices = shiftPrices(built.instance, result.certificate);
    built = { ...instanceOf(shifts, people, w, pairs, e), capped: true };
    result = solveAllocation(built.instance, { prices });
  }
  return { built, result, exact: price(built, result, cost, inSet).length === 0, rounds: MAX_ROUNDS + 1 };
}

/** Left-out eligible pairs whose arc would break the certificate: (key, travel). */
function price(built: BuiltInstance, result: AllocationResult, cost: (pi: number, si: number) => number | undefined, inSet: Uint8Array): Array<[number, number]> {
  const x = built.instance;
  const { network, coveragePotential: pi1, travelPotential: pi2 } = result.certificate;
  const S = x.shiftCount;
  const { start, order } = candidatesByPerson(x);
  // The node a person's arc into a clash group leaves from: the (person, group) node if the
  // network has one, else the person (see planAllocation). Filled for one person at a time.
  let groups = 0;
  for (let s = 0; s < S; s++) groups = Math.max(groups, x.clashGroup[s]! + 1);
  const groupNode = new Int32Array(groups).fill(-1);
  const violators: Array<[number, number]> = [];
  for (let p = 0; p < x.personCount; p++) {
    if (x.limit[p]! <= 0) continue;
    for (let i = start[p]!; i < start[p + 1]!; i++) {
      const k = order[i]!;
      const tail = network.tail[network.firstCandidateArc + k]!;
      if (tail !== personNode(p)) groupNode[x.clashGroup[x.candidateShift[k]!]!] = tail;
    }
    const mine: Array<{ key: number; t: number; rc1: number; rc2: number }> = [];
    for (let s = 0; s < S; s++) {
      const key = p * S + s;
      if (inSet[key] === 1) continue;
      const g = groupNode[x.clashGroup[s]!]!;
      const from = g >= 0 ? g : personNode(p);
      const to = shiftNode(x, s);
      const rc1 = -x.weight[s]! + pi1[from]! - pi1[to]!;
      if (rc1 > 0) continue;
      const t = cost(p, s);
      if (t === undefined) continue;
      const rc2 = t + pi2[from]! - pi2[to]!;
      if (rc1 < 0 || rc2 < 0) mine.push({ key, t, rc1, rc2 });
    }
    for (let i = start[p]!; i < start[p + 1]!; i++) groupNode[x.clashGroup[x.candidateShift[order[i]!]!]!] = -1;
    // The most violating few per person: enough to move the solution, few enough to keep it small.
    mine.sort((a, b) => a.rc1 - b.rc1 || a.rc2 - b.rc2);
    for (const v of mine.slice(0, COLUMNS_PER_PERSON)) violators.push([v.key, v.t]);
  }
  return violators;
}

/**
 * For each item of `from`, its `keep(i)` cheapest eligible items of `to`, found tier by tier
 * (same community, street, district, city) through `to` grouped by path prefix, so a city-wide
 * plan never scans every pair: every pair of a nearer tier costs less than any of a farther one.
 * Returns whether some item may have had more eligible ones than it kept.
 */
function nearest(
  from: ReadonlyArray<{ path: string }>,
  to: ReadonlyArray<{ path: string }>,
  keep: (i: number) => number,
  cost: (i: number, j: number) => number | undefined,
  add: (i: number, j: number, cost: number) => void,
): boolean {
  const buckets = [5, 4, 3, 2].map((labels) => {
    const byPrefix = new Map<string, number[]>();
    to.forEach((item, j) => {
      const key = prefix(item.path, labels);
      if (key === undefined) return;
      const list = byPrefix.get(key);
      if (list) list.push(j);
      else byPrefix.set(key, [j]);
    });
    return { labels, byPrefix };
  });
  const seen = new Int32Array(to.length).fill(-1);
  let cut = false;
  from.forEach((item, i) => {
    const budget = keep(i);
    if (budget <= 0) return;
    const found: Array<{ j: number; c: number }> = [];
    for (const { labels, byPrefix } of buckets) {
      if (found.length >= budget) {
        // Farther tiers may hold more eligible pairs: left out, unseen.
        cut = true;
        break;
      }
      const key = prefix(item.path, labels);
      for (const j of (key === undefined ? undefined : byPrefix.get(key)) ?? []) {
        if (seen[j] === i) continue;
        seen[j] = i;
        const c = cost(i, j);
        if (c !== undefined) found.push({ j, c });
      }
    }
    if (found.length > budget) {
      cut = true;
      found.sort((a, b) => a.c - b.c || a.j - b.j);
      found.length = budget;
    }
    for (const { j, c } of found) add(i, j, c);
  });
  return cut;
}

/** What planning takes: plain data, so that it can cross to a worker thread. */
export interface PlanInput {
  shifts: PlanShift[];
  people: PlanPerson[];
  weights: PriorityWeights;
  budget: CandidateBudget;
}

/** A plan as the service stores it: indices into the input's shifts and people. */
export interface PlanOutcome {
  assignments: Array<{ person: number; shift: number; tier: TravelTier; travel: number; distanceM: number | null }>;
  /** Per shift: planned, weight, why it ranks, and why a gap stays (null when filled). */
  filled: number[];
  weights: number[];
  reasons: PriorityReason[][];
  uncovered: Array<UncoveredShift['reason'] | null>;
  coverage: number;
  coverageUpperBound: number;
  travel: number;
  candidates: number;
  /** The certificate and the plan were checked independently of the solver. */
  certified: boolean;
  exact: boolean;
  rounds: number;
}

export function computePlan({ shifts, people, weights, budget }: PlanInput): PlanOutcome {
  const { built, result, exact, rounds } = planAllocation(shifts, people, weights, budget);
  const x = built.instance;
  const uncovered: PlanOutcome['uncovered'] = shifts.map(() => null);
  for (const u of result.uncovered) uncovered[u.shift] = u.reason;
  return {
    assignments: [...result.assigned].map((k) => ({ person: x.candidatePerson[k]!, shift: x.candidateShift[k]!, tier: built.tier[k]!, travel: x.travel[k]!, distanceM: built.distanceM[k]! })),
    filled: [...result.filled],
    weights: [...built.weights],
    reasons: built.reasons,
    uncovered,
    coverage: result.coverage,
    coverageUpperBound: result.bounds.coverageUpperBound,
    travel: result.travel,
    candidates: x.candidatePerson.length,
    certified: checkCertificate(result.certificate).length === 0 && checkPlan(x, result).length === 0,
    exact,
    rounds,
  };
}
