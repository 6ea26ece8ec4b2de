/**
 * The same allocation model as a linear program in CPLEX LP format, for HiGHS (npm `highs`) in the
 * tests and the benchmark — an independent formulation to compare optima with; the server never
 * solves through it. Variable x<k> is candidate k, in [0, 1]; rows are the person limits, the
 * (person, clash group) rows where a person has two or more candidates in a group, and the shift
 * headcounts. The constraint matrix is that of a network (see model.ts), so the LP optimum is
 * integral: HiGHS's simplex answer is compared as is, and tests assert its integrality.
 *
 * Lexicographic objective in two solves: `coverageLp` maximizes Σ w·x; `travelLp` minimizes Σ t·x
 * subject to Σ w·x ≥ the optimal coverage. The feasible set of the second is the face of optimal
 * coverage, itself an integral polytope, so its LP optimum is integral too.
 */
import { candidatesByPerson, type AllocationInstance } from './model.js';

export function coverageLp(x: AllocationInstance): string {
  return lp(x, 'Maximize', x.candidateShift.length ? terms(x, (k) => x.weight[x.candidateShift[k]!]!) : '', []);
}

export function travelLp(x: AllocationInstance, coverage: number): string {
  const row = terms(x, (k) => x.weight[x.candidateShift[k]!]!);
  return lp(x, 'Minimize', terms(x, (k) => x.travel[k]!), row ? [`c: ${row} >= ${coverage}`] : []);
}

/** Σ coef(k)·x<k> over candidates with a non-zero coefficient, a few terms per line. */
function terms(x: AllocationInstance, coef: (k: number) => number, only?: ArrayLike<number>): string {
  const parts: string[] = [];
  const n = only ? only.length : x.candidatePerson.length;
  for (let i = 0; i < n; i++) {
    const k = only ? only[i]! : i;
    const c = coef(k);
    if (c !== 0) parts.push(`${parts.length ? '+ ' : ''}${c} x${k}${parts.length % 8 === 7 ? '\n' : ''}`);
  }
  return parts.join(' ');
}

function lp(x: AllocationInstance, sense: 'Maximize' | 'Minimize', objective: string, extra: string[]): string {
  const out: string[] = [sense, ` obj: ${objective || '0 x0'}`, 'Subject To', ...extra];
  const { start, order } = candidatesByPerson(x);
  const one = (): number => 1;
  for (let p = 0; p < x.personCount; p++) {
    const mine = order.subarray(start[p]!, start[p + 1]!);
    if (mine.length === 0) continue;
    out.push(`p${p}: ${terms(x, one, mine)} <= ${x.limit[p]}`);
    const byGroup = new Map<number, number[]>();
    for (const k of mine) {
      const g = x.clashGroup[x.candidateShift[k]!]!;
      byGroup.set(g, [...(byGroup.get(g) ?? []), k]);
    }
    let i = 0;
    for (const ks of byGroup.values()) {
      if (ks.length >= 2) out.push(`g${p}_${i++}: ${terms(x, one, ks)} <= 1`);
    }
  }
  const byShift: number[][] = Array.from({ length: x.shiftCount }, () => []);
  for (let k = 0; k < x.candidateShift.length; k++) byShift[x.candidateShift[k]!]!.push(k);
  byShift.forEach((ks, s) => {
    if (ks.length) out.push(`s${s}: ${terms(x, one, ks)} <= ${x.headcount[s]}`);
  });
  out.push('Bounds');
  // HiGHS needs at least one variable; x0 stands in for an instance without candidates.
  const n = Math.max(1, x.candidatePerson.length);
  for (let k = 0; k < n; k++) out.push(`0 <= x${k} <= ${k < x.candidatePerson.length ? 1 : 0}`);
  out.push('End');
  return out.join('\n');
}
