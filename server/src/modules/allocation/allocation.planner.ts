import { Worker } from 'node:worker_threads';
import type { PlanInput, PlanOutcome } from './allocation.instance.js';

type Pending = { resolve: (outcome: PlanOutcome) => void; reject: (error: Error) => void };

/**
 * Runs `computePlan` on one worker thread shared by the process: a district's plan takes seconds
 * of CPU, which on the main thread would stall every other request (check-ins included). Plans
 * queue on the worker; it does not keep the process alive, and a crash fails the plans in
 * flight and starts a fresh worker for the next.
 */
export class Planner {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  plan(input: PlanInput): Promise<PlanOutcome> {
    const worker = this.started();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, input });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./allocation.worker-boot.mjs', import.meta.url));
    worker.unref();
    worker.on('message', ({ id, outcome, error }: { id: number; outcome?: PlanOutcome; error?: string }) => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) p?.reject(new Error(`allocation planner: ${error}`));
      else p?.resolve(outcome!);
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`allocation planner exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

/** The process's planner. */
export const planner = new Planner();
