/**
 * I-9: storage has no vote (A18 §2.3). A segment refuses a request only when it carries an
 * older volume or membership epoch than the segment's (fencing, A18 §2.4 and §4.1); a
 * current-epoch request is never refused for any other reason — load, ordering or content
 * are settled in the database tier.
 */
import type { ModelFields, ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class StorageNoVote implements Checker {
  readonly name = 'storage-no-vote';
  private readonly log = new ViolationLog();

  attach(trace: ModelTrace): void {
    const refused = (time: number, fields: ModelFields<'reject'>): void => {
      const { pg, segment, requestEpoch, segmentEpoch } = fields;
      if (requestEpoch >= segmentEpoch) {
        this.log.report(time, `segment ${segment} of pg ${pg} refused a request of epoch ${requestEpoch} while itself at epoch ${segmentEpoch}`);
      }
    };
    trace.on({ reject: refused, 'reject.membership': refused });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }
}
