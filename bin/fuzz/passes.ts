/**
 * A pass of seeds through a fresh pool of fuzz workers (`worker.ts`): each seed's outcome is
 * handed on in seed-list order as soon as every seed before it has one, so output can stream
 * and still be deterministic. A worker that dies holding a seed makes that seed `crashed`.
 * Seeds are dispatched in order and a pass told to stop lets the seeds in flight finish, so the
 * outcomes are always those of a prefix of the seed list.
 */
import { mismatches } from './determinism.ts';
import { InOrder } from './in-order.ts';
import type { SeedOutcome } from './outcome.ts';
import { binModule } from '../bin-root.ts';
import { determinismSample } from './plan.ts';
import { runPool, type TaskList } from './pool.ts';
import type { FuzzJob, SeedTask } from './seed-run.ts';

const WORKER = binModule('fuzz/worker');

export interface PassOptions {
  readonly job: FuzzJob;
  readonly jobs: number;
  /** Render every seed's capsule scenario, ok or not (for the determinism re-runs). */
  readonly capsules: boolean;
  /** Each outcome, in the order of `seeds`. */
  readonly onOutcome: (outcome: SeedOutcome) => void;
  /** Asked before each seed starts: once true, no further seed does (`pool.ts`). */
  readonly shouldStop?: () => boolean;
}

/** Runs `seeds`, or a prefix of them if told to stop; resolves with their outcomes in order. */
export function runPass(seeds: TaskList<number>, options: PassOptions): Promise<SeedOutcome[]> {
  const tasks: TaskList<SeedTask> = {
    length: seeds.length,
    at: (index) => {
      const seed = seeds.at(index);
      return seed === undefined ? undefined : { seed, capsule: options.capsules };
    },
  };
  const inOrder = new InOrder<SeedOutcome>((_index, outcome) => options.onOutcome(outcome));
  return runPool(tasks, {
    worker: WORKER,
    workerData: options.job,
    jobs: options.jobs,
    ...(options.shouldStop === undefined ? {} : { shouldStop: options.shouldStop }),
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

/**
 * `--verify-determinism k`: re-runs k of the seeds that ran (`determinismSample`), with their
 * capsule scenarios, and returns the seeds re-run (fewer if told to stop) and the outcomes
 * whose re-run disagreed, each turned into a crash (`determinism.ts`).
 */
export async function rerunPass(
  outcomes: readonly SeedOutcome[],
  k: number,
  options: Omit<PassOptions, 'capsules'>,
): Promise<{ checked: number[]; mismatched: SeedOutcome[] }> {
  const sample = determinismSample(outcomes.map((o) => o.seed), k);
  if (sample.length === 0) return { checked: [], mismatched: [] };
  const reruns = await runPass(sample, { ...options, jobs: Math.min(options.jobs, sample.length), capsules: true });
  return { checked: reruns.map((r) => r.seed), mismatched: mismatches(new Map(outcomes.map((o) => [o.seed, o])), reruns) };
}
