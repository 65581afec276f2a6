/**
 * I-4: VDL is always a CPL (the last record of some MTR) and never above VCL
 * (A17 §4.1, A18 §3.3). A VDL inside an MTR would let recovery keep half an MTR.
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class VdlBounds implements Checker {
  readonly name = 'vdl-is-cpl-below-vcl';
  private readonly log = new ViolationLog();
  /** CPLs not yet passed by VDL, in allocation (= LSN) order. */
  private cpls: number[] = [];
  private head = 0;
  private vcl = 0;

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a, _b, c) => {
      if (kind === 'alloc') {
        if (c === 1) this.cpls.push(a);
      } else if (kind === 'vcl') {
        this.vcl = a;
      } else if (kind === 'vdl') {
        this.checkVdl(time, a);
      }
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private checkVdl(time: number, vdl: number): void {
    while (this.head < this.cpls.length && this.cpls[this.head]! < vdl) this.head++;
    if (this.cpls[this.head] !== vdl) this.log.report(time, `VDL ${vdl} is not the last record of an MTR`);
    if (vdl > this.vcl) this.log.report(time, `VDL ${vdl} is above VCL ${this.vcl}`);
    if (this.head > 4096 && this.head * 2 > this.cpls.length) {
      this.cpls = this.cpls.slice(this.head);
      this.head = 0;
    }
  }
}
