/**
 * Where shrink candidates run: in this thread (one job), or on worker threads that live for
 * the whole shrink (`worker.ts`). Unlike the fuzz pool, which takes a fixed list of tasks, a
 * shrink asks for a few runs at a time and decides what to ask next from their answers, and
 * starting the threads anew for each batch would cost more than the runs.
 *
 * A batch holds at most one candidate per thread, and the answers come back in the batch's
 * order. A thread that dies while it holds a candidate answers with the error and is started
 * again for the next batch; one that dies before it is ready is a broken installation.
 */
import type { Worker } from 'node:worker_threads';
import { binModule } from '../bin-root.ts';
import { caught } from '../fuzz/outcome.ts';
import { startWorker, type WorkerMessage } from '../fuzz/pool.ts';
import { probe, type ProbeResult } from './probe.ts';

const WORKER = binModule('shrink/worker');

export interface Probes {
  /** How many candidates one batch may hold. */
  readonly width: number;
  run(texts: readonly string[]): Promise<ProbeResult[]>;
  close(): Promise<void>;
}

/** Runs candidates in this thread, one at a time. */
export const inThread: Probes = {
  width: 1,
  run: (texts) => Promise.resolve(texts.map((text) => probe(text))),
  close: () => Promise.resolve(),
};

/** `jobs` worker threads, started and ready; one job runs in this thread instead. */
export async function openProbes(jobs: number): Promise<Probes> {
  if (jobs <= 1) return inThread;
  const started = await Promise.allSettled(Array.from({ length: jobs }, () => Slot.start()));
  const slots = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(slots.map((slot) => slot.close()));
    throw failed.reason;
  }
  return {
    width: jobs,
    run: (texts) => Promise.all(texts.map(async (text, i) => (await slots[i]!.ready()).run(text))),
    close: async () => {
      await Promise.all(slots.map((slot) => slot.close()));
    },
  };
}

/** One worker thread, replaced when it dies. */
class Slot {
  private worker: Worker | undefined;
  private pending: ((result: ProbeResult) => void) | undefined;

  static async start(): Promise<Slot> {
    return new Slot().ready();
  }

  /** This slot with a live thread that has loaded its modules. */
  async ready(): Promise<this> {
    if (this.worker !== undefined) return this;
    const worker = startWorker(WORKER, undefined);
    await new Promise<void>((resolve, reject) => {
      const early = (error: unknown): void => {
        settle();
        reject(new Error(`a shrink worker failed to start: ${caught(error).message}`, { cause: error }));
      };
      const exited = (code: number): void => early(new Error(`the worker thread exited with code ${code}`));
      const ready = (message: WorkerMessage<ProbeResult>): void => {
        if (message.kind !== 'ready') return;
        settle();
        resolve();
      };
      const settle = (): void => {
        worker.off('error', early);
        worker.off('exit', exited);
        worker.off('message', ready);
      };
      worker.on('error', early);
      worker.on('exit', exited);
      worker.on('message', ready);
    });
    worker.on('message', (message: WorkerMessage<ProbeResult>) => {
      if (message.kind === 'result') this.answer(message.value);
    });
    const lost = (error: unknown): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.answer({ violated: [], error: `the worker thread died running this candidate: ${caught(error).message}` });
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the worker thread exited with code ${code}`)));
    this.worker = worker;
    return this;
  }

  run(text: string): Promise<ProbeResult> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.worker!.postMessage(text);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private answer(result: ProbeResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(result);
  }
}
