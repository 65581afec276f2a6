/**
 * The writer's storage driver: boxcars redo records per protection group and ships each
 * boxcar to all of the PG's segments (A18 §2.2, A17 §3.2).
 *
 * Boxcarring without a boxcar delay: the send is requested as soon as the first record enters
 * an empty buffer, and records keep joining the buffer until the send actually runs. What
 * decides when it runs is the driver itself: it is one thread that spends `sendCost` µs of
 * CPU per network send (one batch to one segment), serving PGs in FIFO order. At low load
 * every record goes out alone; as load rises, records queue behind the driver's work and ride
 * together, which is why network I/Os per commit fall with load (A17 Table 1).
 *
 * A batch lost on the way to every segment that could take it is not the driver's to notice:
 * the writer keeps each PG's records until its PGCL covers them and hands them back to the
 * driver after a while (uncovered-records.ts), and they go out again as any other records.
 *
 * With a run's I/O detail, each boxcar is traced as it ships (`batch.send`), numbered by the
 * driver's count of boxcars: the model itself gives a batch no name.
 *
 * Not modelled: per-node write buffers grouping several PGs into one packet (each batch
 * carries one PG).
 */
import type { Loop } from '../core/loop.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { VolumeState, WriteBatch } from '../protocol/messages.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { PgMemberships } from '../quorum/membership.ts';
import type { Topology } from '../topology/topology.ts';

export interface StorageDriverOptions {
  /** The writer's host: batches leave from it. */
  readonly host: number;
  /** CPU µs per network send. */
  readonly sendCost: number;
  /** Wire bytes of one record: its payload and its header (`RECORD_HEADER_BYTES`). */
  readonly recordWireBytes: number;
  /** Who the PGs' members are now: batches go to every slot of every member set. */
  readonly memberships: PgMemberships;
  /** The trace, only when the run asks for I/O detail (`batch.send`). */
  readonly detail?: ModelTrace;
}

export class StorageDriver {
  /** Network sends issued (one per batch per segment). */
  sends = 0;
  batches = 0;
  /** Records shipped (each counted once, though it goes to every segment). */
  recordsSent = 0;
  /** Each PG's boxcar, meaningful while the PG is queued (a new array per boxcar: it travels in the batch). */
  private readonly buffers: LogRecord[][];
  private readonly bufferBytes: Float64Array;
  private readonly queued: Uint8Array;
  /** Queued PGs in FIFO order, as a ring: a PG is queued at most once, so it never overflows. */
  private readonly fifo: Int32Array;
  private fifoHead = 0;
  private fifoCount = 0;
  private busy = false;
  private stopped = false;
  /** Supplies what each batch carries besides records: the writer sets it. */
  stamp: () => { volume: VolumeState; vdl: number } = () => ({ volume: { epoch: 1, truncations: [] }, vdl: 0 });
  private readonly loop: Loop;
  private readonly net: Network;
  private readonly topology: Topology;
  private readonly options: StorageDriverOptions;

  constructor(loop: Loop, net: Network, topology: Topology, options: StorageDriverOptions) {
    this.loop = loop;
    this.net = net;
    this.topology = topology;
    this.options = options;
    const pgs = topology.protectionGroups;
    this.buffers = Array.from({ length: pgs }, () => []);
    this.bufferBytes = new Float64Array(pgs);
    this.queued = new Uint8Array(pgs);
    this.fifo = new Int32Array(pgs);
  }

  /** The writer is gone: drop what is buffered and send nothing more. */
  stop(): void {
    this.stopped = true;
    this.fifoCount = 0;
  }

  enqueue(record: LogRecord): void {
    if (this.stopped) return;
    const pg = record.pg;
    this.bufferBytes[pg]! += this.options.recordWireBytes;
    if (this.queued[pg] === 1) {
      this.buffers[pg]!.push(record);
      return;
    }
    // Born holding its first record: most boxcars carry one or two, and an empty array would
    // grow to 17 slots (a builtin call) on its first push.
    this.buffers[pg] = [record];
    this.queued[pg] = 1;
    this.fifo[(this.fifoHead + this.fifoCount) % this.fifo.length] = pg;
    this.fifoCount++;
    if (!this.busy) {
      this.busy = true;
      this.loop.after(0, this.run);
    }
  }

  /** Ships the oldest queued PG's boxcar, then stays busy for the CPU cost of the sends. */
  private readonly run = (): void => {
    if (this.stopped || this.fifoCount === 0) {
      this.busy = false;
      return;
    }
    const pg = this.fifo[this.fifoHead]!;
    this.fifoHead = (this.fifoHead + 1) % this.fifo.length;
    this.fifoCount--;
    const { volume, vdl } = this.stamp();
    const memberships = this.options.memberships;
    const batch: WriteBatch = { type: 'write', pg, records: this.buffers[pg]!, volume, vdl, membership: memberships.stamp(pg) };
    const bytes = this.bufferBytes[pg]!;
    this.bufferBytes[pg] = 0;
    this.queued[pg] = 0;
    const writer = this.options.host;
    let sent = 0;
    for (let s = 0, bits = memberships.mask(pg); bits !== 0; s++, bits >>>= 1) {
      if ((bits & 1) === 0) continue;
      this.net.send(writer, this.topology.nodeOf(pg, s), bytes, batch);
      sent++;
    }
    this.sends += sent;
    const members = sent;
    this.batches++;
    this.recordsSent += batch.records.length;
    const detail = this.options.detail;
    if (detail !== undefined) detail.emitDetail('batch.send', writer, this.batches, pg, batch.records.length, batch.records.at(-1)!.lsn);
    this.loop.after(this.options.sendCost * members, this.run);
  };
}
