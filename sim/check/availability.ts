/**
 * Write availability, read off the trace (it judges nothing by itself): the windows in which
 * clients wanted to write and no commit was acknowledged for longer than `gap`.
 *
 * Demand starts when a transaction is submitted, refused or aborted while none was waiting
 * (or right after an acknowledgement, if others are still waiting); it ends with the next
 * acknowledgement. A demand that lasted longer than `gap` is a window. Ordinary pauses between
 * transactions at a low rate are no demand, so they are no window.
 *
 * Only what was seen counts. After a refusal or an abort with no transaction left waiting,
 * nobody looks at the cluster until the next submission: at 1000/s that is a millisecond, at
 * 1/s a second, during which the new writer may long have been open. A quiet stretch longer
 * than `gap` is therefore not charged when what follows it is an acknowledgement: the window
 * ends at the failure before it, and the waiting after it is a demand of its own. When a
 * failure follows it instead, writes were seen failing on both sides with no success between,
 * and the window runs on across it. So at a low rate an outage is measured to within the gap
 * between arrivals, never longer than it was seen: charging the quiet stretch would turn one
 * abort by a deposed writer, at 1/s, into seconds of outage and fail a healthy run.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';

export class AvailabilityLog {
  private readonly gap: number;
  private readonly windows: [number, number][] = [];
  private outstanding = 0;
  /** Since when clients have been waiting without an acknowledgement, or -1. */
  private demandSince = -1;
  /** The failure after which no transaction was left waiting, while that lasts; or -1. */
  private quietFrom = -1;
  /** A demand that went quiet for longer than `gap`, [from, last failure], until what comes next says whether it goes on. */
  private beforeQuiet: [number, number] | undefined;

  constructor(gap: number) {
    this.gap = gap;
  }

  attach(trace: ModelTrace): void {
    trace.on({
      'txn.submit': (time) => {
        this.outstanding++;
        this.endQuiet(time);
        this.demand(time);
      },
      'txn.refused': (time) => this.failed(time),
      'txn.abort': (time) => {
        this.outstanding--;
        this.failed(time);
      },
      commit: (time) => this.onCommit(time),
    });
  }

  /** Windows up to `end`, including one still open then (to its last failure, if it has gone quiet since). */
  result(end: number): { writeUnavailableUs: number; windows: [number, number][] } {
    const windows = [...this.windows];
    const add = (from: number, to: number): void => void (to - from > this.gap && windows.push([from, to]));
    if (this.beforeQuiet !== undefined) add(...this.beforeQuiet);
    if (this.demandSince >= 0) add(this.demandSince, this.quietFrom >= 0 ? this.quietFrom : end);
    return { writeUnavailableUs: windows.reduce((sum, [from, to]) => sum + to - from, 0), windows };
  }

  private demand(time: number): void {
    if (this.demandSince < 0) this.demandSince = time;
  }

  /** A refusal or an abort: writes seen failing at `time`. */
  private failed(time: number): void {
    if (this.beforeQuiet !== undefined) {
      // Failing on both sides of the quiet stretch, no success between: one window.
      this.demandSince = this.beforeQuiet[0];
      this.beforeQuiet = undefined;
    }
    this.demand(time);
    if (this.outstanding === 0) this.quietFrom = time;
  }

  /** Someone looks again at `time`; a quiet stretch longer than the gap parks the demand before it. */
  private endQuiet(time: number): void {
    if (this.quietFrom < 0) return;
    if (time - this.quietFrom > this.gap) {
      this.beforeQuiet = [this.demandSince, this.quietFrom];
      this.demandSince = -1;
    }
    this.quietFrom = -1;
  }

  private onCommit(time: number): void {
    this.close(this.beforeQuiet);
    this.beforeQuiet = undefined;
    if (this.demandSince >= 0) this.close([this.demandSince, time]);
    this.outstanding--;
    this.demandSince = this.outstanding > 0 ? time : -1;
  }

  private close(window: [number, number] | undefined): void {
    if (window !== undefined && window[1] - window[0] > this.gap) this.windows.push(window);
  }
}
