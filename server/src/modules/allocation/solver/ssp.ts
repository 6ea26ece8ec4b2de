/**
 * Lexicographic minimum-cost circulation for the allocation network (model.ts): successive
 * shortest paths over costs that are pairs (coverage, travel) compared lexicographically, started
 * from a plan in which every person already holds their best shifts at given shift prices.
 *
 * Why pairs: shortest paths and potentials only need an ordered abelian group, and Z² ordered
 * lexicographically is one. So one solve optimizes coverage first and travel second, exactly, with
 * no big-M weight and no scaling factor: every number is a sum of at most n input costs, far inside
 * Float64's exact integers. The potentials (π1, π2) that the search leaves behind are the
 * certificate of certificate.ts as they stand.
 *
 * Why this start: for any prices ≥ (0, 0), each person's best choice (their L_p cheapest options by
 * reduced cost, at most one per clash group) together with person and group potentials computed
 * from it gives every residual arc a non-negative reduced cost, provided every priced shift passes
 * its full headcount to the hub. The only defects are shifts that got more people than that
 * (overfull) or fewer (short). At zero prices half the places would be in the wrong shift; at
 * auction prices (auction.ts) only those where the auction's ε-slack mattered. Each unit of defect
 * is then repaired along a shortest path — overflow to the hub or a short shift, shortage from the
 * hub or an overfull shift — found by Dijkstra from the defect and stopped at the first end; moving
 * the potentials by the distances keeps all reduced costs non-negative (Ahuja, Magnanti and Orlin,
 * §9.7). With no defect left the flow is a circulation with non-negative reduced costs on every
 * residual arc, hence lexicographically optimal.
 */
import { buildResidualGraph, setCosts } from './mcf.js';
import { HUB, type AllocationNetwork, type ShiftPrices } from './model.js';

/** Arcs of the residual graph, two per network arc, grouped by tail (forward star). */
export interface LexGraph {
  nodeCount: number;
  /** Residual arcs of node v are first[v] … first[v+1]-1. */
  first: Int32Array;
  head: Int32Array;
  /** The opposite residual arc. */
  rev: Int32Array;
  /** Residual capacity; the flow of a network arc is the residual capacity of its reverse. */
  rescap: Int32Array;
  /** Coverage and travel cost; a reverse arc holds the negated costs. */
  cost1: Int32Array;
  cost2: Int32Array;
  /** Residual index of the forward copy of each network arc. */
  forward: Int32Array;
}

export interface SearchStats {
  /** Units over- or underfull in the starting plan: one shortest-path search each. */
  overflow: number;
  /** Nodes taken off the heap over all searches. */
  settled: number;
  /** Arcs of all augmenting paths. */
  pathArcs: number;
}

/** The residual graph with zero flow (mcf.ts builds it), carrying both objectives' costs. */
export function buildLexGraph(network: AllocationNetwork): LexGraph {
  const g = buildResidualGraph(network.nodeCount, network.tail, network.head, network.cap);
  setCosts(g, network.coverageCost);
  const cost1 = g.cost.slice();
  setCosts(g, network.travelCost);
  return { nodeCount: g.nodeCount, first: g.first, head: g.head, rev: g.rev, rescap: g.rescap, cost1, cost2: g.cost, forward: g.forward };
}

/**
 * Solves in place (g's residual capacities end as the optimal circulation) and returns the
 * potentials: every residual arc gets (cost1, cost2) + π[tail] − π[head] ≥ (0, 0) lexicographically.
 * With a budget (nodes settled over all searches), gives up once past it and returns undefined,
 * leaving g part-way.
 */
