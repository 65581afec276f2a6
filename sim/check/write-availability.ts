/**
 * I-17, the availability envelope (a liveness check): while writes are owed (`budget` events,
 * from the fault layer: the writer's host is up and every PG has a reachable write quorum of
 * intact segments free of gray failures, faults/budget.ts), writes must keep being
 * acknowledged. A write-unavailability window that overlaps such a time by more than `grace`
 * is a violation; the grace covers what the protocol legitimately needs after a fault changes
 * (a returning segment catching up by gossip, a recovering writer reopening).
 *
 * What is not owed: segments whose data was lost count as unavailable until repair has
 * replaced them (with no spare node, for good); a gray failure (slow disk, delayed, lossy,
 * duplicating or reordering links) suspends the obligation on the storage nodes it touches,
 * since the protocol promises that writes complete, not how fast.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
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

  attach(trace: ModelTrace): void {
    this.windows.attach(trace);
    trace.on({
      budget: (time, { writesOwed }) => {
        this.now = time;
        const last = this.owed[this.owed.length - 1];
        const open = last !== undefined && last[1] === Infinity;
        if (writesOwed === 1 && !open) this.owed.push([time, Infinity]);
        if (writesOwed === 0 && open) last[1] = time;
      },
      phase: (time) => void (this.now = time),
    });
  }

  finish(): InvariantResult {
    for (const [from, to] of this.windows.result(this.now).windows) {
      for (const [owedFrom, owedTo] of this.owed) {
        const overlap = Math.min(to, owedTo) - Math.max(from, owedFrom);
        if (overlap > this.grace) {
          this.log.report(Math.max(from, owedFrom), `writes unavailable for ${overlap}us while owed (writer up, every PG a write quorum free of gray failures)`);
        }
      }
    }
    return this.log.result(this.name);
  }
}
