/**
 * I-3: consistency points only move forward (A18 §6: "the log only moves forward") — each
 * segment's SCL, and each writer's PGCL, VCL and VDL within its epoch; a recovery's VDL is at
 * least every VDL of the epochs before it (a read quorum meets every write quorum); a stale
 * writer that keeps processing acknowledgements after being replaced never passes the VDL its
 * successor recovered; each replica's VDL only grows. The one allowed step back is a
 * segment's SCL when it applies a truncation range, or loses its data.
 */
import type { ModelFields, ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class MonotonicPoints implements Checker {
  readonly name = 'monotonic-points';
  private readonly log = new ViolationLog();
  /** Each segment's last SCL, by `pg * MAX_SLOTS + slot`: an array, not the map, as half of all events are SCLs. */
  private readonly scls: Float64Array;
  /** Last value of every other point; keys are numbers (see the key functions) to keep this cheap per event. */
  private readonly last = new Map<number, number>();
  /** Highest VDL reported by any writer so far, and each recovery's VDL by epoch. */
  private maxVdl = 0;
  private readonly recovered = new Map<number, number>();

  constructor(protectionGroups: number) {
    this.scls = new Float64Array(protectionGroups * MAX_SLOTS);
  }

  attach(trace: ModelTrace): void {
    const emptied = (_time: number, { pg, segment }: ModelFields<'segment.wipe'>): void => {
      this.scls[pg * MAX_SLOTS + segment] = 0;
    };
    trace.on({
      scl: (time, { pg, segment, lsn }) => this.onScl(time, pg, segment, lsn),
      'segment.volume': (_time, { pg, segment, scl }) => void (this.scls[pg * MAX_SLOTS + segment] = scl),
      'segment.wipe': emptied,
      'segment.new': emptied,
      pgcl: (time, { pg, lsn, epoch }) => this.see(time, pgclKey(pg, epoch), lsn),
      vcl: (time, { lsn, epoch }) => this.see(time, vclKey(epoch), lsn),
      vdl: (time, { lsn, epoch }) => this.onVdl(time, lsn, epoch),
      // A recovery's VDL is judged when its truncation is recorded: one superseded before
      // that (a failover took the volume) computed a VDL nobody ever used.
      truncate: (time, { epoch, from }) => this.onRecovered(time, epoch, from),
      'replica.vdl': (time, { replica, lsn }) => this.see(time, replicaKey(replica), lsn),
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private onScl(time: number, pg: number, slot: number, scl: number): void {
    const index = pg * MAX_SLOTS + slot;
    const before = this.scls[index]!;
    if (scl < before) this.log.report(time, `SCL of pg ${pg} segment ${slot} went back from ${before} to ${scl}`);
    this.scls[index] = scl;
  }

  private onVdl(time: number, vdl: number, epoch: number): void {
    this.see(time, vdlKey(epoch), vdl);
    if (vdl > this.maxVdl) this.maxVdl = vdl;
    for (const [newer, recoveredVdl] of this.recovered) {
      if (newer > epoch && vdl > recoveredVdl) this.log.report(time, `VDL ${vdl} of epoch ${epoch} passed ${recoveredVdl}, the VDL epoch ${newer} recovered`);
    }
  }

  private onRecovered(time: number, epoch: number, vdl: number): void {
    if (vdl < this.maxVdl) this.log.report(time, `recovery of epoch ${epoch} computed VDL ${vdl} below an earlier VDL ${this.maxVdl}`);
    this.recovered.set(epoch, vdl);
  }

  private see(time: number, point: number, lsn: number): void {
    const before = this.last.get(point) ?? 0;
    if (lsn < before) this.log.report(time, `${describe(point)} went back from ${before} to ${lsn}`);
    this.last.set(point, lsn);
  }
}

/*
 * A point's key: the kind of point in the lowest digit, its coordinates above. Numbers, not
 * strings, because this runs on every consistency-point event of the run.
 */
const pgclKey = (pg: number, epoch: number): number => ((epoch * 1_000_000 + pg) * 16) + 1;
const vclKey = (epoch: number): number => epoch * 16 + 2;
const vdlKey = (epoch: number): number => epoch * 16 + 3;
const replicaKey = (replica: number): number => replica * 16 + 4;

function describe(key: number): string {
  const rest = Math.floor(key / 16);
  switch (key % 16) {
    case 1: return `PGCL of pg ${rest % 1_000_000} in epoch ${Math.floor(rest / 1_000_000)}`;
    case 2: return `VCL in epoch ${rest}`;
    case 3: return `VDL in epoch ${rest}`;
    default: return `VDL of replica ${rest}`;
  }
}
