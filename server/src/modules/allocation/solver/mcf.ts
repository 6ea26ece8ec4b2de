/**
 * Minimum-cost circulation on a forward-star residual graph in typed arrays: cost-scaling
 * push-relabel (Goldberg–Tarjan, as in Goldberg's cs2) with FIFO discharge, push look-ahead,
 * global price updates and a skip of the refinements that the current prices already satisfy;
 * exact integer potentials by Bellman–Ford from the rounded prices end it as soon as they exist.
 *
 * Used for instances with many people per shift (index.ts). Why cost scaling there: its work does
 * not depend on a good start. Successive shortest paths from zero prices need about one Dijkstra
 * per unit of headcount; from auction prices (ssp.ts, used for sparser instances) far fewer, but
 * the auction's bidding wars grow with the people competing per shift, and at 10 per shift (200k
 * people × 20k shifts) the two methods cost the same. A network simplex pivots at least once per
 * person on a spanning tree over all of them (HiGHS's simplex on the same model,
 * bench/allocation.ts, takes 7–30× longer at 10k people). Cost scaling touches each arc a few
 * times per ε-phase. Measured on this 2-core machine (CPU seconds, 100k people tight): plain ÷16
 * scaling with look-ahead and price updates 80 s; with the schedule and early certification below
 * 22 s. The second objective (travel) takes most of it: its first refinement unwinds most of the
 * coverage-optimal flow before rebuilding it.
 *
 * Exactness: costs are integers. Internally they are multiplied by `scale`, which the caller sets
 * above the number of arcs of any simple cycle of the network; a circulation that is 1-optimal for
 * the scaled costs has no negative cycle, hence is optimal. Prices are Float64 holding integers; they
 * only ever decrease, so the final minimum bounds every value the algorithm computed, and the run
 * refuses (throws) if it left the range where Float64 integer arithmetic is exact.
 */

/** Arcs of the residual graph, two per network arc, grouped by tail (forward star). */
export interface ResidualGraph {
  nodeCount: number;
  /** Residual arcs of node v are first[v] … first[v+1]-1. */
  first: Int32Array;
  head: Int32Array;
  /** The opposite residual arc. */
  rev: Int32Array;
  /** Residual capacity; the flow of a network arc is the residual capacity of its reverse. */
  rescap: Int32Array;
  /**
   * Capacity of the network arc behind each residual arc, so that the reverse's residual capacity
   * (pairCap − rescap) is read in arc order, not through `rev`: scans over a node's incoming
   * arcs then stay sequential in memory, which at a million nodes halves their time.
   */
  pairCap: Int32Array;
  /** Cost of the objective being optimized; a reverse arc holds the negated cost. */
  cost: Int32Array;
  /** Residual index of the forward copy of each network arc. */
  forward: Int32Array;
}

export interface ScalingStats {
  refinements: number;
  skipped: number;
  pushes: number;
  relabels: number;
  priceUpdates: number;
  bellmanFordScans: number;
}

export function emptyStats(): ScalingStats {
  return { refinements: 0, skipped: 0, pushes: 0, relabels: 0, priceUpdates: 0, bellmanFordScans: 0 };
}

/** Largest magnitude for which Float64 still adds integers exactly, with room for one more term. */
const EXACT = 2 ** 52;

/** Builds the residual graph with zero flow (residual capacity cap forward, 0 backward). */
export function buildResidualGraph(nodeCount: number, tail: Int32Array, head: Int32Array, cap: Int32Array): ResidualGraph {
  const m = tail.length;
  const first = new Int32Array(nodeCount + 1);
  for (let k = 0; k < m; k++) {
    first[tail[k]! + 1]! += 1;
    first[head[k]! + 1]! += 1;
  }
  for (let v = 0; v < nodeCount; v++) first[v + 1]! += first[v]!;
  const fill = first.slice(0, nodeCount);
  const rHead = new Int32Array(2 * m);
  const rev = new Int32Array(2 * m);
  const rescap = new Int32Array(2 * m);
  const pairCap = new Int32Array(2 * m);
  const forward = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const t = tail[k]!;
    const h = head[k]!;
    const a = fill[t]!++;
    const b = fill[h]!++;
    rHead[a] = h;
    rHead[b] = t;
    rev[a] = b;
    rev[b] = a;
    rescap[a] = cap[k]!;
    pairCap[a] = cap[k]!;
    pairCap[b] = cap[k]!;
    forward[k] = a;
  }
  return { nodeCount, first, head: rHead, rev, rescap, pairCap, cost: new Int32Array(2 * m), forward };
}

