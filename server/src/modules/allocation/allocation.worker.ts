import { parentPort } from 'node:worker_threads';
import { computePlan, type PlanInput } from './allocation.instance.js';

/** Plans on a worker thread (allocation.planner.ts), so a district's solve never stalls requests. */
parentPort!.on('message', ({ id, input }: { id: number; input: PlanInput }) => {
  try {
    parentPort!.postMessage({ id, outcome: computePlan(input) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
