/**
 * Volume recovery, run by a writer that restarts after a crash or by a replica promoted in a
 * failover (PROTOCOL.md §8.2; the same procedure opens a volume).
 *
 * 1. Fence and read. Send the new volume epoch to every segment. A segment makes the epoch
 *    durable and then reports its SCL, its VDL hint and the headers of the records it holds
 *    above the hint. We wait until, in every PG, (a) a *write* quorum has answered: the new
 *    epoch then sits on a write quorum, so no older writer can ever again gather one (A18
 *    §2.4; the fence goes in before the truncation, §8.2 step 6's [U] resolved as "bump
 *    first", since the old writer may still be alive); and (b) a *read* quorum of *intact*
 *    segments has answered (A17 §4.3). A segment that lost its data, or a new one still
 *    waiting for its copy, takes the fence but knows nothing of what was written: counting
 *    its empty answer toward the read quorum is how a recovery after AZ+1 data loss would
 *    miss the one survivor holding the latest commits. The new end G of a pending
 *    replacement F -> G does not count either: it joined after earlier records reached their
 *    write quorums, so a read set that leans on it need not meet them; a read quorum of the
 *    settled members does. Segments whose answer did not count are asked again.
 * 2. Compute. Per PG, take the intact answer with the highest SCL; walk the volume's LSNs upward
 *    from the highest VDL hint (everything at or below it was already durable), skipping old
 *    truncation ranges, while some PG holds the LSN: the walk ends at VCL. VDL is the last
 *    CPL on the walk (§2.1: not min(PGCL)). The walk covers only the ragged edge, so its cost
 *    does not grow with the length of the log.
 * 3. Truncate. Write the range (VDL, max(VDL, last truncation end) + LAL] with the new epoch
 *    to every segment; every LSN an older writer could have allocated lies at or below its
 *    end (A17 §4.3). Truncating at VDL, not VCL, keeps MTRs whole (erratum E4).
 * 4. Repair. Wait until, in every PG, a write quorum has acknowledged the truncation with its
 *    SCL at the PG's last surviving record: records kept but held by fewer than a write
 *    quorum are brought up by gossip first (§8.2 step 2, an open point of the papers).
 *    The step may never end: a segment that loses its data may take the last copy the
 *    recovery knows of a kept record (`lost`), and one that crashes or freezes may take the
 *    only reachable one. So the recovery gives up when such a loss happens, or when no
 *    unrepaired PG has moved for `stallAfter`, and its writer recovers again in a new epoch,
 *    as after a crash, reading what the segments hold now. Giving up needlessly costs one
 *    more fence and read; what the new read does not find was never on a write quorum, so
 *    never acknowledged.
 *
 * Segments that do not answer are asked again every `retryInterval`, on one retry cycle per
 * step: the cycle carries the step it serves and ends when the recovery leaves that step, so
 * the read step's cycle does not go on beside the truncation's (it used to, and a segment that
 * had not acknowledged got the truncation twice per interval).
 */
import type { Loop } from '../core/loop.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { Network } from '../net/network.ts';
import type { RecoveryInfo, RecoveryQuery, TruncateRequest, VolumeState, WriteAck } from '../protocol/messages.ts';
import { truncationContaining } from '../protocol/truncations.ts';
import { FIXED_BYTES } from '../protocol/wire-size.ts';
import { replacementOf, type PgMemberships } from '../quorum/membership.ts';
import { MAX_SLOTS, type Topology } from '../topology/topology.ts';

export interface RecoveryOutcome {
  readonly vdl: number;
  readonly vcl: number;
  readonly truncateFrom: number;
  readonly truncateTo: number;
  readonly volume: VolumeState;
  /** Per PG, the last record at or below VDL: the backlink of the PG's next record. */
  readonly lastSurviving: Float64Array;
  /** Everything at or below this LSN was durable before the recovery (the highest VDL hint). */
  readonly base: number;
  /** Per PG, the answer the kept records were taken from. */
  readonly best: readonly RecoveryInfo[];
}

export interface RecoveryPorts {
  readonly loop: Loop;
  readonly trace: ModelTrace;
  readonly net: Network;
  readonly topology: Topology;
  readonly memberships: PgMemberships;
}

