/**
 * The worker pool reads its task list lazily and dispatches tasks in order; told to stop, it
 * starts no further task and lets those in flight finish, so the tasks that ran are always a
 * prefix of the list and the results a dense array of it, in task order.
 */
import { describe, expect, it } from 'vitest';
import { runPool, type TaskList } from './pool.ts';

const ECHO = new URL('../testing/echo-worker.ts', import.meta.url);

/** Tasks 0, 1, 2, ... up to the largest safe integer, recording which were asked for. */
function endless(): TaskList<number> & { asked: number[] } {
  const asked: number[] = [];
  return { asked, length: Number.MAX_SAFE_INTEGER, at: (i) => (asked.push(i), i) };
}

const lost = (): number => -1;

describe('the worker pool', () => {
  it('runs an array of tasks and returns the results in task order', async () => {
    const results = await runPool([1, 2, 3, 4, 5], { worker: ECHO, workerData: null, jobs: 2, onResult: () => undefined, onWorkerLost: lost });
    expect(results).toEqual([10, 20, 30, 40, 50]);
  });

  it('stops dispatching once told to, and returns the prefix of an endless list that ran', async () => {
    const tasks = endless();
    let done = 0;
    const jobs = 2;
    const results = await runPool(tasks, { worker: ECHO, workerData: null, jobs, shouldStop: () => done >= 5, onResult: () => void done++, onWorkerLost: lost });
    expect(results.length).toBeGreaterThanOrEqual(5);
    expect(results.length).toBeLessThan(5 + jobs);
    expect(results).toEqual(Array.from({ length: results.length }, (_, i) => i * 10));
    expect(tasks.asked).toEqual(Array.from({ length: results.length }, (_, i) => i));
  });

  it('runs nothing when told to stop before the first task', async () => {
    const tasks = endless();
    const results = await runPool(tasks, { worker: ECHO, workerData: null, jobs: 2, shouldStop: () => true, onResult: () => undefined, onWorkerLost: lost });
    expect(results).toEqual([]);
    expect(tasks.asked).toEqual([]);
  });
});
