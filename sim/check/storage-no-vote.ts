/**
 * I-9: storage has no vote (A18 §2.3). A segment refuses a request only when it carries an
 * older volume or membership epoch than the segment's (fencing, A18 §2.4 and §4.1); a
 * current-epoch request is never refused for any other reason — load, ordering or content
 * are settled in the database tier.
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class StorageNoVote implements Checker {
  readonly name = 'storage-no-vote';
  private readonly log = new ViolationLog();

  attach(trace: Trace): void {
    trace.subscribe((time, _kind, a, b, c, d) => {
      if (c >= d) {
        this.log.report(time, `segment ${b} of pg ${a} refused a request of epoch ${c} while itself at epoch ${d}`);
      }
    }, ['reject', 'reject.membership']);
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }
}
