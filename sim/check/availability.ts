/**
 * Write availability, read off the trace (it judges nothing by itself): the windows in which
 * clients wanted to write but no commit was acknowledged for longer than `gap`.
 *
 * A window opens at the last acknowledgement before a silence longer than `gap` during which
 * transactions were outstanding, refused or aborted, and closes at the next acknowledgement
 * (or at the end of the run). With a healthy cluster acknowledgements are milliseconds apart,
 * so `gap` only has to be well above a commit's latency.
 */
import type { Trace } from '../core/trace.ts';

export class AvailabilityLog {
  private readonly gap: number;
  private readonly windows: [number, number][] = [];
  private lastAck = 0;
  private outstanding = 0;
  /** Demand since the last acknowledgement: something was submitted, refused or aborted. */
  private demand = false;

  constructor(gap: number) {
    this.gap = gap;
  }

  attach(trace: Trace): void {
    trace.subscribe((time, kind) => {
      switch (kind) {
        case 'txn.submit': this.outstanding++; this.demand = true; return;
        case 'txn.refused': this.demand = true; return;
        case 'txn.abort': this.outstanding--; this.demand = true; return;
        case 'commit': return this.onCommit(time);
      }
    });
  }

  private onCommit(time: number): void {
    if (time - this.lastAck > this.gap && this.demand) this.windows.push([this.lastAck, time]);
    this.outstanding--;
    this.lastAck = time;
    this.demand = this.outstanding > 0;
  }

  /** Windows up to `end`, including one still open then. */
  result(end: number): { writeUnavailableUs: number; windows: [number, number][] } {
    const windows = [...this.windows];
    if ((this.demand || this.outstanding > 0) && end - this.lastAck > this.gap) windows.push([this.lastAck, end]);
    return { writeUnavailableUs: windows.reduce((sum, [from, to]) => sum + to - from, 0), windows };
  }
}
