/**
 * Every segment's progress as fault triggers see it, rebuilt from the trace (the injector reads
 * the trace like a checker; it never asks the models): the SCL of each (PG, slot) from `scl`,
 * `segment.volume` (a truncation may lower it) and `segment.hydrated`; which segments are empty
 * (`segment.wipe`, `segment.new`, until `segment.hydrated`); and each PG's settled members from
 * `membership`.
 *
 * A segment's **lag** is its PG's highest SCL minus its own, over the settled members that are
 * not empty: an empty segment is being repaired, not lagging, and a segment on its way in (a
 * replacement still hydrating) is not a member yet. A member on a crashed node counts (its SCL
 * stands still while its peers move on: that is lag).
 *
 * Not modelled: records a segment holds above a gap (SCL is the contiguous prefix only).
 */
import type { ModelFields, ModelTrace } from '../protocol/trace-kinds.ts';
import { MAX_SLOTS } from '../topology/topology.ts';

/** Called after a PG's progress changed, with the time of the event. */
export type ProgressListener = (pg: number, time: number) => void;

export class SegmentProgress {
  private readonly scls: Float64Array;
  private readonly empty: Uint8Array;
  private readonly members: Int32Array;
  private readonly listeners: ProgressListener[] = [];

  constructor(protectionGroups: number, segmentsPerPg: number) {
    this.scls = new Float64Array(protectionGroups * MAX_SLOTS);
    this.empty = new Uint8Array(protectionGroups * MAX_SLOTS);
    this.members = new Int32Array(protectionGroups).fill((1 << segmentsPerPg) - 1);
  }

  /** Calls `listener` after every change of a PG's progress or membership. */
  onChange(listener: ProgressListener): void {
    this.listeners.push(listener);
  }

  attach(trace: ModelTrace): void {
    const { scls, empty, members } = this;
    const changed = (pg: number, time: number): void => {
      for (const listener of this.listeners) listener(pg, time);
    };
    const emptied = (time: number, { pg, segment }: ModelFields<'segment.wipe'>): void => {
      scls[pg * MAX_SLOTS + segment] = 0;
      empty[pg * MAX_SLOTS + segment] = 1;
      changed(pg, time);
    };
    trace.on({
      scl: (time, { pg, segment, lsn }) => {
        scls[pg * MAX_SLOTS + segment] = lsn;
        changed(pg, time);
      },
      'segment.volume': (time, { pg, segment, scl }) => {
        scls[pg * MAX_SLOTS + segment] = scl;
        changed(pg, time);
      },
      'segment.hydrated': (time, { pg, segment, scl }) => {
        scls[pg * MAX_SLOTS + segment] = scl;
        empty[pg * MAX_SLOTS + segment] = 0;
        changed(pg, time);
      },
      'segment.wipe': emptied,
      'segment.new': emptied,
      membership: (time, { pg, base }) => {
        members[pg] = base;
        changed(pg, time);
      },
    });
  }

  /** Whether the segment in `slot` counts: a settled member that is not empty. */
  counts(pg: number, slot: number): boolean {
    return (this.members[pg]! & (1 << slot)) !== 0 && this.empty[pg * MAX_SLOTS + slot] === 0;
  }

  /** The settled member slots of `pg`, as a mask. */
  memberMask(pg: number): number {
    return this.members[pg]!;
  }

  scl(pg: number, slot: number): number {
    return this.scls[pg * MAX_SLOTS + slot]!;
  }

  /** The highest SCL among the PG's counted segments (0 if none counts). */
  highest(pg: number): number {
    let max = 0;
    for (let slot = 0; slot < MAX_SLOTS; slot++) if (this.counts(pg, slot)) max = Math.max(max, this.scl(pg, slot));
    return max;
  }

  /** How far the segment is behind its PG's highest SCL, in LSNs; -1 when it does not count. */
  lag(pg: number, slot: number): number {
    return this.counts(pg, slot) ? this.highest(pg) - this.scl(pg, slot) : -1;
  }

  /** The counted segment of `pg` with the highest SCL other than `except` (lowest slot on a tie), or -1. */
  leading(pg: number, except: number): number {
    let best = -1;
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      if (slot === except || !this.counts(pg, slot)) continue;
      if (best < 0 || this.scl(pg, slot) > this.scl(pg, best)) best = slot;
    }
    return best;
  }
}
