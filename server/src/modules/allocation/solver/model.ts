/**
 * The allocation instance and the flow network that solves it exactly.
 *
 * Instance: shifts with unfilled headcount h_s, priority weight w_s and a clash group; people with
 * a limit L_p of shifts per period; candidate pairs (p, s), one per eligible pair, with a travel
 * cost t_ps. Eligibility (skills held, available for the window, no clash with a shift p already
 * holds) is decided before the instance is built: `buildInstance` below does it for object-level
 * data, the later feature may do it in SQL.
 *
 * Clashes: shifts live on slots — a need's repeated shifts are daily windows — and shifts whose
 * windows overlap must not go to one person. `clashGroups` puts every connected set of overlapping
 * windows into one group (all shifts of one slot, and also windows that merely chain through
 * overlaps, e.g. 8–12, 11–15, 14–18). The network then allows at most one shift per person per
 * group, which is exact when overlap makes groups of pairwise-clashing shifts (slots) and
 * conservative otherwise: it may forbid two non-overlapping shifts of one chain, never allows
 * two overlapping ones.
 *
 * Network (a circulation through one hub node, which stands for both source and sink):
 *   hub → p            capacity L_p
 *   p → (p, g)         capacity 1, only where p has two or more candidates in clash group g
 *   p or (p, g) → s    capacity 1 (one candidate arc per candidate pair)
 *   s → hub            capacity h_s
 * Integral flows are exactly the feasible plans (x_ps = flow on the candidate arc): the limit,
 * headcount and clash rows are node capacities of a network matrix, which is totally unimodular,
 * so the LP relaxation of the same model has an integral optimum as well (the tests rely on it).
 *
 * Objective, lexicographic: maximize Σ w_s·x_ps (cost −w_s on candidate arcs), then minimize
 * Σ t_ps·x_ps. It is solved with (coverage, travel) pairs as costs or as two min-cost circulations
 * (index.ts), never with a big-M weight, so costs stay small integers.
 */

export interface AllocationInstance {
  shiftCount: number;
  /** Unfilled headcount per shift, ≥ 0. */
  headcount: Int32Array;
  /** Priority per shift, an integer in [1, MAX_WEIGHT]; callers scale tuned weights to integers. */
  weight: Int32Array;
  /** Clash group per shift (any integer id); shifts of one group clash pairwise. */
  clashGroup: Int32Array;
  personCount: number;
  /** Shifts per period per person, ≥ 0. */
  limit: Int32Array;
  /** Candidate pairs: person, shift and travel cost (an integer in [0, MAX_TRAVEL]). */
  candidatePerson: Int32Array;
  candidateShift: Int32Array;
  travel: Int32Array;
}

/** Price per shift as a pair: price1 in weight units, price2 in travel units (what the search starts from). */
export interface ShiftPrices {
  price1: Float64Array;
  price2: Float64Array;
}

export const MAX_WEIGHT = 1_000_000;
export const MAX_TRAVEL = 1_000_000;

/** The network of an instance: arcs as parallel arrays, both objectives' costs per arc. */
export interface AllocationNetwork {
  nodeCount: number;
  tail: Int32Array;
  head: Int32Array;
  cap: Int32Array;
  /** −w_s on candidate arcs, 0 elsewhere. */
  coverageCost: Int32Array;
  /** t_ps on candidate arcs, 0 elsewhere. */
  travelCost: Int32Array;
  /** Arc of candidate k is firstCandidateArc + k. */
  firstCandidateArc: number;
  /** Upper bound on the arcs of a simple cycle of the residual graph (see `cycleBound`). */
  cycleBound: number;
}

export const HUB = 0;
export const personNode = (p: number): number => 1 + p;
export const shiftNode = (instance: AllocationInstance, s: number): number => 1 + instance.personCount + s;

/** Throws a RangeError naming the first malformed field; infeasibility is not an error. */
export function validateInstance(x: AllocationInstance): void {
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`allocation instance: ${what}`);
  };
  need(Number.isInteger(x.shiftCount) && x.shiftCount >= 0, 'shiftCount');
  need(Number.isInteger(x.personCount) && x.personCount >= 0, 'personCount');
  need(x.headcount.length === x.shiftCount && x.weight.length === x.shiftCount && x.clashGroup.length === x.shiftCount, 'shift arrays length');
  need(x.limit.length === x.personCount, 'limit length');
  const e = x.candidatePerson.length;
  need(x.candidateShift.length === e && x.travel.length === e, 'candidate arrays length');
  for (let s = 0; s < x.shiftCount; s++) {
    need(x.headcount[s]! >= 0, `headcount of shift ${s}`);
    need(x.weight[s]! >= 1 && x.weight[s]! <= MAX_WEIGHT, `weight of shift ${s}`);
  }
  for (let p = 0; p < x.personCount; p++) need(x.limit[p]! >= 0, `limit of person ${p}`);
  const seen = new Int32Array(x.shiftCount).fill(-1);
  const byPerson = candidatesByPerson(x);
  for (let p = 0; p < x.personCount; p++) {
    for (let i = byPerson.start[p]!; i < byPerson.start[p + 1]!; i++) {
      const k = byPerson.order[i]!;
      const s = x.candidateShift[k]!;
      need(s >= 0 && s < x.shiftCount, `shift of candidate ${k}`);
      need(seen[s] !== p, `candidate ${k} repeats the pair (${p}, ${s})`);
      seen[s] = p;
      need(x.travel[k]! >= 0 && x.travel[k]! <= MAX_TRAVEL, `travel of candidate ${k}`);
    }
  }
}

