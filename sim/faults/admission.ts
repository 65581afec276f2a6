/**
 * Whether a triggered fault, or a timed one chaos drew, may start now. Timed faults were
 * checked before the run (scenario validation refuses two process faults on one host; chaos
 * draws within the failure model), but with the placement before the run: repairs move
 * segments to other nodes, so a drawn fault is checked again when it would start. A triggered
 * one is checked only then, against every fault placed so far: those
 * that ran or are running, and every timed fault still to come that its window overlaps (so a
 * later timed fault, checked without it, cannot take the two together beyond what is allowed).
 *
 * Every triggered fault is refused when it would stop or pause a host another overlapping fault
 * stops or pauses (a host takes one process fault at a time). One held to the failure model
 * (every fault chaos arms, unless chaos may exceed the model; a file's with
 * `withinFailureModel: true`) is also refused when at some instant of its window it would
 * take a PG outside AZ+1 with a read quorum or add a second compute fault (`chaos.ts`
 * `admissible`, the rule chaos draws by).
 *
 * Placement (`footprint.ts`) works on the placement of the moment: a fault that has started is
 * placed again with `writer` pinned to the host it resolved to (after a failover, the replica
 * that took over), so "crash the writer during its recovery" after a failover is not mistaken
 * for a second fault on the old writer's host. Timed faults still to come keep `writer` as the
 * initial writer, as chaos placed them.
 */
import type { FaultSpec } from './fault-spec.ts';
import { MAX_SLOTS, type Topology } from '../topology/topology.ts';
import { admissible, place, type ChaosContext, type Placed } from './chaos.ts';
import type { Selector } from './fault-target.ts';

const NONE: ReadonlySet<number> = new Set();

export class Admission {
  private readonly context: ChaosContext;
  private readonly placed: Placed[];

  /** `timed`: the faults scheduled before the run, in start order. */
  constructor(context: ChaosContext, timed: readonly FaultSpec[]) {
    this.context = context;
    this.placed = timed.map((spec) => place(spec, context));
  }

  /**
   * Whether `spec`, starting now with `writer` on `writerHost`, holds with everything placed;
   * `withinModel`: also hold it to the failure model.
   */
  admits(spec: FaultSpec, writerHost: number, withinModel: boolean, stillEmpty: ReadonlySet<number> = NONE): boolean {
    const candidate = place(pinWriter(spec, writerHost, this.context.topology), this.context);
    const others = this.placed.filter((p) => p.spec !== spec);
    return admissible(candidate, [...others, ...this.emptied(stillEmpty, spec.at)], !withinModel, this.context);
  }

  /**
   * Segments a data loss emptied that repair has not replaced yet (`pg * MAX_SLOTS + slot`), as
   * losses lasting from `at` on: the fixed tail a plan gives a data loss is a guess, and a
   * repair that cannot complete (no writer to see the new segment catch up, no free slot)
   * keeps the segment out for as long as it lasts.
   */
  private emptied(stillEmpty: ReadonlySet<number>, at: number): Placed[] {
    return [...stillEmpty].map((index) => {
      const target = { kind: 'segment' as const, pg: Math.floor(index / MAX_SLOTS), segment: index % MAX_SLOTS };
      const spec: FaultSpec = { kind: 'disk-loss', at, for: Number.MAX_SAFE_INTEGER, target, label: '' };
      return { ...place(spec, this.context), end: Infinity };
    });
  }

  /** A timed fault that was placed will not start after all. */
  dropped(spec: FaultSpec): void {
    const index = this.placed.findIndex((p) => p.spec === spec);
    if (index >= 0) this.placed.splice(index, 1);
  }

  /** `spec` started with `writer` on `writerHost`: place it (again) as it really is. */
  started(spec: FaultSpec, writerHost: number): void {
    const placed = place(pinWriter(spec, writerHost, this.context.topology), this.context);
    const index = this.placed.findIndex((p) => p.spec === spec);
    if (index >= 0) this.placed[index] = { ...placed, spec };
    else this.placed.push({ ...placed, spec });
  }
}

/** `spec` with a `writer` target or peer replaced by the selector of the host it is on now. */
export function pinWriter(spec: FaultSpec, writerHost: number, topology: Topology): FaultSpec {
  const pin = (s: Selector): Selector => {
    if (s.kind !== 'writer' || writerHost === topology.writer.id) return s;
    const replica = topology.replicas.findIndex((h) => h.id === writerHost);
    return replica < 0 ? s : { kind: 'replica', index: replica + 1 };
  };
  const target = pin(spec.target);
  const peer = spec.peer === undefined ? undefined : pin(spec.peer);
  if (target === spec.target && peer === spec.peer) return spec;
  return { ...spec, target, ...(peer === undefined ? {} : { peer }) };
}
