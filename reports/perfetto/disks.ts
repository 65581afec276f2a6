/**
 * Disk writes, from the run's I/O detail: a slice per write on the thread of its segment on the
 * storage node that ran it, from entering service to durable (`disk.start` .. `disk.done`),
 * named for what it wrote (`write N records`, or `write volume state` for a recovery's or a
 * truncation's request), with the disk's number for the write and the records. A
 * write a crash dropped (`disk.lost`) ends there, `outcome: "lost in a crash"`; one still in
 * service when the timeline ends ends with it. How long writes waited for the disk shows in
 * the node's queue counters, not here.
 *
 * A node's disk serves up to `diskQueueDepth` writes at once, so writes of one segment overlap,
 * and slices on one thread must nest: a write that starts while its segment's thread is busy
 * goes to the first free lane below it (`pg P segment S (disk N)`), up to `LANES`.
 *
 * Bounded: a segment draws a write only when a lane is free and no sooner than `gap` after the
 * last one it drew began; what is kept is the drawn writes still in service.
 */
import { MAX_SLOTS } from '../../sim/index.ts';
import type { EventOut } from './out.ts';
import type { Tracks } from './tracks.ts';

const LANES = 4;

interface OpenWrite {
  readonly node: number;
  readonly write: number;
  readonly pg: number;
  readonly slot: number;
  readonly records: number;
  readonly lane: number;
  readonly start: number;
}

export class DiskWrites {
  private readonly out: EventOut;
  private readonly tracks: Tracks;
  private readonly gap: number;
  /** Drawn writes in service, by node and the disk's number for them. */
  private readonly open = new Map<number, OpenWrite>();
  /** Lanes in use, as bits, by node and segment. */
  private readonly lanes = new Map<number, number>();
  /** When each segment (pg * MAX_SLOTS + slot) may next draw a write. */
  private readonly nextStart: Float64Array;

  constructor(out: EventOut, tracks: Tracks, gap: number) {
    this.out = out;
    this.tracks = tracks;
    this.gap = gap;
    this.nextStart = new Float64Array(tracks.topology.protectionGroups * MAX_SLOTS).fill(-Infinity);
  }

  start(time: number, node: number, write: number, pg: number, slot: number, records: number): void {
    const segment = pg * MAX_SLOTS + slot;
    if (time < this.nextStart[segment]!) return;
    const thread = this.threadKey(node, segment);
    const busy = this.lanes.get(thread) ?? 0;
    let lane = 0;
    while (lane < LANES && (busy & (1 << lane)) !== 0) lane++;
    if (lane === LANES) return;
    this.lanes.set(thread, busy | (1 << lane));
    this.nextStart[segment] = time + this.gap;
    this.open.set(key(node, write), { node, write, pg, slot, records, lane, start: time });
  }

  done(time: number, node: number, write: number): void {
    const open = this.open.get(key(node, write));
    if (open !== undefined) this.close(open, time);
  }

  /** The node crashed: its writes in service never complete. */
  lost(time: number, node: number): void {
    for (const open of [...this.open.values()]) if (open.node === node) this.close(open, time, 'lost in a crash');
  }

  finish(time: number): void {
    for (const open of [...this.open.values()]) this.close(open, time, 'in service at the end');
  }

  /** A segment's threads on one node. */
  private threadKey(node: number, segment: number): number {
    return node * this.nextStart.length + segment;
  }

  private close(w: OpenWrite, time: number, outcome?: string): void {
    this.open.delete(key(w.node, w.write));
    const thread = this.threadKey(w.node, w.pg * MAX_SLOTS + w.slot);
    const busy = (this.lanes.get(thread) ?? 0) & ~(1 << w.lane);
    if (busy === 0) this.lanes.delete(thread);
    else this.lanes.set(thread, busy);
    const [pid, tid] = this.tracks.segmentOn(w.node, w.pg, w.slot, w.lane);
    const name = w.records === 0 ? 'write volume state' : `write ${w.records} record${w.records === 1 ? '' : 's'}`;
    this.out.slice(name, pid, tid, w.start, time, { write: w.write, records: w.records, ...(outcome === undefined ? {} : { outcome }) });
  }
}

/** A write by its node and the disk's number for it (below 2^32 for any run the loop can hold). */
function key(node: number, write: number): number {
  return node * 2 ** 32 + write;
}
