/**
 * A storage node's disk as the trace's I/O detail sees it (`disk.start`, `disk.done`,
 * `disk.queue`, `disk.lost`): only built when a run asks for that detail, so a run without it
 * pays nothing here. It reads the disk's jobs and draws nothing, so it cannot change the run.
 *
 * A write is named by the disk's count of writes that entered service; the names of the writes
 * in service are kept until they complete or a crash drops them, so what is kept is bounded by
 * the disk's queue depth.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { DiskJob, DiskWatch } from './disk.ts';
import type { PersistJob } from './persist-job.ts';

export class DiskTrace implements DiskWatch {
  private readonly node: number;
  private readonly trace: ModelTrace;
  private readonly inService = new Map<DiskJob, number>();

  constructor(node: number, trace: ModelTrace) {
    this.node = node;
    this.trace = trace;
  }

  started(job: DiskJob, write: number): void {
    const { segment, records } = job as PersistJob;
    this.inService.set(job, write);
    this.trace.emitDetail('disk.start', this.node, write, segment.pg, segment.index, records.length);
  }

  done(job: DiskJob): void {
    const write = this.inService.get(job);
    if (write === undefined) return;
    this.inService.delete(job);
    const { segment } = job as PersistJob;
    this.trace.emitDetail('disk.done', this.node, write, segment.pg, segment.index);
  }

  queue(waiting: number, inService: number): void {
    this.trace.emitDetail('disk.queue', this.node, waiting, inService);
  }

  lost(writes: number): void {
    this.inService.clear();
    this.trace.emitDetail('disk.lost', this.node, writes);
  }
}
