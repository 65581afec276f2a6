/**
 * What checkers may read besides the trace: the facts of what storage physically holds, and
 * the clients' own history of acknowledged transactions. Declared here, in the checkers'
 * terms, and wired by the composition root (as `faults` declares `FaultTarget`), so that no
 * model imports a checker and no checker reaches into a model's internals.
 *
 * A segment's SCL is a claim the segment makes; what it holds is a fact. Checkers that judge
 * durability must be able to catch the claim lying, so they read the facts here.
 */

/** One segment, read-only. */
export interface SegmentFacts {
  /** False after the segment lost its data (until rebuilt) and while a new segment waits for its copy. */
  readonly intact: boolean;
  /** True while a new segment waits for its copy. */
  readonly hydrating: boolean;
  /** The SCL the segment reports now (the claim). */
  readonly scl: number;
  /** LSN through which records were folded into page versions (held, as pages). */
  readonly coalescedPoint: number;
  /** The segment's volume state: truncation ranges it knows, flattened (from, to] pairs. */
  readonly volume: { readonly epoch: number; readonly truncations: readonly number[] };
  /** Whether it physically holds record `lsn` (hot log or folded into pages). */
  holds(lsn: number): boolean;
  /** Whether it holds any record with LSN in (from, to]. */
  holdsAnyIn(from: number, to: number): boolean;
}

export interface StorageInspector {
  /** The segment now in `slot` of `pg` on its storage node, or undefined (none, or retired). */
  segment(pg: number, slot: number): SegmentFacts | undefined;
}

/**
 * The clients' record of acknowledgements, in the order clients received them: for each
 * acknowledged transaction, its commit LSN, how many records it wrote (the commit record
 * last; a transaction's records take consecutive LSNs) and the volume epoch of the writer
 * that acknowledged it. The checker that reads it drains it, so it stays short.
 */
export interface ClientHistory {
  drainAcknowledged(into: (commitLsn: number, records: number, epoch: number) => void): void;
}
