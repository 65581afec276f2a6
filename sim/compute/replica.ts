/**
 * A read replica: applies the writer's redo stream to its view, never past the VDL it has
 * been told (A17 §4.2.4 rule (a); A18 §3.3's "above the VDL" is a typo, PROTOCOL.md erratum
 * E2), in LSN order and whole MTRs at a time (VDL is always an MTR boundary), and records
 * replica lag: the time from the writer's commit acknowledgement to the commit becoming
 * visible here.
 *
 * Chunks are applied in sequence order. A writer's stream starts at its chunk 0, which every
 * replica running when the writer starts is sent; a replica added or restarted while the
 * writer runs is told by the writer the sequence it was added at (`joinStream`), since what
 * was sent before never reaches it. Chunks that arrive ahead of a missing one wait for it: the
 * network reorders (a replica used to take the first chunk it heard as the start, and lost
 * what an overtaken chunk carried).
 *
 * The network also loses chunks, and the stream resends none. When a missing chunk has not come
 * within the gap wait of a later one's arrival, the replica takes it as lost and moves on to the
 * first chunk it holds (PROTOCOL.md §7.1), so it holds no more than one gap wait's chunks. What
 * the lost chunk carried is durable on storage once the VDL covers it, where a replica can read
 * the pages from instead; the model counts those records (`fetched`, from the jump in LSNs: a
 * writer's LSNs are consecutive within its epoch) and does not model the reads. Its commit
 * notices are lost with it: those commits become visible, but their lag is not measured.
 *
 * It also watches the writer: when no chunk (heartbeats included) has arrived for the
 * detection time, it reports the writer lost, with its epoch, which may make it the new writer
 * (failover, PROTOCOL.md §8.4). The writer it watches is the newest it has heard of, from a
 * chunk or from the control plane, which tells it of every new writer as it starts (`joinStream`):
 * silence is measured from then, so a writer that dies before its first chunk reaches this
 * replica is still reported, in its own epoch (one used to be reported in its predecessor's,
 * which the control plane ignores, and was never failed over). A chunk from a newer epoch
 * starts a new stream (a new writer).
 *
 * Not modelled: the replica's buffer cache (records for uncached pages would be discarded;
 * the count of applied records is the same either way), reads, undo and read views, and the
 * storage reads that stand in for lost chunks (their cost and their latency).
 */
import { shouldCompact } from '../core/compaction.ts';
import { IntMap } from '../core/int-map.ts';
import type { Loop } from '../core/loop.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { ReplicationChunk } from '../protocol/messages.ts';
import { Histogram } from '../metrics/histogram.ts';
import type { StreamPosition } from './replication-stream.ts';

export interface ReplicaOptions {
  readonly heartbeatInterval: number;
  /**
   * How long a missing chunk is waited for once a later one has arrived, µs: after that the
   * replica takes the chunks it holds and reads what it missed from storage.
   */
  readonly gapWait: number;
  /** Silence after which the writer is reported lost, µs; 0 disables detection. */
  readonly detection: number;
  /** Called when the writer of `epoch` has been silent for the detection time. */
  readonly onWriterLost: (replica: Replica, epoch: number) => void;
}

export class Replica {
  readonly id: number;
  readonly host: number;
  readonly lagUs: Histogram;
  vdl = 0;
  /** Records applied from the stream. */
  applied = 0;
  /** Records of chunks it never received, counted as read from storage instead. */
  fetched = 0;
  /** Chunks it gave up waiting for. */
  chunksMissed = 0;
  down = false;
  private paused = false;
  /**
   * The stream this replica takes: its writer's epoch (0: none heard of yet), which is also the
   * writer it watches, and the next chunk it applies.
   */
  private epoch = 0;
  private nextSequence = 0;
  /** When it last heard the writer it watches, or was told of it. */
  private lastHeardAt = 0;
  /** Chunks that arrived ahead of the next sequence number (the network reorders, or loses one). */
  private readonly early = new IntMap<ReplicationChunk>();
  /**
   * (sequence, arrival time) of the chunks put in `early`, flattened, in arrival order; entries
   * for chunks since taken are dropped lazily. The first live one dates the oldest gap.
   */
  private arrivals: number[] = [];
  private arrivalsHead = 0;
  private gapWatchArmed = false;
  /** LSN of the last record received in this stream (0: none yet): a skip shows as a jump past it. */
  private lastLsn = 0;
  /**
   * Records received but above the known VDL, in LSN order: the chunks' own record arrays
   * (only read), from `pendingIndex` of the one at `pendingHead`, rather than a copy of each
   * record's LSN.
   */
  private pending: (readonly LogRecord[])[] = [];
  private pendingHead = 0;
  private pendingIndex = 0;
  /** (commit LSN, acknowledgement time) pairs not yet visible, flattened. */
  private commits: number[] = [];
  private commitHead = 0;
  private retired = false;
  private readonly loop: Loop;
  private readonly trace: ModelTrace;
  private readonly options: ReplicaOptions;