export function lexicographicCirculation(
  g: LexGraph,
  personCount: number,
  shiftCount: number,
  prices: ShiftPrices,
  stats: SearchStats,
  budget = Infinity,
): { pi1: Float64Array; pi2: Float64Array } | undefined {
  const { nodeCount: n, first, head, rev, rescap, cost1, cost2 } = g;
  const pi1 = new Float64Array(n);
  const pi2 = new Float64Array(n);
  const firstShift = 1 + personCount;
  const firstGroup = firstShift + shiftCount;
  const isShift = (v: number): boolean => v >= firstShift && v < firstGroup;
  // A shift's price is what taking it costs on top of its candidate arc's cost: π_s = −price_s.
  for (let s = 0; s < shiftCount; s++) {
    pi1[firstShift + s] = -prices.price1[s]!;
    pi2[firstShift + s] = -prices.price2[s]!;
  }
  /** Inflow beyond what the shift passes to the hub: > 0 overfull, < 0 short of its forced fill. */
  const imbalance = new Int32Array(shiftCount);

  // ─── Starting plan: everyone's best options at the given prices ───
  // Best candidate per group node (its cheapest arc to a shift), as (cost1, cost2, arc).
  const groupCount = n - firstGroup;
  const best1 = new Float64Array(groupCount);
  const best2 = new Float64Array(groupCount);
  const bestArc = new Int32Array(groupCount);
  for (let q = firstGroup; q < n; q++) {
    let b1 = Infinity;
    let b2 = Infinity;
    let ba = -1;
    for (let a = first[q]!, end = first[q + 1]!; a < end; a++) {
      const w = head[a]!;
      if (!isShift(w)) continue;
      const c1 = cost1[a]! - pi1[w]!;
      const c2 = cost2[a]! - pi2[w]!;
      if (c1 < b1 || (c1 === b1 && c2 < b2)) {
        b1 = c1;
        b2 = c2;
        ba = a;
      }
    }
    best1[q - firstGroup] = b1;
    best2[q - firstGroup] = b2;
    bestArc[q - firstGroup] = ba;
    // π_q = −(best reduced cost): its best arc is then tight and the others non-negative.
    pi1[q] = -b1;
    pi2[q] = -b2;
  }
  // Options of a person: direct candidate arcs and group arcs, valued by the best cost behind them.
  let optArc = new Int32Array(16);
  let opt1 = new Float64Array(16);
  let opt2 = new Float64Array(16);
  const demand = new Int32Array(shiftCount);
  const take = (a: number): void => {
    rescap[a]! -= 1;
    rescap[rev[a]!]! += 1;
  };
  for (let p = 1; p < firstShift; p++) {
    let count = 0;
    let hubArc = -1;
    for (let a = first[p]!, end = first[p + 1]!; a < end; a++) {
      const w = head[a]!;
      if (w === HUB) {
        hubArc = a;
        continue;
      }
      if (count === optArc.length) {
        optArc = Int32Array.from({ length: 2 * count }, (_, i) => (i < count ? optArc[i]! : 0));
        opt1 = Float64Array.from({ length: 2 * count }, (_, i) => (i < count ? opt1[i]! : 0));
        opt2 = Float64Array.from({ length: 2 * count }, (_, i) => (i < count ? opt2[i]! : 0));
      }
      optArc[count] = a;
      opt1[count] = isShift(w) ? cost1[a]! - pi1[w]! : best1[w - firstGroup]!;
      opt2[count] = isShift(w) ? cost2[a]! - pi2[w]! : best2[w - firstGroup]!;
      count += 1;
    }
    // Insertion sort: a person has about ten options.
    for (let i = 1; i < count; i++) {
      const a = optArc[i]!;
      const c1 = opt1[i]!;
      const c2 = opt2[i]!;
      let j = i - 1;
      for (; j >= 0 && (opt1[j]! > c1 || (opt1[j] === c1 && opt2[j]! > c2)); j--) {
        optArc[j + 1] = optArc[j]!;
        opt1[j + 1] = opt1[j]!;
        opt2[j + 1] = opt2[j]!;
      }
      optArc[j + 1] = a;
      opt1[j + 1] = c1;
      opt2[j + 1] = c2;
    }
    // The limit is the residual capacity of hub → p, the reverse of p's arc to the hub.
    const limit = hubArc < 0 ? 0 : rescap[rev[hubArc]!]!;
    let taken = 0;
    while (taken < limit && taken < count && (opt1[taken]! < 0 || (opt1[taken] === 0 && opt2[taken]! <= 0))) {
      const a = optArc[taken]!;
      const w = head[a]!;
      const c = isShift(w) ? a : bestArc[w - firstGroup]!;
      if (!isShift(w)) take(a);
      take(c);
      demand[head[c]! - firstShift]! += 1;
      taken += 1;
    }
    for (let i = 0; i < taken; i++) take(rev[hubArc]!);
    // π_p = max(0, best option not taken): untaken options and the hub arcs are then non-negative,
    // taken ones (all better than that, and negative) stay non-negative in reverse.
    if (taken < count && taken === limit && (opt1[taken]! < 0 || (opt1[taken] === 0 && opt2[taken]! < 0))) {
      pi1[p] = -opt1[taken]!;
      pi2[p] = -opt2[taken]!;
    }
  }
  // A shift with a positive price passes its full headcount to the hub (its arc to the hub must
  // not stay residual), one without passes what it gets up to the headcount.
  for (let s = 0; s < shiftCount; s++) {
    const v = firstShift + s;
    const priced = pi1[v]! < 0 || (pi1[v] === 0 && pi2[v]! < 0);
    for (let a = first[v]!, end = first[v + 1]!; a < end; a++) {
      if (head[a] !== HUB) continue;
      const flow = priced ? rescap[a]! : Math.min(demand[s]!, rescap[a]!);
      rescap[a]! -= flow;
      rescap[rev[a]!]! += flow;
      imbalance[s] = demand[s]! - flow;
      stats.overflow += Math.abs(imbalance[s]!);
    }
  }

  // ─── Repairs, one unit of defect per shortest-path search ───
  const d1 = new Float64Array(n);
  const d2 = new Float64Array(n);
  const pred = new Int32Array(n);
  /** 0 untouched, 1 on the heap, 2 settled. */
  const state = new Uint8Array(n);
  const heap = new Int32Array(n);
  const where = new Int32Array(n);
  const touched = new Int32Array(n);
  let heapSize = 0;
  let touchedCount = 0;
  const less = (u: number, v: number): boolean => d1[u]! < d1[v]! || (d1[u] === d1[v] && d2[u]! < d2[v]!);
  const siftUp = (i: number): void => {
    const v = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const u = heap[parent]!;
      if (!less(v, u)) break;
      heap[i] = u;
      where[u] = i;
      i = parent;
    }
    heap[i] = v;
    where[v] = i;
  };
  const popMin = (): number => {
    const top = heap[0]!;
    const last = heap[--heapSize]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heapSize) break;
      if (c + 1 < heapSize && less(heap[c + 1]!, heap[c]!)) c += 1;
      if (!less(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      where[heap[i]!] = i;
      i = c;
    }
    if (heapSize > 0) {
      heap[i] = last;
      where[last] = i;
    }
    return top;
  };

  let settledTotal = 0;
  let pathArcs = 0;
  /**
   * One unit from an overfull shift to the hub or a short shift (forward), or to a short shift
   * from the hub or an overfull shift (backward: the search runs against the arcs), along a
   * shortest path; then potentials move so that the path's arcs are tight and none turns negative.
   */
  const repair = (s: number, forward: boolean): void => {
    const origin = firstShift + s;
    /** Sign of the imbalance of a shift that can end the path. */
    const want = forward ? -1 : 1;
    d1[origin] = 0;
    d2[origin] = 0;
    state[origin] = 1;
    touched[touchedCount++] = origin;
    heap[0] = origin;
    where[origin] = 0;
    heapSize = 1;
    let end = -1;
    const isEnd = (v: number): boolean => v === HUB || (v !== origin && isShift(v) && Math.sign(imbalance[v - firstShift]!) === want);
    while (heapSize > 0) {
      const u = popMin();
      state[u] = 2;
      settledTotal += 1;
      if (isEnd(u)) {
        end = u;
        break;
      }
      const du1 = d1[u]!;
      const du2 = d2[u]!;
      const pu1 = pi1[u]!;
      const pu2 = pi2[u]!;
      for (let a = first[u]!, last = first[u + 1]!; a < last; a++) {
        // Forward: arc a (u → v). Backward: its reverse (v → u), with the negated costs.
        const arc = forward ? a : rev[a]!;
        if (rescap[arc] === 0) continue;
        const v = head[a]!;
        const sv = state[v]!;
        if (sv === 2) continue;
        const n1 = forward ? du1 + cost1[a]! + pu1 - pi1[v]! : du1 - cost1[a]! + pi1[v]! - pu1;
        const n2 = forward ? du2 + cost2[a]! + pu2 - pi2[v]! : du2 - cost2[a]! + pi2[v]! - pu2;
        // An end reached by a tight arc is as near as the node being settled, which nothing on the
        // heap undercuts: settle it now rather than after the rest of this distance's plateau.
        if (n1 === du1 && n2 === du2 && isEnd(v)) {
          if (sv === 0) touched[touchedCount++] = v;
          state[v] = 2;
          d1[v] = n1;
          d2[v] = n2;
          pred[v] = arc;
          end = v;
          break;
        }
        if (sv === 0) {
          state[v] = 1;
          touched[touchedCount++] = v;
          d1[v] = n1;
          d2[v] = n2;
          pred[v] = arc;
          heap[heapSize] = v;
          siftUp(heapSize++);
        } else if (n1 < d1[v]! || (n1 === d1[v] && n2 < d2[v]!)) {
          d1[v] = n1;
          d2[v] = n2;
          pred[v] = arc;
          siftUp(where[v]!);
        }
      }
      if (end >= 0) break;
    }
    // Overflow can always go back through the people who caused it, and a shift is short only
    // when priced, so the hub can always unfill it: a search that finds nothing is a bug.
    if (end < 0) throw new Error('allocation: no repair path');
    // Forward, settled nodes move by (distance − D); backward by (D − distance); others stay.
    const D1 = d1[end]!;
    const D2 = d2[end]!;
    const sign = forward ? 1 : -1;
    for (let i = 0; i < touchedCount; i++) {
      const v = touched[i]!;
      if (state[v] === 2) {
        pi1[v]! += sign * (d1[v]! - D1);
        pi2[v]! += sign * (d2[v]! - D2);
      }
      state[v] = 0;
    }
    touchedCount = 0;
    heapSize = 0;
    for (let v = end; v !== origin; ) {
      const arc = pred[v]!;
      rescap[arc]! -= 1;
      rescap[rev[arc]!]! += 1;
      // Forward, pred[v] enters v; backward, it leaves v.
      v = forward ? head[rev[arc]!]! : head[arc]!;
      pathArcs += 1;
    }
    // One unit less of defect at the origin, and at the end when it is a shift of the opposite kind.
    imbalance[s]! += forward ? -1 : 1;
    if (end !== HUB) imbalance[end - firstShift]! += forward ? 1 : -1;
  };
  const withinBudget = (): boolean => {
    if (settledTotal <= budget) return true;
    stats.settled += settledTotal;
    stats.pathArcs += pathArcs;
    return false;
  };
  for (let s = 0; s < shiftCount; s++) {
    while (imbalance[s]! > 0) repair(s, true);
    if (!withinBudget()) return undefined;
  }
  for (let s = 0; s < shiftCount; s++) {
    while (imbalance[s]! < 0) repair(s, false);
    if (!withinBudget()) return undefined;
  }
  stats.settled += settledTotal;
  stats.pathArcs += pathArcs;
  return { pi1, pi2 };
}
