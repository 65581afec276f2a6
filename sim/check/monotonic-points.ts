/**
 * I-3: consistency points only move forward — each segment's SCL, each writer's PGCL and VCL
 * within its epoch, VDL across the whole run (a recovery's VDL is at least the old writer's,
 * because a read quorum meets every write quorum), and each replica's VDL (A18 §6: "the log
 * only moves forward"). The one allowed step back is a segment's SCL when it applies a
 * truncation range, or loses its data.
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class MonotonicPoints implements Checker {
  readonly name = 'monotonic-points';
  private readonly log = new ViolationLog();
  private readonly last = new Map<string, number>();

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a, b, c) => {
      switch (kind) {
        case 'scl': return this.see(time, `SCL of pg ${a} segment ${b}`, c);
        case 'segment.volume': return void this.last.set(`SCL of pg ${a} segment ${b}`, c);
        case 'segment.wipe': return void this.last.set(`SCL of pg ${a} segment ${b}`, 0);
        case 'pgcl': return this.see(time, `PGCL of pg ${a} in epoch ${c}`, b);
        case 'vcl': return this.see(time, `VCL in epoch ${b}`, a);
        case 'vdl': return this.see(time, 'VDL', a);
        case 'replica.vdl': return this.see(time, `VDL of replica ${a}`, b);
      }
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private see(time: number, point: string, lsn: number): void {
    const before = this.last.get(point) ?? 0;
    if (lsn < before) this.log.report(time, `${point} went back from ${before} to ${lsn}`);
    this.last.set(point, lsn);
  }
}