/** Loads the costs of one objective (per network arc) into the residual arcs. */
export function setCosts(g: ResidualGraph, arcCost: Int32Array): void {
  const { forward, rev, cost } = g;
  for (let k = 0; k < arcCost.length; k++) {
    const a = forward[k]!;
    cost[a] = arcCost[k]!;
    cost[rev[a]!] = -arcCost[k]!;
  }
}

/*
 * Schedule, from measurements on generated instances (30k people × 20k shifts, tight): a first
 * refinement straight down to ε ≈ (largest cost)/1000 costs about as much as the usual ÷16 steps
 * from the top but replaces three or four of them. On the instances scaling now gets (more than
 * six people per shift, or a bidding war), /300 does better still (seconds, /300 vs /1000):
 * 200k people slack 24.1 vs 26.2, tight 39.6 vs 45.5; 500k slack 84.6 vs 86–90, tight 139 vs
 * 146; a district's plan (2,000 people, bench allocation-plan) 0.6–0.98 vs 0.96–1.18 per solve.
 * Only 100k tight, which the search solves, would be slower by scaling (22 vs 17). After that
 * first refinement, small steps (÷4) are cheapest
 * because each starts from a nearly optimal flow. Refinements stop as soon as shortest paths
 * certify the flow (usually at the first ε below one cost unit), not when ε < 1/scale proves it.
 * A global price update every n relabels: every n/3 halves the relabels but costs more in
 * updates; every 3n doubles them.
 */
const FIRST_ALPHA = 300;
const ALPHA = 4;
/** Node scans per node that a certification attempt may use before ε = 1 (successes use far fewer). */
const CERTIFY_BUDGET = 4;

/**
 * Turns the current circulation (excess 0 everywhere) into a minimum-cost one for g.cost, in
 * place. Returns exact integer potentials in cost units: every residual arc has
 * cost + π[tail] − π[head] ≥ 0, which proves optimality.
 */
