/**
 * Reads recoveries off the trace, for the run summary (it judges nothing): when each began,
 * how long each phase took, and what VDL it recovered.
 *
 * Phases: `detect` (failover only: the writer's silence until a replica was promoted, which is
 * the configured detection time), `fenceAndRead` (new epoch out, until every PG answered with
 * a write quorum and VCL/VDL were computed), `truncateAndRepair` (the truncation range out,
 * until every PG acknowledged it with its records back on a write quorum).
 */
import type { Trace } from '../core/trace.ts';
import type { RecoveryResult } from '../result.ts';

interface Open {
  kind: string;
  startUs: number;
  detectUs: number;
  recoveryStartUs: number;
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
  private vdl = 0;

  constructor(detection: number) {
    this.detection = detection;
  }

  attach(trace: Trace): void {
    trace.subscribe((time, kind, a, b, c) => {
      switch (kind) {
        case 'vdl': if (a > this.vdl) this.vdl = a; return;
        case 'promote': this.pendingPromotion = { host: a, epoch: b, at: time }; return;
        case 'recovery.start': return this.onStart(time, a, b);
        case 'recovery.read': return this.onRead(time, a, c);
        case 'truncate': return this.onTruncate(a, b, c);
        case 'recovery.done': return this.onDone(time, a);
      }
    }, ['vdl', 'promote', 'recovery.start', 'recovery.read', 'truncate', 'recovery.done']);
  }

  /** Finished recoveries, and unfinished ones with the time so far. */
  results(now: number): RecoveryResult[] {
    const unfinished = [...this.open.values()].map((open) => this.result(open, now, false));
    return [...this.done, ...unfinished];
  }

  private onStart(time: number, host: number, epoch: number): void {
    const promotion = this.pendingPromotion;
    const failover = promotion !== undefined && promotion.host === host && promotion.epoch === epoch;
    const detectUs = failover ? this.detection : 0;
    this.open.set(epoch, {
      kind: failover ? 'failover' : 'crash-recovery', startUs: time - detectUs, detectUs, recoveryStartUs: time, vdlBefore: this.vdl,
    });
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

  private onDone(time: number, epoch: number): void {
    const open = this.open.get(epoch);
    if (open === undefined) return;
    this.open.delete(epoch);
    this.done.push(this.result(open, time, true));
  }

  private result(open: Open, end: number, completed: boolean): RecoveryResult {
    const readAt = open.readUs ?? end;
    return {
      kind: open.kind, startUs: open.startUs, durationUs: end - open.startUs, completed,
      vdlBefore: open.vdlBefore, vdlAfter: open.vdlAfter ?? 0,
      truncatedFrom: open.truncatedFrom ?? 0, truncatedTo: open.truncatedTo ?? 0,
      phases: { detectUs: open.detectUs, fenceAndReadUs: readAt - open.recoveryStartUs, truncateAndRepairUs: end - readAt },
    };
  }
}
