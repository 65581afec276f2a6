/**
 * The `check` worker thread: receives the repository root once (`workerData`), says it is
 * ready, then runs one golden run per message and posts its outcome back (the protocol of
 * `fuzz/pool.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../fuzz/pool.ts';
import { goldenOutcome, type GoldenOutcome, type GoldenRun } from './run.ts';

const port = parentPort;
if (port === null) throw new Error('bin/golden/worker runs only as a worker thread');
const root = (workerData as { root: string }).root;
const post = (message: WorkerMessage<GoldenOutcome>): void => port.postMessage(message);

port.on('message', (run: GoldenRun) => post({ kind: 'result', value: goldenOutcome(root, run) }));
post({ kind: 'ready' });
