/**
 * A pass of seeds through a fresh pool of fuzz workers (`worker.ts`): each seed's outcome is
 * handed on in seed-list order as soon as every seed before it has one, so output can stream
 * and still be deterministic. A worker that dies holding a seed makes that seed `crashed`.
 */
import { InOrder } from './in-order.ts';
import type { SeedOutcome } from './outcome.ts';
import { binModule } from '../bin-root.ts';
import { runPool } from './pool.ts';
import type { FuzzJob, SeedTask } from './seed-run.ts';

const WORKER = binModule('fuzz/worker');

export interface PassOptions {
  readonly job: FuzzJob;
  readonly jobs: number;
  /** Render every seed's capsule scenario, ok or not (for the determinism re-runs). */
  readonly capsules: boolean;
  /** Each outcome, in the order of `seeds`. */
  readonly onOutcome: (outcome: SeedOutcome) => void;
}

/** Runs `seeds`; resolves with their outcomes in the same order. */
export function runPass(seeds: readonly number[], options: PassOptions): Promise<SeedOutcome[]> {
  const tasks = seeds.map((seed): SeedTask => ({ seed, capsule: options.capsules }));
  const inOrder = new InOrder<SeedOutcome>((_index, outcome) => options.onOutcome(outcome));
  return runPool(tasks, {
    worker: WORKER,
    workerData: options.job,
    jobs: options.jobs,
    onResult: (index, outcome) => inOrder.add(index, outcome),
    onWorkerLost: (task, error): SeedOutcome => ({
      seed: task.seed,
      verdict: 'crashed',
      violations: [],
      reason: `the worker thread died running this seed: ${error.name}: ${error.message}`,
      error,
    }),
  });
}
