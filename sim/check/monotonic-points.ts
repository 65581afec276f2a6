/**
 * I-3: consistency points only move forward (A18 §6: "the log only moves forward") — each
 * segment's SCL, and each writer's PGCL, VCL and VDL within its epoch; a recovery's VDL is at
 * least every VDL of the epochs before it (a read quorum meets every write quorum); a stale
 * writer that keeps processing acknowledgements after being replaced never passes the VDL its
 * successor recovered; each replica's VDL only grows. The one allowed step back is a
 * segment's SCL when it applies a truncation range, or loses its data.
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class MonotonicPoints implements Checker {
  readonly name = 'monotonic-points';
  private readonly log = new ViolationLog();
  private readonly last = new Map<string, number>();
  /** Highest VDL reported by any writer so far, and each recovery's VDL by epoch. */
  private maxVdl = 0;
  private readonly recovered = new Map<number, number>();

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a, b, c) => {
      switch (kind) {
        case 'scl': return this.see(time, `SCL of pg ${a} segment ${b}`, c);
        case 'segment.volume': return void this.last.set(`SCL of pg ${a} segment ${b}`, c);
        case 'segment.wipe': return void this.last.set(`SCL of pg ${a} segment ${b}`, 0);
        case 'pgcl': return this.see(time, `PGCL of pg ${a} in epoch ${c}`, b);
        case 'vcl': return this.see(time, `VCL in epoch ${b}`, a);
        case 'vdl': return this.onVdl(time, a, b);
        case 'recovery.read': return this.onRecovered(time, a, c);
        case 'replica.vdl': return this.see(time, `VDL of replica ${a}`, b);
      }
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private onVdl(time: number, vdl: number, epoch: number): void {
    this.see(time, `VDL in epoch ${epoch}`, vdl);
    if (vdl > this.maxVdl) this.maxVdl = vdl;
    for (const [newer, recoveredVdl] of this.recovered) {
      if (newer > epoch && vdl > recoveredVdl) this.log.report(time, `VDL ${vdl} of epoch ${epoch} passed ${recoveredVdl}, the VDL epoch ${newer} recovered`);
    }
  }

  private onRecovered(time: number, epoch: number, vdl: number): void {
    if (vdl < this.maxVdl) this.log.report(time, `recovery of epoch ${epoch} computed VDL ${vdl} below an earlier VDL ${this.maxVdl}`);
    this.recovered.set(epoch, vdl);
  }

  private see(time: number, point: string, lsn: number): void {
    const before = this.last.get(point) ?? 0;
    if (lsn < before) this.log.report(time, `${point} went back from ${before} to ${lsn}`);
    this.last.set(point, lsn);
  }
}
