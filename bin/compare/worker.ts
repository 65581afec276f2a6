/**
 * The compare-configs worker thread: receives the comparison's job once (`workerData`), says it
 * is ready, then runs one pair per message and posts it back (the protocol of `bin/fuzz/pool.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Pair } from '../../reports/sweep/comparison.ts';
import type { WorkerMessage } from '../fuzz/pool.ts';
import { runPair, type ComparisonJob, type PairTask } from './pair-run.ts';

const port = parentPort;
if (port === null) throw new Error('bin/compare/worker runs only as a worker thread');
const job = workerData as ComparisonJob;
const post = (message: WorkerMessage<Pair>): void => port.postMessage(message);

port.on('message', (task: PairTask) => post({ kind: 'result', value: runPair(job, task) }));
post({ kind: 'ready' });
