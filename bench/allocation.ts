import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import highsModule from 'highs';
import { generateInstance, type Flavour } from '../server/src/modules/allocation/solver/generate.js';
import { checkCertificate, checkPlan, solveAllocation, type AllocationInstance } from '../server/src/modules/allocation/solver/index.js';
import { coverageLp, travelLp } from '../server/src/modules/allocation/solver/lp.js';

// The package's types describe its CommonJS build; the ESM build Node loads here exports the loader as default.
const loadHighs = highsModule as unknown as typeof highsModule.default;

/**
 * The allocation solver on generated city-scale instances (people × 20,000 shifts, ~10 candidates
 * per person; flavours in solver/generate.ts), against HiGHS solving the same model as an LP
 * (lexicographic: two solves) and a greedy baseline (highest priority first, nearest person).
 *
 *   npm run bench -- allocation [--sizes 10000,100000,500000,1000000] [--flavours slack,tight]
 *                               [--shifts 20000] [--skip-highs] [--seed 1]
 *
 * Each solve runs in a child process that generates the instance itself (same seed, same
 * instance), so peak memory (the child's max RSS) is the solver's own plus the instance's, which
 * the table shows apart. HiGHS gets HIGHS_LIMIT seconds per solve (a ratio past it is a lower
 * bound) and is not tried on sizes above one where it failed or ran out of time. The load average
 * is printed before and after: the machine is shared, and CPU seconds travel better than wall time.
 */

/** Seconds per HiGHS solve: past it the ratio is reported as a lower bound. */
const HIGHS_LIMIT = 300;
const runTs = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run.ts');

interface OursFigures {
  seconds: number;
  cpuSeconds: number;
  instanceMb: number;
  peakMb: number;
  coverage: number;
  travel: number;
  flow: number;
  headcount: number;
  capacity: number;
  uncoveredShifts: number;
  greedyCoverage: number;
  checked: boolean;
  /** 'search' or 'scaling' (see solver/index.ts). */
  method: string;
}

interface HighsFigures {
  seconds?: number;
  peakMb?: number;
  coverage?: number;
  travel?: number;
  error?: string;
}

export default async function allocationBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '10000,100000,500000,1000000' },
      flavours: { type: 'string', default: 'slack,tight' },
      shifts: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '1' },
      'skip-highs': { type: 'boolean', default: false },
      worker: { type: 'string' },
      people: { type: 'string' },
      flavour: { type: 'string' },
    },
    strict: true,
  });
  const shifts = Number(values.shifts);
  const seed = Number(values.seed);
  if (values.worker) {
    const options = { people: Number(values.people), shifts, flavour: values.flavour as Flavour, seed };
    const figures = values.worker === 'highs' ? await highsWorker(generateInstance(options)) : oursWorker(generateInstance(options));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }

  const sizes = values.sizes.split(',').map(Number);
  const flavours = values.flavours.split(',') as Flavour[];
  console.log(`allocation: people × ${shifts.toLocaleString('en')} shifts, seed ${seed}; load average ${load()} on ${os.cpus().length} CPUs`);
  console.log(
    row(['people', 'flavour', 'headcount', 'method', 'ours s', 'cpu s', 'MB (inst.)', 'coverage', 'travel', 'full', 'HiGHS s', 'HiGHS MB', 'HiGHS/ours', 'greedy cov.', 'greedy/ours']),
  );
  let highsFailedAt = Infinity;
  for (const people of sizes) {
    for (const flavour of flavours) {
      const args = ['--people', String(people), '--flavour', flavour, '--shifts', String(shifts), '--seed', String(seed)];
      const ours = child<OursFigures & { error?: string }>(['--worker', 'ours', ...args]);
      if (ours.error) {
        console.log(row([people.toLocaleString('en'), flavour, '', ours.error]));
        continue;
      }
      let highs: HighsFigures = { error: 'skipped' };
      if (!values['skip-highs'] && people < highsFailedAt) {
        highs = child<HighsFigures>(['--worker', 'highs', ...args]);
        if (highs.error) highsFailedAt = people;
        else if (highs.coverage !== ours.coverage || highs.travel !== ours.travel) {
          highs.error = `disagrees: (${highs.coverage}, ${highs.travel})`;
        }
      }
      console.log(
        row([
          people.toLocaleString('en'),
          flavour,
          ours.headcount.toLocaleString('en'),
          ours.method,
          ours.seconds.toFixed(2),
          ours.cpuSeconds.toFixed(2),
          `${ours.peakMb} (${ours.instanceMb})`,
          ours.coverage.toLocaleString('en') + (ours.checked ? '' : ' UNCHECKED'),
          ours.travel.toLocaleString('en'),
          ours.uncoveredShifts === 0 ? 'yes' : `${ours.uncoveredShifts} short`,
          highs.error ?? highs.seconds!.toFixed(2),
          highs.error ? '' : String(highs.peakMb),
          highs.seconds === undefined ? '' : `${highs.error ? '>' : ''}${(highs.seconds / ours.seconds).toFixed(1)}×`,
          ours.greedyCoverage.toLocaleString('en'),
          `${((100 * ours.greedyCoverage) / ours.coverage).toFixed(1)}%`,
        ]),
      );
    }
  }
  console.log(`load average at the end ${load()}`);
}

