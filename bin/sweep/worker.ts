/**
 * The sweep worker thread: receives the sweep's shared job once (`workerData`), says it is
 * ready, then runs one task per message and posts its `tasks.jsonl` line back (the protocol of
 * `bin/fuzz/pool.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TaskLine } from '../../reports/sweep/task-line.ts';
import type { WorkerMessage } from '../fuzz/pool.ts';
import type { SweepTask } from './grid.ts';
import { runTask, type SweepJob } from './task-run.ts';

const port = parentPort;
if (port === null) throw new Error('bin/sweep/worker runs only as a worker thread');
const job = workerData as SweepJob;
const post = (message: WorkerMessage<TaskLine>): void => port.postMessage(message);

port.on('message', (task: SweepTask) => post({ kind: 'result', value: runTask(job, task) }));
post({ kind: 'ready' });