  constructor(id: number, host: number, ports: { loop: Loop; trace: ModelTrace; net: Network }, options: ReplicaOptions, lag = new Histogram()) {
    this.id = id;
    this.host = host;
    this.loop = ports.loop;
    this.trace = ports.trace;
    this.options = options;
    this.lagUs = lag;
    this.lastHeardAt = ports.loop.now;
    ports.net.attach(host, this.onMessage);
    if (options.detection > 0) ports.loop.after(options.heartbeatInterval, this.onWatch);
  }

  /** A paused process notices nothing: it must not take its own freeze for the writer's silence. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.lastHeardAt = this.loop.now;
  }

  /** The process died: its view and stream position are gone. */
  crash(): void {
    this.down = true;
  }

  /** The process starts again, joining the writer's stream at `at` (see `joinStream`). */
  restart(at: StreamPosition): void {
    this.down = false;
    this.dropUnconfirmed();
    this.commits = [];
    this.commitHead = 0;
    this.lastHeardAt = this.loop.now;
    this.lastLsn = 0;
    this.forgetEarly();
    this.joinStream(at);
  }

  /**
   * The control plane says the writer's stream stands at `at`: this replica was added as a
   * receiver then (the chunks before it were sent elsewhere, or before this process existed, so
   * the stream starts here for it), or a new writer started, whose stream starts at its chunk 0.
   * A writer of a newer epoch is watched from now on, as if it had been heard. A position older
   * than the stream it already takes changes nothing.
   */
  joinStream(at: StreamPosition): void {
    if (at.epoch < this.epoch || (at.epoch === this.epoch && at.sequence <= this.nextSequence)) return;
    if (at.epoch > this.epoch) {
      this.dropUnconfirmed();
      this.lastHeardAt = this.loop.now;
    }
    this.epoch = at.epoch;
    this.nextSequence = at.sequence;
    this.lastLsn = 0;
    this.forgetEarly();
  }

  /**
   * When the writer acknowledged the oldest commit this replica received and has not made
   * visible (its notice waits for the VDL, or for a chunk ahead of it); undefined if none.
   */
  oldestInvisibleAck(): number | undefined {
    let oldest = this.commitHead < this.commits.length ? this.commits[this.commitHead + 1] : undefined;
    for (const { commits } of this.early.valueList()) {
      if (commits.length > 0 && (oldest === undefined || commits[1]! < oldest)) oldest = commits[1];
    }
    return oldest;
  }

  /** This replica became the writer (or left): it stops watching and applying. */
  retire(): void {
    this.retired = true;
  }

  private readonly onMessage = (message: { readonly type: string }): void => {
    // Storage may still think this host is the writer (it was, before a failover) and report
    // an SCL to it: a replica takes only the replication stream.
    if (message.type !== 'replication') return;
    const chunk = message as ReplicationChunk;
    if (this.retired || this.down || chunk.epoch < this.epoch) return;
    this.lastHeardAt = this.loop.now;
    if (chunk.epoch > this.epoch) {
      // A new writer, whose stream this replica was sent from its chunk 0 (one added later was
      // told where it joined). Records of the old one above our VDL were never confirmed and
      // may be truncated by its recovery; acknowledged commits stay pending until the new VDL.
      this.dropUnconfirmed();
      this.epoch = chunk.epoch;
      this.nextSequence = 0;
      this.lastLsn = 0;
      this.forgetEarly();
    }
    if (chunk.sequence !== this.nextSequence) {
      if (chunk.sequence > this.nextSequence && this.early.get(chunk.sequence) === undefined) this.hold(chunk);
      return;
    }
    this.take(chunk);
    this.takeHeld();
  };

  private hold(chunk: ReplicationChunk): void {
    this.early.set(chunk.sequence, chunk);
    this.arrivals.push(chunk.sequence, this.loop.now);
    if (!this.gapWatchArmed) this.watchGap(this.options.gapWait);
  }