export interface RecoveryOptions {
  readonly host: number;
  /** The new volume epoch, with the truncations of earlier recoveries. */
  readonly volume: VolumeState;
  readonly lal: number;
  readonly retryInterval: number;
  readonly onDone: (outcome: RecoveryOutcome) => void;
  /**
   * The truncation is chosen: the caller records it in the storage metadata service before
   * any segment sees it, so a recovery interrupted now and restarted later knows it happened.
   * The record is conditional on the epoch: it returns false if a newer writer has taken the
   * volume meanwhile, and this recovery then stops without sending anything.
   */
  readonly onTruncation: (volume: VolumeState) => boolean;
  /** The metadata service refused the truncation: a newer writer owns the volume. */
  readonly onSuperseded: () => void;
  /** The repair step cannot finish (header, step 4): recover again in a new epoch. */
  readonly onGiveUp: () => void;
  /** How long the repair step may go without any unrepaired PG moving, µs. */
  readonly stallAfter: number;
  /** Deliberate defect: truncate at VCL (keeping half an MTR) instead of VDL. */
  readonly truncateAtVcl: boolean;
  /** Deliberate defect: any answer counts toward the read quorum, empty segments' included. */
  readonly countEmptySegments: boolean;
}

type Phase = 'read' | 'truncate' | 'done' | 'abandoned';

export class VolumeRecovery {
  private phase: Phase = 'read';
  private readonly infos: (RecoveryInfo | undefined)[];
  private readonly acked: Float64Array;
  /** Per PG, the slots that lost their data during the repair step (a mask). */
  private readonly lostSlots: Uint8Array;
  /** When an unrepaired PG last moved in the repair step; -1 while the writer is frozen. */
  private movedAt = 0;
  private outcome: RecoveryOutcome | undefined;
  private readonly ports: RecoveryPorts;
  private readonly options: RecoveryOptions;

  constructor(ports: RecoveryPorts, options: RecoveryOptions) {
    this.ports = ports;
    this.options = options;
    const slots = ports.topology.protectionGroups * MAX_SLOTS;
    this.infos = new Array<RecoveryInfo | undefined>(slots).fill(undefined);
    this.acked = new Float64Array(slots).fill(-1);
    this.lostSlots = new Uint8Array(ports.topology.protectionGroups);
  }

  start(): void {
    this.ports.trace.emit('recovery.start', this.options.host, this.options.volume.epoch);
    this.send('read');
  }

  /** The writer died or was fenced: stop asking. */
  abandon(): void {
    this.phase = 'abandoned';
  }

  /**
   * A new segment took `slot` of `pg` (slots are reused): what its previous occupant answered
   * says nothing of it. It is asked afresh.
   */
  forget(pg: number, slot: number): void {
    const index = this.slot(pg, slot);
    this.infos[index] = undefined;
    this.acked[index] = -1;
    this.lostSlots[pg]! &= ~(1 << slot);
  }

  /** The writer's host froze (true) or thawed: frozen time is no stall of the repair step. */
  setPaused(paused: boolean): void {
    this.movedAt = paused ? -1 : this.ports.loop.now;
  }

  private giveUp(): void {
    this.phase = 'abandoned';
    this.options.onGiveUp();
  }

  onInfo(info: RecoveryInfo): void {
    if (this.phase !== 'read' || info.epoch !== this.options.volume.epoch) return;
    this.infos[this.slot(info.pg, info.segment)] = info;
    for (let pg = 0; pg < this.ports.topology.protectionGroups; pg++) if (!this.heard(pg)) return;
    this.truncate(this.compute());
  }

  /** Whether `pg` answered with a write quorum (the fence) and a read quorum of intact segments. */
  private heard(pg: number): boolean {
    const quorum = this.ports.memberships.quorum(pg);
    if (!quorum.isWrite(this.answered((s) => this.infos[this.slot(pg, s)] !== undefined))) return false;
    return this.options.countEmptySegments || quorum.isRead(this.answered((s) => this.counts(pg, s)));
  }