function oursWorker(x: AllocationInstance): OursFigures {
  globalThis.gc?.();
  const instanceMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const r = solveAllocation(x);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  // Checked after the clock stops: the checker is for trust, not part of the solve.
  const checked = checkCertificate(r.certificate).length === 0 && checkPlan(x, r).length === 0;
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    instanceMb,
    peakMb,
    coverage: r.coverage,
    travel: r.travel,
    flow: r.flow,
    headcount: r.bounds.totalHeadcount,
    capacity: r.bounds.totalCapacity,
    uncoveredShifts: r.uncovered.length,
    greedyCoverage: greedy(x),
    checked,
    method: r.stats.method,
  };
}

async function highsWorker(x: AllocationInstance): Promise<HighsFigures> {
  try {
    const highs = await loadHighs();
    // Text building is ours, not HiGHS's: only parsing and solving are timed.
    const first = coverageLp(x);
    let start = performance.now();
    const r1 = highs.solve(first, { output_flag: false, time_limit: HIGHS_LIMIT });
    let seconds = (performance.now() - start) / 1000;
    if (r1.Status === 'Time limit reached') return { error: `>${HIGHS_LIMIT} (limit)`, seconds };
    if (r1.Status !== 'Optimal') return { error: r1.Status };
    const coverage = Math.round(r1.ObjectiveValue);
    const second = travelLp(x, coverage);
    start = performance.now();
    const r2 = highs.solve(second, { output_flag: false, time_limit: HIGHS_LIMIT });
    seconds += (performance.now() - start) / 1000;
    if (r2.Status === 'Time limit reached') return { error: `>${Math.round(seconds)} (limit)`, seconds };
    if (r2.Status !== 'Optimal') return { error: r2.Status };
    return { seconds, peakMb: Math.round(process.resourceUsage().maxRSS / 1024), coverage, travel: Math.round(r2.ObjectiveValue) };
  } catch (error) {
    // The npm build's heap is 2 GB of WebAssembly memory; it aborts rather than throws RangeError.
    const text = String(error);
    return { error: /memory|Aborted|OOM|allocation/i.test(text) ? 'out of memory' : text.slice(0, 60) };
  }
}

/** Highest priority first, then each shift's nearest free eligible people. */
function greedy(x: AllocationInstance): number {
  const byShift = Array.from({ length: x.shiftCount }, (): number[] => []);
  for (let k = 0; k < x.candidateShift.length; k++) byShift[x.candidateShift[k]!]!.push(k);
  const order = byShift.map((_, s) => s).sort((a, b) => x.weight[b]! - x.weight[a]! || a - b);
  const left = Int32Array.from(x.limit);
  const held = new Set<number>();
  const groups = new Map<number, number>();
  for (const g of x.clashGroup) if (!groups.has(g)) groups.set(g, groups.size);
  let coverage = 0;
  for (const s of order) {
    let room = x.headcount[s]!;
    const g = groups.get(x.clashGroup[s]!)!;
    for (const k of byShift[s]!.sort((a, b) => x.travel[a]! - x.travel[b]!)) {
      if (room === 0) break;
      const p = x.candidatePerson[k]!;
      const slot = p * groups.size + g;
      if (left[p]! === 0 || held.has(slot)) continue;
      left[p]! -= 1;
      held.add(slot);
      room -= 1;
      coverage += x.weight[s]!;
    }
  }
  return coverage;
}

function child<T>(args: string[]): T {
  const r = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', '--max-old-space-size=8192', runTs, 'allocation', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    const why = `${r.stderr}`.match(/out of memory|Aborted\([^)]*\)|RangeError[^\n]*/i)?.[0] ?? `exit ${r.status ?? r.signal}`;
    return { error: /memory|Aborted/i.test(why) ? 'out of memory' : why } as T;
  }
  return JSON.parse(line) as T;
}

function row(cells: string[]): string {
  const widths = [10, 7, 10, 8, 8, 7, 12, 12, 11, 9, 14, 9, 10, 12, 11];
  return cells.map((c, i) => c.padStart(widths[i] ?? 8)).join(' ');
}

function load(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}
