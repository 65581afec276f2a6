/**
 * A fixed pool of worker threads (node:worker_threads, without piscina; ARCHITECTURE.md §5.4)
 * that runs a list of tasks and hands each result back with the task's index, so the caller
 * can order results by task, never by completion.
 *
 * Tasks are dispatched in list order, one at a time as workers come free, and the list is read
 * lazily (`TaskList`), so a campaign bounded by time can hand in every seed up to the largest
 * without an array of them. Before each dispatch the pool asks `shouldStop`; once it says yes,
 * no further task starts and the tasks in flight finish. The tasks that ran are then always a
 * prefix of the list, and the results a dense array of it.
 *
 * Each worker receives `workerData` once, says `ready` when its modules have loaded, then takes
 * one task at a time. A worker that dies while it holds a task (out of memory, a native crash)
 * turns that task into a result through `onWorkerLost` and is replaced; a worker that dies
 * before it is ready is a broken installation, not a seed's fault, and rejects the whole run.
 * Once every task has a result, or `onResult` throws, every worker is terminated.
 */
import { Worker } from 'node:worker_threads';
import { caught, type CaughtError } from './outcome.ts';

/** What a pool worker posts: `ready` once, then one `result` per task. */
export type WorkerMessage<R> = { readonly kind: 'ready' } | { readonly kind: 'result'; readonly value: R };

export interface PoolOptions<T, R> {
  /** The worker module (`binModule` in bin-root.ts). */
  readonly worker: URL;
  readonly workerData: unknown;
  /** At most this many threads, and never more than there are tasks. */
  readonly jobs: number;
  /** Asked before each task is dispatched; once it answers true, no further task is. */
  readonly shouldStop?: () => boolean;
  /** Called once per task, in completion order; a throw stops the pool and rejects the run. */
  readonly onResult: (index: number, result: R) => void;
  /** The result of a task whose worker died holding it. */
  readonly onWorkerLost: (task: T, error: CaughtError) => R;
}

/** The tasks of a pool: an array, or anything that hands out task `i` on demand (a range). */
export interface TaskList<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** Runs `tasks`, or a prefix of them if told to stop; resolves with the results in task order. */
export function runPool<T, R>(tasks: TaskList<T>, options: PoolOptions<T, R>): Promise<R[]> {
  return new Promise((resolve, reject) => {
    const results: R[] = [];
    const workers = new Set<Worker>();
    let next = 0;
    let completed = 0;
    let stopped = false;
    let settled = false;

    /** Whether task `next` may start; once told to stop, the pool stays stopped. */
    const more = (): boolean => {
      if (stopped || next >= tasks.length) return false;
      stopped = options.shouldStop?.() === true;
      return !stopped;
    };

    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      workers.clear();
      if (error === undefined) resolve(results);
      else reject(error instanceof Error ? error : new Error(String(error)));
    };

    const record = (index: number, result: R): void => {
      results[index] = result;
      completed++;
      try {
        options.onResult(index, result);
      } catch (error) {
        finish(error);
      }
    };

    const spawn = (): void => {
      const worker = startWorker(options.worker, options.workerData);
      workers.add(worker);
      let ready = false;
      let holding: number | undefined;
      const feed = (): void => {
        if (settled) return;
        if (!more()) {
          workers.delete(worker);
          void worker.terminate();
          if (completed === next) finish();
          return;
        }
        holding = next++;
        worker.postMessage(tasks.at(holding));
      };
      const lost = (error: unknown): void => {
        workers.delete(worker);
        if (settled) return;
        if (!ready) {
          finish(new Error(`a fuzz worker failed to start: ${caught(error).message}`, { cause: error }));
          return;
        }
        if (holding === undefined) return;
        const index = holding;
        holding = undefined;
        record(index, options.onWorkerLost(tasks.at(index)!, caught(error)));
        if (settled) return;
        if (more()) spawn();
        else if (completed === next) finish();
      };
      worker.on('message', (message: WorkerMessage<R>) => {
        if (message.kind === 'ready') ready = true;
        else if (holding !== undefined) {
          const index = holding;
          holding = undefined;
          record(index, message.value);
        }
        feed();
      });
      worker.on('error', lost);
      worker.on('exit', (code) => lost(new Error(`the worker thread exited with code ${code}`)));
    };

    // `shouldStop` is first asked when a worker is ready for its first task, not before.
    if (tasks.length === 0) {
      finish();
      return;
    }
    for (let i = 0; i < Math.min(Math.max(1, options.jobs), tasks.length); i++) spawn();
  });
}

/**
 * A worker running `module`. Under tsx (a `.ts` module) the thread first registers tsx's
 * loader itself: on Node 20, module hooks from `--import tsx` do not reach worker threads.
 */
export function startWorker(module: URL, workerData: unknown): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