  /** Whether the answer of slot `s` of `pg` says what the PG holds (see the header, step 1). */
  private counts(pg: number, s: number): boolean {
    const info = this.infos[this.slot(pg, s)];
    if (info === undefined) return false;
    if (this.options.countEmptySegments) return true;
    return info.intact && replacementOf(this.ports.memberships.of(pg), s)?.[1] !== s;
  }

  /**
   * What a segment of `pg` must reach to count as caught up while recovery repairs: the PG's
   * last surviving record, once the truncation is chosen (undefined before).
   */
  caughtUpPoint(pg: number): number | undefined {
    return this.phase === 'truncate' ? this.outcome!.lastSurviving[pg] : undefined;
  }

  /**
   * The segment in `slot` of `pg` lost its data. Gives up the recovery when it can no longer
   * finish: in its repair step, before `pg` reached a write quorum at its last surviving
   * record, some kept record of `pg` is now on no segment known to hold it (header, step 4).
   */
  lost(pg: number, slot: number): void {
    if (this.phase !== 'truncate' || (this.lostSlots[pg]! & (1 << slot)) !== 0) return;
    this.lostSlots[pg]! |= 1 << slot;
    if (this.repaired(pg) || this.edgeHeld(pg)) return;
    this.ports.trace.emit('recovery.lost-edge', this.options.volume.epoch, pg, slot);
    this.giveUp();
  }

  /** Whether every kept record of `pg` is on some segment known to hold it. */
  private edgeHeld(pg: number): boolean {
    const outcome = this.outcome!;
    const last = outcome.lastSurviving[pg]!;
    const holders: RecoveryInfo[] = [];
    let caughtUp = false;
    for (let s = 0; s < MAX_SLOTS; s++) {
      if ((this.lostSlots[pg]! & (1 << s)) !== 0) continue;
      if (this.acked[this.slot(pg, s)]! >= last) caughtUp = true;
      if (this.counts(pg, s)) holders.push(this.infos[this.slot(pg, s)]!);
    }
    if (caughtUp) return true;
    const kept = outcome.best[pg]!.records.filter((h) => h.lsn > outcome.base && h.lsn <= last);
    return kept.every((h) => holders.some((info) => info.scl >= h.lsn || info.records.some((r) => r.lsn === h.lsn)));
  }

  /** Whether a write quorum of `pg` acknowledged the truncation at its last surviving record. */
  private repaired(pg: number): boolean {
    const last = this.outcome!.lastSurviving[pg]!;
    return this.ports.memberships.quorum(pg).isWrite(this.answered((s) => this.acked[this.slot(pg, s)]! >= last));
  }

  onAck(ack: WriteAck): void {
    if (this.phase !== 'truncate' || ack.epoch !== this.options.volume.epoch) return;
    const slot = this.slot(ack.pg, ack.segment);
    if (ack.scl <= this.acked[slot]!) return;
    if (this.movedAt >= 0 && !this.repaired(ack.pg)) this.movedAt = this.ports.loop.now;
    this.acked[slot] = ack.scl;
    const outcome = this.outcome!;
    for (let pg = 0; pg < this.ports.topology.protectionGroups; pg++) if (!this.repaired(pg)) return;
    this.phase = 'done';
    this.ports.trace.emit('recovery.done', outcome.volume.epoch, outcome.vdl);
    this.options.onDone(outcome);
  }

  private compute(): RecoveryOutcome {
    const { topology } = this.ports;
    let base = 0;
    for (let pg = 0; pg < topology.protectionGroups; pg++) {
      for (let s = 0; s < MAX_SLOTS; s++) if (this.counts(pg, s)) base = Math.max(base, this.infos[this.slot(pg, s)]!.vdlHint);
    }
    const present = new Map<number, boolean>();
    const best: RecoveryInfo[] = [];
    for (let pg = 0; pg < topology.protectionGroups; pg++) {
      let top: RecoveryInfo | undefined;
      for (let s = 0; s < MAX_SLOTS; s++) {
        const info = this.infos[this.slot(pg, s)];
        if (this.counts(pg, s) && (top === undefined || info!.scl > top.scl)) top = info;
      }
      best.push(top!);
      for (const header of top!.records) if (header.lsn > base) present.set(header.lsn, header.cpl);
    }
    const { vcl, vdl } = this.walk(base, present);
    const end = this.options.truncateAtVcl ? vcl : vdl;
    const lastSurviving = Float64Array.from(best, (info) => lastAtOrBelow(info, end));
    const truncations = this.options.volume.truncations;
    const previousEnd = truncations.length > 0 ? truncations[truncations.length - 1]! : 0;
    const truncateTo = Math.max(end, previousEnd) + this.options.lal;
    const volume: VolumeState = { epoch: this.options.volume.epoch, truncations: [...truncations, end, truncateTo] };
    this.ports.trace.emit('recovery.read', volume.epoch, vcl, end);
    return { vdl: end, vcl, truncateFrom: end, truncateTo, volume, lastSurviving, base, best };
  }

