/**
 * I-17, the availability envelope (a liveness check): while the active faults leave every PG
 * a reachable write quorum and the writer's host up (`budget` events, from the fault layer),
 * writes must keep being acknowledged. A write-unavailability window that overlaps such a
 * time by more than `grace` is a violation; the grace covers what the protocol legitimately
 * needs after a fault changes (a returning segment catching up by gossip, a recovering
 * writer reopening).
 */
import type { Trace } from '../core/trace.ts';
import type { InvariantResult } from '../result.ts';
import { AvailabilityLog } from './availability.ts';
import { ViolationLog, type Checker } from './checker.ts';

export class WriteAvailability implements Checker {
  readonly name = 'write-availability';
  private readonly log = new ViolationLog();
  private readonly windows: AvailabilityLog;
  private readonly grace: number;
  /** Intervals during which writes were owed, [from, to) pairs; the last may be open. */
  private readonly owed: [number, number][] = [[0, Infinity]];
  private now = 0;

  constructor(options: { gap: number; grace: number }) {
    this.windows = new AvailabilityLog(options.gap);
    this.grace = options.grace;
  }

  attach(trace: Trace): void {
    this.windows.attach(trace);
    trace.subscribe((time, kind, a) => {
      this.now = time;
      if (kind !== 'budget') return;
      const last = this.owed[this.owed.length - 1];
      const open = last !== undefined && last[1] === Infinity;
      if (a === 1 && !open) this.owed.push([time, Infinity]);
      if (a === 0 && open) last[1] = time;
    }, ['budget', 'phase']);
  }

  finish(): InvariantResult {
    for (const [from, to] of this.windows.result(this.now).windows) {
      for (const [owedFrom, owedTo] of this.owed) {
        const overlap = Math.min(to, owedTo) - Math.max(from, owedFrom);
        if (overlap > this.grace) {
          this.log.report(Math.max(from, owedFrom), `writes unavailable for ${overlap}us while the faults left every PG a write quorum`);
        }
      }
    }
    return this.log.result(this.name);
  }
}
