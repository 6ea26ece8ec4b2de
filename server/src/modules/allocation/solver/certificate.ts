/**
 * Independent checks of a solution, using nothing of the solver but its output.
 *
 * Why the certificate proves lexicographic optimality. Write rc1, rc2 for the reduced costs of an
 * arc under π1 (coverage costs) and π2 (travel costs). For any feasible circulation g and the
 * solution f, cost(g) − cost(f) = Σ_arcs rc·(g − f) because potentials telescope around a
 * circulation. If every residual arc of f has rc1 ≥ 0, each term rc1·(g − f) is ≥ 0 (an arc of
 * rc1 > 0 has its reverse non-residual, so f is at 0 and g − f ≥ 0; rc1 < 0 means f is at capacity
 * and g − f ≤ 0): f has minimal coverage cost. If g is coverage-optimal too, all those terms are 0,
 * so g = f on arcs of rc1 ≠ 0, and on the rest rc2 ≥ 0 on residual arcs gives Σ rc2·(g − f) ≥ 0
 * term by term: f has minimal travel among coverage-optimal plans.
 */
import type { AllocationResult, Certificate } from './index.js';
import type { AllocationInstance } from './model.js';

/** Problems found (empty when the certificate holds); stops after `max` of them. */
export function checkCertificate(c: Certificate, max = 10): string[] {
  const { network, flow, coveragePotential: pi1, travelPotential: pi2 } = c;
  const { nodeCount, tail, head, cap, coverageCost, travelCost } = network;
  const problems: string[] = [];
  const report = (what: string): boolean => {
    problems.push(what);
    return problems.length >= max;
  };
  const balance = new Float64Array(nodeCount);
  for (let k = 0; k < tail.length; k++) {
    const f = flow[k]!;
    if (!(Number.isInteger(f) && f >= 0 && f <= cap[k]!)) {
      if (report(`arc ${k}: flow ${f} outside [0, ${cap[k]}]`)) return problems;
    }
    balance[tail[k]!]! -= f;
    balance[head[k]!]! += f;
    const u = tail[k]!;
    const v = head[k]!;
    const rc1 = coverageCost[k]! + pi1[u]! - pi1[v]!;
    const rc2 = travelCost[k]! + pi2[u]! - pi2[v]!;
    // Residual forward (f < cap) needs (rc1, rc2) ≥ (0, 0) lexicographically; residual backward
    // (f > 0) needs (−rc1, −rc2) ≥ (0, 0).
    if (f < cap[k]! && (rc1 < 0 || (rc1 === 0 && rc2 < 0))) {
      if (report(`arc ${k} (${u}→${v}): residual forward with reduced costs (${rc1}, ${rc2})`)) return problems;
    }
    if (f > 0 && (rc1 > 0 || (rc1 === 0 && rc2 > 0))) {
      if (report(`arc ${k} (${u}→${v}): residual backward with reduced costs (${-rc1}, ${-rc2})`)) return problems;
    }
  }
  for (let v = 0; v < nodeCount; v++) {
    if (balance[v] !== 0 && report(`node ${v}: inflow − outflow = ${balance[v]}`)) return problems;
  }
  for (const pi of [pi1, pi2]) {
    for (let v = 0; v < nodeCount; v++) {
      if (!Number.isSafeInteger(pi[v]!) && report(`node ${v}: potential ${pi[v]} is not a safe integer`)) return problems;
    }
  }
  return problems;
}

/** Problems of the plan against the instance itself: pairs, limits, headcount, clashes, objective. */
export function checkPlan(x: AllocationInstance, r: Pick<AllocationResult, 'assigned' | 'coverage' | 'travel'>, max = 10): string[] {
  const problems: string[] = [];
  const perPerson = new Int32Array(x.personCount);
  const perShift = new Int32Array(x.shiftCount);
  const held = new Set<string>();
  let coverage = 0;
  let travel = 0;
  let last = -1;
  for (const k of r.assigned) {
    if (!(k > last && k < x.candidatePerson.length)) problems.push(`assigned candidate ${k} is out of range or out of order`);
    last = k;
    const p = x.candidatePerson[k]!;
    const s = x.candidateShift[k]!;
    perPerson[p]! += 1;
    perShift[s]! += 1;
    const slot = `${p}:${x.clashGroup[s]}`;
    if (held.has(slot)) problems.push(`person ${p} holds two shifts of clash group ${x.clashGroup[s]}`);
    held.add(slot);
    coverage += x.weight[s]!;
    travel += x.travel[k]!;
  }
  for (let p = 0; p < x.personCount; p++) {
    if (perPerson[p]! > x.limit[p]!) problems.push(`person ${p}: ${perPerson[p]} shifts over limit ${x.limit[p]}`);
  }
  for (let s = 0; s < x.shiftCount; s++) {
    if (perShift[s]! > x.headcount[s]!) problems.push(`shift ${s}: ${perShift[s]} people over headcount ${x.headcount[s]}`);
  }
  if (coverage !== r.coverage) problems.push(`coverage is ${coverage}, reported ${r.coverage}`);
  if (travel !== r.travel) problems.push(`travel is ${travel}, reported ${r.travel}`);
  return problems.slice(0, max);
}
