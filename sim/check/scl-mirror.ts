/**
 * The checkers' own record of every segment's SCL, rebuilt from the trace: `scl` events
 * (persisted progress), `segment.volume` (a truncation may lower it) and `segment.wipe` (data
 * lost). Shared by the checkers that need "who holds what"; it only reads.
 */
import type { Trace } from '../core/trace.ts';

export class SclMirror {
  private readonly scls: Float64Array;
  private readonly members: number;

  constructor(protectionGroups: number, members: number) {
    this.members = members;
    this.scls = new Float64Array(protectionGroups * members);
  }

  /** Subscribe before the checkers that read it, so they see the updated value. */
  attach(trace: Trace): void {
    trace.subscribe((_time, kind, a, b, c) => {
      if (kind === 'scl' || kind === 'segment.volume') this.scls[a * this.members + b] = c;
      else if (kind === 'segment.wipe') this.scls[a * this.members + b] = 0;
    });
  }

  scl(pg: number, segment: number): number {
    return this.scls[pg * this.members + segment]!;
  }

  /** Highest SCL of any segment of the PG. */
  maxScl(pg: number): number {
    let max = 0;
    for (let s = 0; s < this.members; s++) max = Math.max(max, this.scls[pg * this.members + s]!);
    return max;
  }

  /** Lowest SCL of any segment of the PG. */
  minScl(pg: number): number {
    let min = Infinity;
    for (let s = 0; s < this.members; s++) min = Math.min(min, this.scls[pg * this.members + s]!);
    return min;
  }
}
