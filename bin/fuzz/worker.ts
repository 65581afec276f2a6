/**
 * The fuzz worker thread: receives the fuzz's shared job once (`workerData`), says it is ready,
 * then runs one seed per message and posts its outcome back (`pool.ts` for the protocol). Every
 * run starts from the scenario text, so nothing of one seed's run reaches the next one but the
 * module state of the simulator itself, which is what `--verify-determinism` checks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SeedOutcome } from './outcome.ts';
import type { WorkerMessage } from './pool.ts';
import { runSeed, type FuzzJob, type SeedTask } from './seed-run.ts';

const port = parentPort;
if (port === null) throw new Error('bin/fuzz/worker runs only as a worker thread');
const job = workerData as FuzzJob;
const post = (message: WorkerMessage<SeedOutcome>): void => port.postMessage(message);

port.on('message', (task: SeedTask) => post({ kind: 'result', value: runSeed(job, task) }));
post({ kind: 'ready' });
