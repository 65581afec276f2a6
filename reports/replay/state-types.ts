/**
 * The shape of a run's state at one event (`state.ts` folds it, `replay --json` prints it):
 * plain data, times in integer microseconds (`Us`), LSNs and epochs as the trace has them.
 */

/**
 * What the writer is doing, as far as its trace events tell:
 * - `none`: no writer has opened yet;
 * - `open`: open for transactions (`writer.open`, `recovery.done`);
 * - `promoted`: the control plane chose a replica's host (`promote`), its recovery not begun;
 * - `reading`: recovery under way, fencing with the new epoch and reading a quorum of every PG
 *   (`recovery.start`);
 * - `truncating`: VCL and VDL computed (`recovery.read`), the truncation range being recorded;
 * - `repairing`: the range recorded (`truncate`), waiting for a write quorum of every PG at its
 *   last kept record;
 * - `gave-up`: the repair step gave up (`recovery.lost-edge`, `recovery.stalled`); the writer's
 *   next round starts in a new epoch;
 * - `superseded`: the metadata service refused its truncation (`recovery.superseded`);
 * - `fenced`: storage refused its epoch (`writer.fenced`).
 */
export type WriterPhase = 'none' | 'open' | 'promoted' | 'reading' | 'truncating' | 'repairing' | 'gave-up' | 'superseded' | 'fenced';

export interface ReplayState {
  /** Time of the last event folded in. */
  readonly timeUs: number;
  /** Events folded in: the last one's index is `events - 1`. */
  readonly events: number;
  /** The last `phase` marker (`run`, `end`), or null before the first. */
  readonly runPhase: string | null;
  readonly writer: WriterState;
  /** Writers of older epochs on other hosts, since replaced: not known to be dead unless fenced. */
  readonly formerWriters: readonly FormerWriter[];
  /** The writer's consistency points as it last moved them (a crashed writer's stay as they were). */
  readonly vcl: Point | null;
  readonly vdl: Point | null;
  /** The last LSN allocated, and whether allocation is stalled at the LAL limit. */
  readonly allocation: { readonly lsn: number; readonly stalled: boolean };
  /** `budget` and `failure-model`: whether the active faults owe writes, and stay within the failure model. */
  readonly budget: { readonly writesOwed: boolean; readonly withinFailureModel: boolean };
  readonly commits: { readonly submitted: number; readonly acknowledged: number; readonly refused: number; readonly aborted: number };
  /** Faults begun and not ended, in the order they began. */
  readonly faults: readonly ActiveFault[];
  readonly pgs: readonly PgState[];
  /** Each replica's last applied VDL (`replica.vdl`), by id. */
  readonly replicas: readonly { readonly id: number; readonly vdl: number }[];
}

export interface Point {
  readonly lsn: number;
  readonly epoch: number;
  readonly atUs: number;
}

export interface WriterState {
  /** Host id (`writer.open`, `recovery.start`, `promote`), null before any writer. */
  readonly host: number | null;
  readonly epoch: number;
  readonly phase: WriterPhase;
  /** When it entered this phase. */
  readonly sinceUs: number;
  /** The recovery under way, or the last one of this host. */
  readonly recovery: RecoveryState | null;
  /** Recoveries started so far (each round of a retried one counts). */
  readonly recoveries: number;
  /** Active faults aimed at `writer` that began while this host was the writer. */
  readonly faults?: readonly ActiveFault[];
}

export interface FormerWriter {
  readonly host: number;
  readonly epoch: number;
  /** `superseded`: a newer writer took over (this one may still be alive); `fenced`: storage refused it. */
  readonly status: 'superseded' | 'fenced';
  readonly sinceUs: number;
  readonly faults?: readonly ActiveFault[];
}

export interface RecoveryState {
  readonly epoch: number;
  readonly host: number;
  readonly startUs: number;
  /** 1, or the round after a repair step that gave up (the same recovery tried again). */
  readonly attempt: number;
  readonly read: { readonly vcl: number; readonly vdl: number; readonly atUs: number } | null;
  readonly truncation: { readonly from: number; readonly to: number; readonly atUs: number } | null;
  readonly end: RecoveryEnd | null;
}

export interface RecoveryEnd {
  /** `abandoned`: a newer recovery or writer took over before it finished. */
  readonly outcome: 'done' | 'gave-up' | 'superseded' | 'fenced' | 'abandoned';
  readonly atUs: number;
  readonly detail: string;
}

export interface ActiveFault {
  /** As the `fault` line gives it, without `start`: `latency-spike writer extra=25000us`. */
  readonly text: string;
  readonly kind: string;
  readonly target: string;
  /** `name=value` words (the magnitude), or ''. */
  readonly params: string;
  readonly sinceUs: number;
}

export interface PgState {
  readonly pg: number;
  /** The writer's PGCL of this PG as it last moved it. */
  readonly pgcl: Point | null;
  readonly membership: {
    readonly epoch: number;
    /** Settled member slots. */
    readonly members: readonly number[];
    /** Pending replacements [from slot, to slot]. */
    readonly replacements: readonly (readonly [number, number])[];
  };
  /** Every slot a segment has taken, by slot. */
  readonly segments: readonly SegmentState[];
}

/**
 * - `intact`: holds its data;
 * - `wiped`: lost its data (`segment.wipe`);
 * - `new`: a replacement waiting for its copy (`segment.new`);
 * - `hydrated`: a replacement that installed a peer's copy (`segment.hydrated`).
 */
export type SegmentStatus = 'intact' | 'wiped' | 'new' | 'hydrated';

/**
 * In the PG's membership: a settled `member`; `leaving` (F of a pending F -> G) or `joining`
 * (its G), `partner` naming the other end; `out`: in no member set.
 */
export type SegmentRole = 'member' | 'leaving' | 'joining' | 'out';

export interface SegmentState {
  readonly slot: number;
  readonly scl: number;
  /** Volume epoch it holds; null when the trace cannot tell (after a wipe). */
  readonly epoch: number | null;
  /** Truncation ranges it knows (`segment.volume`). */
  readonly truncations: number;
  readonly status: SegmentStatus;
  readonly role: SegmentRole;
  readonly partner: number | null;
}
