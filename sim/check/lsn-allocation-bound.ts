/**
 * I-5: every LSN a writer allocates is <= base + LAL at that moment, where base is the larger
 * of its VDL and the end of the truncation range its recovery wrote (A17 §4.2.1; new LSNs
 * start above the range, A18 §2.4). This is what bounds the ragged edge a recovery truncates.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class LsnAllocationBound implements Checker {
  readonly name = 'lsn-allocation-bound';
  private readonly log = new ViolationLog();
  private readonly lal: number;
  private readonly baseByEpoch = new Map<number, number>();

  constructor(lal: number) {
    this.lal = lal;
  }

  attach(trace: ModelTrace): void {
    trace.on({
      vdl: (_time, { lsn, epoch }) => this.raise(epoch, lsn),
      truncate: (_time, { epoch, to }) => this.raise(epoch, to),
      alloc: (time, { lsn, epoch }) => {
        const base = this.baseByEpoch.get(epoch) ?? 0;
        if (lsn > base + this.lal) this.log.report(time, `LSN ${lsn} allocated in epoch ${epoch} with base ${base} and LAL ${this.lal}`);
      },
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private raise(epoch: number, base: number): void {
    if (base > (this.baseByEpoch.get(epoch) ?? 0)) this.baseByEpoch.set(epoch, base);
  }
}
