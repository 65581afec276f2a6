/**
 * The checkers' own record of every segment's SCL, rebuilt from the trace: `scl` events
 * (persisted progress), `segment.volume` (a truncation may lower it) and `segment.wipe` (data
 * lost). Shared by the checkers that need "who holds what"; it only reads.
 *
 * Two views, kept by one listener (an `scl` event is half of a run's trace events, and each
 * listener is a call per event):
 * - `live`: what each segment holds now;
 * - `persisted`: what each segment persisted, remembered even after its data is lost, for
 *   judging what was durable when (a copy destroyed later was still a copy then). It ignores
 *   volume adoptions (a wiped segment re-adopting the volume state would otherwise zero it):
 *   records a truncation annulled are skipped by its readers, and every LSN of a later epoch
 *   lies above anything a truncation annulled.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import { MAX_SLOTS } from '../topology/topology.ts';

/** One view of the SCLs: by (PG, slot), with the PG's current members for min/max. */
export class SclView {
  private readonly scls: Float64Array;
  /** Which slots count for min: the PG's current members. */
  private readonly memberMask: (pg: number) => number;

  constructor(scls: Float64Array, memberMask: (pg: number) => number) {
    this.scls = scls;
    this.memberMask = memberMask;
  }

  scl(pg: number, segment: number): number {
    return this.scls[pg * MAX_SLOTS + segment]!;
  }

  /** Highest SCL of any current member of the PG (slots that left it do not count). */
  maxMemberScl(pg: number): number {
    const mask = this.memberMask(pg);
    let max = 0;
    for (let s = 0; s < MAX_SLOTS; s++) if ((mask & (1 << s)) !== 0) max = Math.max(max, this.scls[pg * MAX_SLOTS + s]!);
    return max;
  }

  /** Lowest SCL of any current member of the PG. */
  minScl(pg: number): number {
    const mask = this.memberMask(pg);
    let min = Infinity;
    for (let s = 0; s < MAX_SLOTS; s++) if ((mask & (1 << s)) !== 0) min = Math.min(min, this.scls[pg * MAX_SLOTS + s]!);
    return min;
  }
}

export class SclMirror {
  readonly live: SclView;
  readonly persisted: SclView;
  private readonly liveScls: Float64Array;
  private readonly persistedScls: Float64Array;

  /** `memberMask`: the PG's current members (all slots if not given). */
  constructor(protectionGroups: number, memberMask: (pg: number) => number = () => 0xff) {
    this.liveScls = new Float64Array(protectionGroups * MAX_SLOTS);
    this.persistedScls = new Float64Array(protectionGroups * MAX_SLOTS);
    this.live = new SclView(this.liveScls, memberMask);
    this.persisted = new SclView(this.persistedScls, memberMask);
  }

  /** Subscribe before the checkers that read it, so they see the updated value. */
  attach(trace: ModelTrace): void {
    const live = this.liveScls;
    const persisted = this.persistedScls;
    trace.on({
      scl: (_time, { pg, segment, lsn }) => {
        live[pg * MAX_SLOTS + segment] = lsn;
        persisted[pg * MAX_SLOTS + segment] = lsn;
      },
      'segment.volume': (_time, { pg, segment, scl }) => void (live[pg * MAX_SLOTS + segment] = scl),
      'segment.hydrated': (_time, { pg, segment, scl }) => {
        live[pg * MAX_SLOTS + segment] = scl;
        persisted[pg * MAX_SLOTS + segment] = scl;
      },
      'segment.wipe': (_time, { pg, segment }) => void (live[pg * MAX_SLOTS + segment] = 0),
      'segment.new': (_time, { pg, segment }) => {
        live[pg * MAX_SLOTS + segment] = 0;
        persisted[pg * MAX_SLOTS + segment] = 0;
      },
    });
  }
}
