/**
 * I-5: every LSN a writer allocates is <= base + LAL at that moment, where base is the larger
 * of its VDL and the end of the truncation range its recovery wrote (A17 §4.2.1; new LSNs
 * start above the range, A18 §2.4). This is what bounds the ragged edge a recovery truncates.
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class LsnAllocationBound implements Checker {
  readonly name = 'lsn-allocation-bound';
  private readonly log = new ViolationLog();
  private readonly lal: number;
  private readonly baseByEpoch = new Map<number, number>();

  constructor(lal: number) {
    this.lal = lal;
  }

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a, b, c, d) => {
      if (kind === 'vdl') this.raise(b, a);
      else if (kind === 'truncate') this.raise(a, c);
      else if (kind === 'alloc') {
        const base = this.baseByEpoch.get(d) ?? 0;
        if (a > base + this.lal) this.log.report(time, `LSN ${a} allocated in epoch ${d} with base ${base} and LAL ${this.lal}`);
      }
    }, ['vdl', 'truncate', 'alloc']);
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private raise(epoch: number, base: number): void {
    if (base > (this.baseByEpoch.get(epoch) ?? 0)) this.baseByEpoch.set(epoch, base);
  }
}
