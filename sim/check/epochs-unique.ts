/**
 * Volume epochs are unique (A18 §2.4): each writer that takes the volume gets an epoch above
 * every epoch used before, so no epoch is ever held by two writers. Fencing rests on it: a
 * new writer's epoch on a write quorum shuts out every older writer only if the older ones
 * hold smaller epochs. A writer takes the volume when it opens a fresh volume
 * (`writer.open` without a recovery) or starts recovering one (`recovery.start`).
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class EpochsUnique implements Checker {
  readonly name = 'epochs-unique';
  private readonly log = new ViolationLog();
  /** Host of the writer that took each epoch. */
  private readonly holders = new Map<number, number>();
  private highest = 0;

  attach(trace: ModelTrace): void {
    trace.on({
      'recovery.start': (time, { host, epoch }) => this.take(time, host, epoch),
      'writer.open': (time, { host, epoch }) => {
        // A recovering writer opens in the epoch it recovered in: the same writer, not a second one.
        if (this.holders.get(epoch) !== host) this.take(time, host, epoch);
      },
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private take(time: number, host: number, epoch: number): void {
    const holder = this.holders.get(epoch);
    if (holder !== undefined) {
      this.log.report(time, `epoch ${epoch} given to the writer on host ${host} was already held by the writer on host ${holder}`);
    } else if (epoch <= this.highest) {
      this.log.report(time, `epoch ${epoch} given to the writer on host ${host} is not above epoch ${this.highest}, used before`);
    }
    this.holders.set(epoch, host);
    if (epoch > this.highest) this.highest = epoch;
  }
}
