/**
 * Write availability, read off the trace (it judges nothing by itself): the windows in which
 * clients wanted to write and no commit was acknowledged for longer than `gap`.
 *
 * Demand starts when a transaction is submitted, refused or aborted while none was waiting
 * (or right after an acknowledgement, if others are still waiting); it ends with the next
 * acknowledgement. A demand that lasted longer than `gap` is a window. Ordinary pauses between
 * transactions at a low rate are no demand, so they are no window.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';

export class AvailabilityLog {
  private readonly gap: number;
  private readonly windows: [number, number][] = [];
  private outstanding = 0;
  /** Since when clients have been waiting without an acknowledgement, or -1. */
  private demandSince = -1;

  constructor(gap: number) {
    this.gap = gap;
  }

  attach(trace: ModelTrace): void {
    trace.on({
      'txn.submit': (time) => {
        this.outstanding++;
        this.demand(time);
      },
      'txn.refused': (time) => this.demand(time),
      'txn.abort': (time) => {
        this.outstanding--;
        this.demand(time);
      },
      commit: (time) => this.onCommit(time),
    });
  }

  /** Windows up to `end`, including one still open then. */
  result(end: number): { writeUnavailableUs: number; windows: [number, number][] } {
    const windows = [...this.windows];
    if (this.demandSince >= 0 && end - this.demandSince > this.gap) windows.push([this.demandSince, end]);
    return { writeUnavailableUs: windows.reduce((sum, [from, to]) => sum + to - from, 0), windows };
  }

  private demand(time: number): void {
    if (this.demandSince < 0) this.demandSince = time;
  }

  private onCommit(time: number): void {
    if (this.demandSince >= 0 && time - this.demandSince > this.gap) this.windows.push([this.demandSince, time]);
    this.outstanding--;
    this.demandSince = this.outstanding > 0 ? time : -1;
  }
}