  /** Takes the held chunks that follow on from the next sequence number. */
  private takeHeld(): void {
    let next = this.early.get(this.nextSequence);
    while (next !== undefined) {
      this.early.delete(next.sequence);
      this.take(next);
      next = this.early.get(this.nextSequence);
    }
    if (this.early.size === 0) this.forgetEarly();
  }

  private watchGap(delay: number): void {
    this.gapWatchArmed = true;
    this.loop.after(delay, this.onGapWatch);
  }

  /**
   * A chunk has been missing for the gap wait since a later one arrived: it is lost (the stream
   * resends nothing). The replica moves on to the first chunk it holds and reads what the lost
   * ones carried from storage, where it is durable up to the VDL (PROTOCOL.md §7.1).
   */
  private readonly onGapWatch = (): void => {
    this.gapWatchArmed = false;
    if (this.retired || this.down) return;
    const since = this.oldestGapSince();
    if (since === undefined) return;
    if (this.paused) return this.watchGap(this.options.gapWait);
    if (this.loop.now - since < this.options.gapWait) return this.watchGap(since + this.options.gapWait - this.loop.now);
    let first = Infinity;
    for (const { sequence } of this.early.valueList()) first = Math.min(first, sequence);
    this.chunksMissed += first - this.nextSequence;
    this.nextSequence = first;
    this.takeHeld();
    const next = this.oldestGapSince();
    if (next !== undefined) this.watchGap(Math.max(0, next + this.options.gapWait - this.loop.now));
  };

  /** When the first chunk still held arrived, or undefined if none is. */
  private oldestGapSince(): number | undefined {
    let head = this.arrivalsHead;
    while (head < this.arrivals.length && this.early.get(this.arrivals[head]!) === undefined) head += 2;
    this.arrivalsHead = head;
    if (shouldCompact(head, this.arrivals.length)) {
      this.arrivals = this.arrivals.slice(head);
      this.arrivalsHead = 0;
    }
    return this.arrivalsHead < this.arrivals.length ? this.arrivals[this.arrivalsHead + 1] : undefined;
  }

  private forgetEarly(): void {
    this.early.clear();
    this.arrivals.length = 0;
    this.arrivalsHead = 0;
  }

  private readonly onWatch = (): void => {
    if (this.retired) return;
    this.loop.after(this.options.heartbeatInterval, this.onWatch);
    if (this.down || this.paused || this.epoch === 0) return;
    if (this.loop.now - this.lastHeardAt >= this.options.detection) {
      this.lastHeardAt = this.loop.now;
      this.options.onWriterLost(this, this.epoch);
    }
  };

  private dropUnconfirmed(): void {
    this.pending = [];
    this.pendingHead = 0;
    this.pendingIndex = 0;
  }

  private take(chunk: ReplicationChunk): void {
    this.nextSequence++;
    const { records, commits } = chunk;
    if (records.length > 0) {
      // A writer's LSNs are consecutive within its epoch: a jump is what skipped chunks carried.
      if (this.lastLsn > 0) this.fetched += records[0]!.lsn - this.lastLsn - 1;
      this.lastLsn = records[records.length - 1]!.lsn;
      this.pending.push(records);
    }
    for (let i = 0; i < commits.length; i++) this.commits.push(commits[i]!);
    if (chunk.vdl > this.vdl) this.apply(chunk.vdl);
  }

  private apply(vdl: number): void {
    this.vdl = vdl;
    while (this.pendingHead < this.pending.length) {
      const records = this.pending[this.pendingHead]!;
      let i = this.pendingIndex;
      while (i < records.length && records[i]!.lsn <= vdl) i++;
      this.applied += i - this.pendingIndex;
      if (i < records.length) {
        this.pendingIndex = i;
        break;
      }
      this.pendingHead++;
      this.pendingIndex = 0;
    }
    while (this.commitHead < this.commits.length && this.commits[this.commitHead]! <= vdl) {
      this.lagUs.add(this.loop.now - this.commits[this.commitHead + 1]!);
      this.commitHead += 2;
    }
    this.compact();
    this.trace.emit('replica.vdl', this.id, vdl);
  }

  private compact(): void {
    if (shouldCompact(this.pendingHead, this.pending.length)) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
    if (shouldCompact(this.commitHead, this.commits.length)) {
      this.commits = this.commits.slice(this.commitHead);
      this.commitHead = 0;
    }
  }
}
