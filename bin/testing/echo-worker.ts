/**
 * A pool worker for the pool's own tests: answers each task, a number, with ten times it, so
 * a test sees which tasks ran without running a simulation.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../fuzz/pool.ts';

const port = parentPort;
if (port === null) throw new Error('bin/testing/echo-worker runs only as a worker thread');
const post = (message: WorkerMessage<number>): void => port.postMessage(message);

port.on('message', (task: number) => post({ kind: 'result', value: task * 10 }));
post({ kind: 'ready' });
