/**
 * The storage driver's batches and their acknowledgements, from the run's I/O detail. A batch
 * (`batch.send`) is a slice on its writer host's `storage driver` thread for the time the
 * driver spends shipping it (`writer.sendCost` for each segment it goes to, every slot of the
 * PG's membership then), named `batch N` with its PG, records and last LSN. From it a flow
 * arrow (`cat` `batch`, name `write`) goes to an `ack` mark on each segment's thread when that
 * segment acknowledges the write (`ack.send`; storage names a batch by its last LSN, so a
 * retransmission that ends on the same LSN as an earlier batch takes that batch's late acks),
 * and from the mark an arrow (name `ack`) to an `ack` mark on the writer's `pg N in flight`
 * thread when the acknowledgement arrives (`ack.arrive`, matched by segment and SCL). An
 * acknowledgement lost on the way has no second arrow.
 *
 * Bounded: a PG follows a new batch no sooner than `gap` after the last one it followed, and
 * keeps its last `KEPT` batches for acknowledgements and its last `PENDING` acknowledgements
 * on their way; a batch is forgotten once every segment it went to has acknowledged it. An
 * arrow is written only with both its ends in the window.
 */
import { decodeReplacements, MAX_SLOTS, popcount } from '../../sim/index.ts';
import type { EventOut } from './out.ts';
import { hostPid, THREAD, type Tracks } from './tracks.ts';

const KEPT = 4;
const PENDING = 4 * MAX_SLOTS;
const CAT = 'batch';

interface Batch {
  readonly host: number;
  readonly lsn: number;
  readonly start: number;
  /** Segments it went to, and those whose acknowledgement has been drawn, as bits. */
  readonly sentTo: number;
  acked: number;
}

interface Ack {
  readonly host: number;
  readonly slot: number;
  readonly scl: number;
  readonly time: number;
  readonly pid: number;
  readonly tid: number;
}

export class Batches {
  private readonly out: EventOut;
  private readonly tracks: Tracks;
  private readonly gap: number;
  private readonly sendCost: number;
  /** Each PG's slots that receive its writes (from `membership` events). */
  private readonly members: number[];
  private readonly followed: Batch[][];
  private readonly pending: Ack[][];
  private readonly nextStart: Float64Array;
  private ids = 0;

  constructor(out: EventOut, tracks: Tracks, gap: number, sendCost: number) {
    this.out = out;
    this.tracks = tracks;
    this.gap = gap;
    this.sendCost = sendCost;
    const { protectionGroups, segmentsPerPg } = tracks.topology;
    this.members = new Array<number>(protectionGroups).fill((1 << segmentsPerPg) - 1);
    this.followed = Array.from({ length: protectionGroups }, () => []);
    this.pending = Array.from({ length: protectionGroups }, () => []);
    this.nextStart = new Float64Array(protectionGroups).fill(-Infinity);
  }

  /** The PG's membership changed: its writes go to every slot of `base` and of each replacement. */
  membership(pg: number, base: number, replacements: number): void {
    this.members[pg] = decodeReplacements(replacements).reduce((mask, [, to]) => mask | (1 << to), base);
  }

  send(time: number, host: number, batch: number, pg: number, records: number, lsn: number): void {
    if (time < this.nextStart[pg]!) return;
    this.nextStart[pg] = time + this.gap;
    const sentTo = this.members[pg]!;
    const [pid, tid] = this.tracks.thread(hostPid(host), THREAD.driver, 'storage driver');
    this.out.slice(`batch ${batch}`, pid, tid, time, time + this.sendCost * popcount(sentTo), { pg, batch, records, lsn });
    const followed = this.followed[pg]!;
    if (followed.length === KEPT) followed.shift();
    followed.push({ host, lsn, start: time, sentTo, acked: 0 });
  }

  /** The segment in `slot` of `pg`, on `node`, acknowledged the write whose last record is `lsn`. */
  ackSent(time: number, node: number, pg: number, slot: number, lsn: number, scl: number): void {
    const followed = this.followed[pg]!;
    const bit = 1 << slot;
    let index = followed.length - 1;
    while (index >= 0 && !(followed[index]!.lsn === lsn && (followed[index]!.acked & bit) === 0)) index--;
    if (index < 0) return;
    const batch = followed[index]!;
    batch.acked |= bit;
    if ((batch.acked & batch.sentTo) === batch.sentTo) followed.splice(index, 1);
    const [pid, tid] = this.tracks.segmentOn(node, pg, slot);
    this.out.slice('ack', pid, tid, time, time, { pg, segment: slot, lsn, scl });
    const [driver, thread] = this.tracks.thread(hostPid(batch.host), THREAD.driver, 'storage driver');
    this.arrow('write', batch.start, driver, thread, time, pid, tid);
    const pending = this.pending[pg]!;
    if (pending.length === PENDING) pending.shift();
    pending.push({ host: batch.host, slot, scl, time, pid, tid });
  }

  /** An acknowledgement from the segment in `slot` of `pg` reached the writer on `host`. */
  ackArrived(time: number, host: number, pg: number, slot: number, scl: number, epoch: number): void {
    const pending = this.pending[pg]!;
    const index = pending.findIndex((a) => a.host === host && a.slot === slot && a.scl === scl);
    if (index < 0) return;
    const ack = pending[index]!;
    pending.splice(index, 1);
    const [pid, tid] = this.tracks.thread(hostPid(host), THREAD.inFlight + pg, `pg ${pg} in flight`);
    this.out.slice('ack', pid, tid, time, time, { segment: slot, scl, epoch });
    this.arrow('ack', ack.time, ack.pid, ack.tid, time, pid, tid);
  }

  /** A flow from one thread to another, bound to the slices there; written whole or not at all. */
  private arrow(name: string, from: number, pid: number, tid: number, to: number, toPid: number, toTid: number): void {
    const { window } = this.out;
    if (from < window.from || to > window.to) return;
    const id = ++this.ids;
    this.out.point({ name, cat: CAT, ph: 's', ts: from, pid, tid, id });
    this.out.point({ name, cat: CAT, ph: 'f', bp: 'e', ts: to, pid: toPid, tid: toTid, id });
  }
}
