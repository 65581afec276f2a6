/**
 * Reads recoveries off the trace, for the run summary (it judges nothing): when each began,
 * how long each phase took, what VDL it recovered, and how it ended.
 *
 * Phases: `detect` (failover only: the writer's silence until a replica was promoted, which is
 * the configured detection time), `fenceAndRead` (new epoch out, until every PG answered with
 * a write quorum and VCL/VDL were computed), `truncateAndRepair` (the truncation range out,
 * until every PG acknowledged it with its records back on a write quorum).
 *
 * A repair step that gives up (`recovery.lost-edge`, `recovery.stalled`) is followed at once by
 * its writer's next round in a new epoch: that is the same recovery, tried again (`attempts`),
 * not a new one; the time of the rounds given up is its `retried` phase.
 *
 * Outcomes: `completed` (`recovery.done`); `abandoned`, when a recovery in a newer epoch
 * starts (its writer died and restarted, or a replica was promoted) or its writer is fenced
 * out — the newer recovery carries on the work, so the abandoned one is closed there and is
 * no recovery that failed to finish; `unfinished`, still open when the run ended. The trace
 * has no line for a writer's death, so an abandoned recovery's duration runs to the event
 * that superseded it, and one whose writer died with no successor before the end of the run
 * stays `unfinished` (the volume indeed never reopened).
 */
import type { ModelFields, ModelTrace } from '../protocol/trace-kinds.ts';
import type { RecoveryOutcome, RecoveryResult } from './results.ts';

interface Open {
  kind: string;
  epoch: number;
  startUs: number;
  detectUs: number;
  recoveryStartUs: number;
  attempts: number;
  retriedUs: number;
  readUs?: number;
  vdlBefore: number;
  vdlAfter?: number;
  truncatedFrom?: number;
  truncatedTo?: number;
}

export class RecoveryLog {
  private readonly done: RecoveryResult[] = [];
  private readonly open = new Map<number, Open>();
  private readonly detection: number;
  private pendingPromotion: { host: number; epoch: number; at: number } | undefined;
  /** The epoch whose repair step just gave up: the next start is its retry. */
  private givenUp: number | undefined;
  private vdl = 0;

  constructor(detection: number) {
    this.detection = detection;
  }

  attach(trace: ModelTrace): void {
    const givenUp = (_time: number, { epoch }: ModelFields<'recovery.stalled'>): void => void (this.givenUp = epoch);
    trace.on({
      vdl: (_time, { lsn }) => {
        if (lsn > this.vdl) this.vdl = lsn;
      },
      promote: (time, { host, epoch }) => void (this.pendingPromotion = { host, epoch, at: time }),
      'recovery.lost-edge': givenUp,
      'recovery.stalled': givenUp,
      'recovery.start': (time, { host, epoch }) => this.onStart(time, host, epoch),
      'recovery.read': (time, { epoch, vdl }) => this.onRead(time, epoch, vdl),
      truncate: (_time, { epoch, from, to }) => this.onTruncate(epoch, from, to),
      'recovery.done': (time, { epoch }) => this.close(time, epoch, 'completed'),
      'writer.fenced': (time, { epoch }) => this.close(time, epoch, 'abandoned'),
    });
  }

  /**
   * Every recovery in the order they began: closed ones, then the one still open with the time
   * so far (a start closes every older one, so at most one is open, and it began last).
   */
  results(now: number): RecoveryResult[] {
    const unfinished = [...this.open.values()].map((open) => this.result(open, now, 'unfinished'));
    return [...this.done, ...unfinished];
  }

  private onStart(time: number, host: number, epoch: number): void {
    const retried = this.givenUp === undefined ? undefined : this.open.get(this.givenUp);
    this.givenUp = undefined;
    if (retried !== undefined) return this.retry(time, retried, epoch);
    for (const older of [...this.open.keys()]) if (older < epoch) this.close(time, older, 'abandoned');
    const promotion = this.pendingPromotion;
    const failover = promotion !== undefined && promotion.host === host && promotion.epoch === epoch;
    const detectUs = failover ? this.detection : 0;
    this.open.set(epoch, {
      kind: failover ? 'failover' : 'crash-recovery', epoch, startUs: time - detectUs, detectUs, recoveryStartUs: time, vdlBefore: this.vdl,
      attempts: 1, retriedUs: 0,
    });
  }

  /** The recovery `open` gave up its round and starts the next one in `epoch`. */
  private retry(time: number, open: Open, epoch: number): void {
    this.open.delete(open.epoch);
    open.retriedUs += time - open.recoveryStartUs;
    open.attempts++;
    open.epoch = epoch;
    open.recoveryStartUs = time;
    delete open.readUs;
    this.open.set(epoch, open);
  }

  private onRead(time: number, epoch: number, vdl: number): void {
    const open = this.open.get(epoch);
    if (open === undefined) return;
    open.readUs = time;
    open.vdlAfter = vdl;
  }

  private onTruncate(epoch: number, from: number, to: number): void {
    const open = this.open.get(epoch);
    if (open === undefined) return;
    open.truncatedFrom = from;
    open.truncatedTo = to;
  }

  private close(time: number, epoch: number, outcome: RecoveryOutcome): void {
    const open = this.open.get(epoch);
    if (open === undefined) return;
    this.open.delete(epoch);
    this.done.push(this.result(open, time, outcome));
  }

  private result(open: Open, end: number, outcome: RecoveryOutcome): RecoveryResult {
    const readAt = open.readUs ?? end;
    return {
      kind: open.kind, startUs: open.startUs, durationUs: end - open.startUs, completed: outcome === 'completed', outcome, attempts: open.attempts,
      vdlBefore: open.vdlBefore, vdlAfter: open.vdlAfter ?? 0,
      truncatedFrom: open.truncatedFrom ?? 0, truncatedTo: open.truncatedTo ?? 0,
      phases: {
        detectUs: open.detectUs, retriedUs: open.retriedUs, fenceAndReadUs: readAt - open.recoveryStartUs, truncateAndRepairUs: end - readAt,
      },
    };
  }
}