/** Candidates grouped by person (counting sort): person p's are order[start[p] … start[p+1]-1]. */
export function candidatesByPerson(x: AllocationInstance): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(x.personCount + 1);
  const e = x.candidatePerson.length;
  for (let k = 0; k < e; k++) {
    const p = x.candidatePerson[k]!;
    if (!(p >= 0 && p < x.personCount)) throw new RangeError(`allocation instance: person of candidate ${k}`);
    start[p + 1]! += 1;
  }
  for (let p = 0; p < x.personCount; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, x.personCount);
  const order = new Int32Array(e);
  for (let k = 0; k < e; k++) order[fill[x.candidatePerson[k]!]!++] = k;
  return { start, order };
}

export function buildNetwork(x: AllocationInstance): AllocationNetwork {
  const P = x.personCount;
  const S = x.shiftCount;
  const E = x.candidatePerson.length;
  // Dense group indices, so per-person counting can use flat arrays.
  const groupIndex = new Int32Array(S);
  const ids = new Map<number, number>();
  for (let s = 0; s < S; s++) {
    const id = x.clashGroup[s]!;
    let g = ids.get(id);
    if (g === undefined) {
      g = ids.size;
      ids.set(id, g);
    }
    groupIndex[s] = g;
  }
  const count = new Int32Array(ids.size);
  const owner = new Int32Array(ids.size).fill(-1);
  const node = new Int32Array(ids.size);
  const { start, order } = candidatesByPerson(x);
  // Candidate arcs leave the person, or the (person, group) node when the group has ≥ 2 of them.
  const candidateTail = new Int32Array(E);
  const groupArcsTail: number[] = [];
  const groupArcsHead: number[] = [];
  let nodeCount = 1 + P + S;
  for (let p = 0; p < P; p++) {
    const from = start[p]!;
    const to = start[p + 1]!;
    for (let i = from; i < to; i++) {
      const g = groupIndex[x.candidateShift[order[i]!]!]!;
      if (owner[g] !== p) {
        owner[g] = p;
        count[g] = 0;
      }
      count[g]! += 1;
    }
    for (let i = from; i < to; i++) {
      const k = order[i]!;
      const g = groupIndex[x.candidateShift[k]!]!;
      if (count[g]! < 2) {
        candidateTail[k] = personNode(p);
        continue;
      }
      if (owner[g] === p) {
        // First candidate of this group for p: create its node; owner = −2 − p marks it created.
        node[g] = nodeCount++;
        owner[g] = -2 - p;
        groupArcsTail.push(personNode(p));
        groupArcsHead.push(node[g]!);
      }
      candidateTail[k] = node[g]!;
    }
  }
  const G = groupArcsTail.length;
  const m = P + E + S + G;
  const tail = new Int32Array(m);
  const head = new Int32Array(m);
  const cap = new Int32Array(m);
  const coverageCost = new Int32Array(m);
  const travelCost = new Int32Array(m);
  for (let p = 0; p < P; p++) {
    tail[p] = HUB;
    head[p] = personNode(p);
    cap[p] = x.limit[p]!;
  }
  for (let k = 0; k < E; k++) {
    const a = P + k;
    const s = x.candidateShift[k]!;
    tail[a] = candidateTail[k]!;
    head[a] = shiftNode(x, s);
    cap[a] = 1;
    coverageCost[a] = -x.weight[s]!;
    travelCost[a] = x.travel[k]!;
  }
  for (let s = 0; s < S; s++) {
    const a = P + E + s;
    tail[a] = shiftNode(x, s);
    head[a] = HUB;
    cap[a] = x.headcount[s]!;
  }
  for (let i = 0; i < G; i++) {
    const a = P + E + S + i;
    tail[a] = groupArcsTail[i]!;
    head[a] = groupArcsHead[i]!;
    cap[a] = 1;
  }
  return { nodeCount, tail, head, cap, coverageCost, travelCost, firstCandidateArc: P, cycleBound: cycleBound(S, nodeCount) };
}

/**
 * Every cycle of this network passes through a shift (hub, people and group nodes form a tree),
 * and between two consecutive shifts a simple cycle uses at most 4 arcs (s → (p,g) → p → (p,g') →
 * s', or s → hub → p → (p,g) → s'), plus 2 once for the detour through the hub (s → (p,g) → p →
 * hub → p' → (p',g') → s'). So a simple cycle has at most 4S + 2 arcs, and never more than n.
 */
