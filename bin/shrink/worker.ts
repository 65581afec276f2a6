/**
 * The shrink worker thread: says it is ready, then runs one candidate text per message and
 * posts what it violated back (`probe.ts`). It lives as long as the shrink, so the simulator's
 * modules load once per thread, not once per candidate.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from '../fuzz/pool.ts';
import { probe, type ProbeResult } from './probe.ts';

const port = parentPort;
if (port === null) throw new Error('bin/shrink/worker runs only as a worker thread');
const post = (message: WorkerMessage<ProbeResult>): void => port.postMessage(message);

port.on('message', (text: string) => post({ kind: 'result', value: probe(text) }));
post({ kind: 'ready' });