export function minCostCirculation(g: ResidualGraph, scale: number, stats: ScalingStats): Float64Array {
  const { nodeCount: n, first, head, rev, rescap, pairCap, cost } = g;
  const price = new Float64Array(n);
  let maxCost = 0;
  let maxAbs = 0;
  for (let a = 0; a < cost.length; a++) {
    const c = cost[a]!;
    if (rescap[a]! > 0 && -c > maxCost) maxCost = -c;
    if (Math.abs(c) > maxAbs) maxAbs = Math.abs(c);
  }
  // No residual arc of negative cost: zero potentials already certify optimality.
  if (maxCost === 0) return price;
  if (maxAbs * scale * 4 >= EXACT) throw new RangeError('costs too large for exact arithmetic');

  const excess = new Float64Array(n);
  const current = new Int32Array(n);
  const queue = new Int32Array(n);
  const inQueue = new Uint8Array(n);
  // Price-update scratch: bucket lists of nodes by distance to a deficit, in ε units.
  const rank = new Int32Array(n);
  const bucketHead = new Int32Array(n + 1);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);

  // Counters live in locals: property increments on `stats` in the inner loops cost measurably.
  let pushes = 0;
  let relabels = 0;
  const updateEvery = n;
  let eps = maxCost * scale;
  let potentials: Float64Array | undefined;
  let step = FIRST_ALPHA;
  while (!potentials) {
    eps = Math.max(1, Math.floor(eps / step));
    step = ALPHA;
    if (isEpsOptimal(eps)) stats.skipped += 1;
    else {
      refine(eps);
      stats.refinements += 1;
    }
    let lowest = 0;
    for (let v = 0; v < n; v++) if (price[v]! < lowest) lowest = price[v]!;
    if (-lowest * 2 + maxAbs * scale >= EXACT) throw new RangeError('prices left the exact range of Float64');
    // Below one cost unit the circulation is usually optimal already, long before ε < 1/scale
    // proves it: try to certify it by shortest paths on a budget, and refine further only if that fails.
    if (eps < scale) {
      const start = new Float64Array(n);
      for (let v = 0; v < n; v++) start[v] = Math.floor(price[v]! / scale);
      potentials = exactPotentials(g, start, stats, eps === 1 ? Infinity : n * CERTIFY_BUDGET);
    }
  }
  stats.pushes += pushes;
  stats.relabels += relabels;
  return potentials;

  function isEpsOptimal(e: number): boolean {
    for (let v = 0; v < n; v++) {
      const pv = price[v]!;
      for (let a = first[v]!, end = first[v + 1]!; a < end; a++) {
        if (rescap[a]! > 0 && scale * cost[a]! + pv - price[head[a]!]! < -e) return false;
      }
    }
    return true;
  }

  function refine(e: number): void {
    // Saturating every arc of negative reduced cost makes the pseudoflow 0-optimal.
    for (let v = 0; v < n; v++) {
      const pv = price[v]!;
      for (let a = first[v]!, end = first[v + 1]!; a < end; a++) {
        const r = rescap[a]!;
        if (r > 0 && scale * cost[a]! + pv - price[head[a]!]! < 0) {
          rescap[a] = 0;
          rescap[rev[a]!]! += r;
          excess[v]! -= r;
          excess[head[a]!]! += r;
        }
      }
    }
    let qHead = 0;
    let qLen = 0;
    for (let v = 0; v < n; v++) {
      current[v] = first[v]!;
      if (excess[v]! > 0) {
        queue[qLen++] = v;
        inQueue[v] = 1;
      }
    }
    if (qLen > 0) priceUpdate(e);
    let relabelsAtUpdate = relabels;
    while (qLen > 0) {
      const v = queue[qHead]!;
      qHead = qHead + 1 === n ? 0 : qHead + 1;
      qLen -= 1;
      inQueue[v] = 0;
      // Discharge v.
      let ex = excess[v]!;
      let pv = price[v]!;
      const end = first[v + 1]!;
      let a = current[v]!;
      while (ex > 0) {
        for (; a < end; a++) {
          const r = rescap[a]!;
          if (r === 0) continue;
          const w = head[a]!;
          if (scale * cost[a]! + pv - price[w]! >= 0) continue;
          const before = excess[w]!;
          // Look-ahead: flow pushed to a node with nowhere to go would only come back; relabel it
          // first, and push only if the arc is still admissible.
          if (before >= 0 && !hasAdmissible(w)) {
            relabel(w, e);
            if (scale * cost[a]! + pv - price[w]! >= 0) continue;
          }
          const delta = ex < r ? ex : r;
          rescap[a] = r - delta;
          rescap[rev[a]!]! += delta;
          ex -= delta;
          excess[w] = before + delta;
          pushes += 1;
          if (before <= 0 && before + delta > 0 && inQueue[w] === 0) {
            queue[qHead + qLen < n ? qHead + qLen : qHead + qLen - n] = w;
            qLen += 1;
            inQueue[w] = 1;
          }
          if (ex === 0) break;
        }
        if (ex > 0) {
          pv = relabel(v, e);
          a = first[v]!;
          if (relabels - relabelsAtUpdate > updateEvery) {
            excess[v] = ex;
            priceUpdate(e);
            relabelsAtUpdate = relabels;
            pv = price[v]!;
          }
        }
      }
      excess[v] = 0;
      current[v] = a;
    }
  }

  /** Whether v has an admissible arc from its current arc on; moves the current arc to it. */
  function hasAdmissible(v: number): boolean {
    const pv = price[v]!;
    for (let a = current[v]!, end = first[v + 1]!; a < end; a++) {
      if (rescap[a]! > 0 && scale * cost[a]! + pv - price[head[a]!]! < 0) {
        current[v] = a;
        return true;
      }
    }
    return false;
  }

  /** Lowers p[v] to the highest price that makes one of its residual arcs admissible. */
  function relabel(v: number, e: number): number {
    let best = -Infinity;
    for (let b = first[v]!, end = first[v + 1]!; b < end; b++) {
      if (rescap[b]! > 0) {
        const cand = price[head[b]!]! - scale * cost[b]!;
        if (cand > best) best = cand;
      }
    }
    relabels += 1;
    current[v] = first[v]!;
    if (best === -Infinity) return price[v]!;
    price[v] = best - e;
    return best - e;
  }

  /**
   * Global price update: lowers each price by its distance, in ε units, to the nearest deficit
   * along residual arcs (Dial's buckets), which keeps ε-optimality and points every excess
   * downhill toward a deficit.
   */
  function priceUpdate(e: number): void {
    stats.priceUpdates += 1;
    const unreached = n; // rank sentinel; doubles as the overflow bucket limit
    let remaining = 0;
    bucketHead.fill(-1);
    for (let v = 0; v < n; v++) {
      rank[v] = unreached;
      if (excess[v]! > 0) remaining += 1;
    }
    const link = (v: number, b: number): void => {
      const h = bucketHead[b]!;
      next[v] = h;
      prev[v] = -1;
      if (h >= 0) prev[h] = v;
      bucketHead[b] = v;
    };
    const unlink = (v: number, b: number): void => {
      const nx = next[v]!;
      const pr = prev[v]!;
      if (pr >= 0) next[pr] = nx;
      else bucketHead[b] = nx;
      if (nx >= 0) prev[nx] = pr;
    };
    for (let v = 0; v < n; v++) {
      if (excess[v]! < 0) {
        rank[v] = 0;
        link(v, 0);
      }
    }
    let level = 0;
    // Scanned nodes get rank −1 − distance so that a finished node is never relinked.
    for (; level < unreached && remaining > 0; level++) {
      let v = bucketHead[level]!;
      while (v >= 0) {
        bucketHead[level] = next[v]!;
        if (bucketHead[level]! >= 0) prev[bucketHead[level]!] = -1;
        rank[v] = -1 - level;
        if (excess[v]! > 0) remaining -= 1;
        const pv = price[v]!;
        // Arcs w → v with residual capacity are the reverses of v's arcs.
        for (let a = first[v]!, end = first[v + 1]!; a < end; a++) {
          if (rescap[a]! === pairCap[a]!) continue;
          const w = head[a]!;
          const rw = rank[w]!;
          if (rw < 0) continue;
          const reduced = price[w]! - pv - scale * cost[a]!;
          const nr = level + Math.floor((reduced + e) / e);
          if (nr < rw && nr < unreached) {
            if (rw < unreached) unlink(w, rw);
            rank[w] = nr;
            link(w, nr);
          }
        }
        v = bucketHead[level]!;
      }
      if (remaining === 0) break;
    }
    // Nodes never scanned take the last level reached, which keeps every arc ε-optimal.
    for (let v = 0; v < n; v++) {
      const r = rank[v]!;
      const d = r < 0 ? -1 - r : level;
      if (d > 0) price[v]! -= d * e;
      current[v] = first[v]!;
    }
  }
}