  /** Walks LSNs above `base` while some PG holds them (or an old truncation annulled them). */
  private walk(base: number, present: Map<number, boolean>): { vcl: number; vdl: number } {
    const truncations = this.options.volume.truncations;
    let lsn = base + 1;
    let vdl = base;
    for (;;) {
      const cpl = present.get(lsn);
      if (cpl !== undefined) {
        if (cpl) vdl = lsn;
        lsn++;
        continue;
      }
      const range = truncationContaining(truncations, lsn);
      if (range < 0) break;
      lsn = truncations[range + 1]! + 1;
    }
    return { vcl: lsn - 1, vdl };
  }

  private truncate(outcome: RecoveryOutcome): void {
    if (!this.options.onTruncation(outcome.volume)) {
      this.phase = 'abandoned';
      this.ports.trace.emit('recovery.superseded', this.options.host, outcome.volume.epoch);
      this.options.onSuperseded();
      return;
    }
    this.phase = 'truncate';
    this.outcome = outcome;
    if (this.movedAt >= 0) this.movedAt = this.ports.loop.now;
    this.ports.trace.emit('truncate', outcome.volume.epoch, outcome.truncateFrom, outcome.truncateTo);
    this.send('truncate');
  }

  /**
   * Sends `step`'s request to every segment that has not answered it yet, and again after the
   * retry interval while the recovery is still in `step` (the cycle of a step left ends here).
   */
  private readonly send = (step: 'read' | 'truncate'): void => {
    if (this.phase !== step) return;
    const { topology, net, memberships, loop } = this.ports;
    if (this.phase === 'truncate' && this.movedAt >= 0 && loop.now - this.movedAt >= this.options.stallAfter) {
      this.ports.trace.emit('recovery.stalled', this.options.volume.epoch);
      return this.giveUp();
    }
    for (let pg = 0; pg < topology.protectionGroups; pg++) {
      const mask = memberships.mask(pg);
      for (let s = 0; s < MAX_SLOTS; s++) {
        if ((mask & (1 << s)) === 0) continue;
        const slot = this.slot(pg, s);
        if (this.phase === 'read' ? this.counts(pg, s) : this.acked[slot]! >= 0) continue;
        const request = this.request(pg);
        net.send(this.options.host, topology.nodeOf(pg, s), FIXED_BYTES[request.type], request);
      }
    }
    loop.after(this.options.retryInterval, this.send, step);
  };

  private request(pg: number): RecoveryQuery | TruncateRequest {
    const membership = this.ports.memberships.stamp(pg);
    if (this.phase === 'read') return { type: 'recovery-query', pg, volume: this.options.volume, membership };
    const outcome = this.outcome!;
    return { type: 'truncate', pg, volume: outcome.volume, vdl: outcome.vdl, membership };
  }

  private answered(has: (segment: number) => boolean): number {
    let mask = 0;
    for (let s = 0; s < MAX_SLOTS; s++) if (has(s)) mask |= 1 << s;
    return mask;
  }

  private slot(pg: number, segment: number): number {
    return pg * MAX_SLOTS + segment;
  }
}

/** The PG's last record at or below `lsn`, from the answer of its most complete segment. */
function lastAtOrBelow(info: RecoveryInfo, lsn: number): number {
  let last = info.lastAtOrBelowHint;
  for (const header of info.records) if (header.lsn <= lsn && header.lsn > last) last = header.lsn;
  return last;
}
