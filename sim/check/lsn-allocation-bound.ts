/**
 * I-5: every allocated LSN is <= VDL + LAL at the moment of allocation (A17 §4.2.1). This is
 * what bounds the ragged edge recovery must truncate.
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class LsnAllocationBound implements Checker {
  readonly name = 'lsn-allocation-bound';
  private readonly log = new ViolationLog();
  private readonly lal: number;
  private vdl = 0;

  constructor(lal: number) {
    this.lal = lal;
  }

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a) => {
      if (kind === 'vdl') this.vdl = a;
      else if (kind === 'alloc' && a > this.vdl + this.lal) {
        this.log.report(time, `LSN ${a} allocated with VDL ${this.vdl} and LAL ${this.lal}`);
      }
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }
}