export function cycleBound(shiftCount: number, nodeCount: number): number {
  return Math.min(4 * shiftCount + 2, nodeCount);
}

// ─── Object-level builder: eligibility, travel tiers and clash groups ───────────────────────────

/** A place in the region tree (ids of its levels) with optional coordinates in degrees. */
export interface Place {
  city: number;
  district: number;
  street: number;
  community: number;
  lat?: number;
  lon?: number;
}

/** Travel cost units per tier; coordinates refine within a tier and never cross into the next. */
export const TIER_SPAN = 100;
/** Kilometres per unit of refinement within a tier. */
const KM_PER_UNIT = 0.5;

/**
 * Travel cost: tier·TIER_SPAN + refinement, tiers same community 0 < same street 1 < same district
 * 2 < same city 3; undefined across cities (not a candidate). The refinement is the distance in
 * half-kilometres (capped below the next tier) when both places have coordinates, else the middle
 * of the tier, so that a known short distance beats an unknown one within the tier.
 */
export function travelCost(a: Place, b: Place): number | undefined {
  if (a.city !== b.city) return undefined;
  const tier = a.community === b.community ? 0 : a.street === b.street ? 1 : a.district === b.district ? 2 : 3;
  let refinement = TIER_SPAN / 2;
  if (a.lat !== undefined && a.lon !== undefined && b.lat !== undefined && b.lon !== undefined) {
    refinement = Math.min(TIER_SPAN - 1, Math.round(distanceKm(a.lat, a.lon, b.lat, b.lon) / KM_PER_UNIT));
  }
  return tier * TIER_SPAN + refinement;
}

export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  // Equirectangular: within a city the error is far below a refinement unit.
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return 6371 * Math.hypot(x, y);
}

/** A half-open time window [start, end) in any unit (e.g. minutes since the epoch). */
export interface Window {
  start: number;
  end: number;
}

/** Clash group per window: the connected components of the overlap relation (see the module comment). */
export function clashGroups(windows: readonly Window[]): Int32Array {
  const order = windows.map((_, i) => i).sort((i, j) => windows[i]!.start - windows[j]!.start);
  const group = new Int32Array(windows.length);
  let current = -1;
  let reach = -Infinity;
  for (const i of order) {
    const w = windows[i]!;
    if (w.start >= reach) current += 1;
    reach = Math.max(reach, w.end);
    group[i] = current;
  }
  return group;
}

export interface ShiftSpec extends Window {
  headcount: number;
  weight: number;
  /** Bit set of required skills. */
  skills: number;
  place: Place;
}

export interface PersonSpec {
  limit: number;
  /** Bit set of skills held. */
  skills: number;
  /** Windows the person is available in; a shift must fit inside one of them. */
  availability: readonly Window[];
  /** Shifts the person already holds; a candidate shift must not overlap any of them. */
  holds: readonly Window[];
  place: Place;
}

/**
 * The instance for object-level data: a pair is a candidate when the person holds the skills, is
 * available for the whole window, holds no overlapping shift and lives in the shift's city;
 * `maxCandidatesPerPerson` keeps each person's nearest ones. It scans every pair, which suits one
 * region's people and shifts; city-scale callers should generate candidates from an index.
 */
export function buildInstance(people: readonly PersonSpec[], shifts: readonly ShiftSpec[], options: { maxCandidatesPerPerson?: number } = {}): AllocationInstance {
  const keep = options.maxCandidatesPerPerson ?? Infinity;
  const overlaps = (a: Window, b: Window): boolean => a.start < b.end && b.start < a.end;
  const person: number[] = [];
  const shift: number[] = [];
  const travel: number[] = [];
  people.forEach((p, pi) => {
    const found: Array<[number, number]> = [];
    shifts.forEach((s, si) => {
      if ((s.skills & ~p.skills) !== 0) return;
      if (!p.availability.some((a) => a.start <= s.start && s.end <= a.end)) return;
      if (p.holds.some((h) => overlaps(h, s))) return;
      const t = travelCost(p.place, s.place);
      if (t !== undefined) found.push([si, t]);
    });
    found.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    for (const [si, t] of found.slice(0, keep)) {
      person.push(pi);
      shift.push(si);
      travel.push(t);
    }
  });
  return {
    shiftCount: shifts.length,
    headcount: Int32Array.from(shifts, (s) => s.headcount),
    weight: Int32Array.from(shifts, (s) => s.weight),
    clashGroup: clashGroups(shifts),
    personCount: people.length,
    limit: Int32Array.from(people, (p) => p.limit),
    candidatePerson: Int32Array.from(person),
    candidateShift: Int32Array.from(shift),
    travel: Int32Array.from(travel),
  };
}
