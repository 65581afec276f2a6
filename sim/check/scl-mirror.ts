/**
 * The checkers' own record of every segment's SCL, rebuilt from the trace: `scl` events
 * (persisted progress), `segment.volume` (a truncation may lower it) and `segment.wipe` (data
 * lost). Shared by the checkers that need "who holds what"; it only reads.
 */
import type { Trace } from '../core/trace.ts';
import { MAX_SLOTS } from '../topology/topology.ts';

export class SclMirror {
  private readonly scls: Float64Array;
  private readonly members: number;
  /** Which slots count for max/min: the PG's current members (all slots if not given). */
  private readonly memberMask: (pg: number) => number;

  private readonly keepWiped: boolean;

  /**
   * `keepWiped`: remember what a segment persisted even after its data is lost, for judging
   * what was durable when (a copy destroyed later was still a copy then). Such a mirror also
   * ignores volume adoptions (a wiped segment re-adopting the volume state would otherwise
   * zero it): records a truncation annulled are skipped by its reader, and every LSN of a
   * later epoch lies above anything a truncation annulled.
   */
  constructor(protectionGroups: number, memberMask: (pg: number) => number = () => 0xff, keepWiped = false) {
    this.keepWiped = keepWiped;
    this.members = MAX_SLOTS;
    this.memberMask = memberMask;
    this.scls = new Float64Array(protectionGroups * MAX_SLOTS);
  }

  /** Subscribe before the checkers that read it, so they see the updated value. */
  attach(trace: Trace): void {
    trace.subscribe((_time, kind, a, b, c) => {
      if (kind === 'scl' || kind === 'segment.hydrated' || (kind === 'segment.volume' && !this.keepWiped)) this.scls[a * this.members + b] = c;
      else if ((kind === 'segment.wipe' && !this.keepWiped) || kind === 'segment.new') this.scls[a * this.members + b] = 0;
    }, ['scl', 'segment.volume', 'segment.hydrated', 'segment.wipe', 'segment.new']);
  }

  scl(pg: number, segment: number): number {
    return this.scls[pg * this.members + segment]!;
  }

  /** Highest SCL of any slot of the PG (members or not: data held anywhere still exists). */
  maxScl(pg: number): number {
    let max = 0;
    for (let s = 0; s < this.members; s++) max = Math.max(max, this.scls[pg * this.members + s]!);
    return max;
  }

  /** Lowest SCL of any current member of the PG. */
  minScl(pg: number): number {
    const mask = this.memberMask(pg);
    let min = Infinity;
    for (let s = 0; s < this.members; s++) if ((mask & (1 << s)) !== 0) min = Math.min(min, this.scls[pg * this.members + s]!);
    return min;
  }
}