/**
 * Exact integer potentials for the current circulation and g.cost, if it is optimal: every
 * residual arc gets cost + π[tail] − π[head] ≥ 0. Starts from integer potentials `pi` (modified in
 * place) that leave only small violations to repair, e.g. scaled prices rounded down, and
 * finishes with FIFO Bellman–Ford; gives up (undefined) after `budget` node scans, and throws
 * past n rounds, which only a negative cycle needs.
 */
function exactPotentials(g: ResidualGraph, pi: Float64Array, stats: ScalingStats, budget: number): Float64Array | undefined {
  const { nodeCount: n, first, head, rescap, cost } = g;
  const queue = new Int32Array(n);
  const inQueue = new Uint8Array(n).fill(1);
  for (let v = 0; v < n; v++) queue[v] = v;
  let qHead = 0;
  let qLen = n;
  // With no negative cycle every node settles after at most n rounds; more means the flow was not optimal.
  const limit = Math.min(budget, n * (n + 1));
  let scans = 0;
  while (qLen > 0) {
    const v = queue[qHead]!;
    qHead = qHead + 1 === n ? 0 : qHead + 1;
    qLen -= 1;
    inQueue[v] = 0;
    if (++scans > limit) {
      stats.bellmanFordScans += scans;
      if (budget < Infinity) return undefined;
      throw new Error('negative cycle: the circulation is not optimal');
    }
    const pv = pi[v]!;
    for (let a = first[v]!, end = first[v + 1]!; a < end; a++) {
      if (rescap[a]! === 0) continue;
      const w = head[a]!;
      const bound = pv + cost[a]!;
      if (bound < pi[w]!) {
        pi[w] = bound;
        if (inQueue[w] === 0) {
          inQueue[w] = 1;
          queue[(qHead + qLen++) % n] = w;
        }
      }
    }
  }
  stats.bellmanFordScans += scans;
  return pi;
}
