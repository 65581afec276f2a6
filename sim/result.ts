/**
 * RunResult: everything a run produced, as plain data. Renderers (reports/) turn it into
 * text, JSON or Markdown; the CLI turns `verdict` into an exit code. The JSON renderer's
 * output is the `run --json` contract of ARCHITECTURE.md §4.3: integer microseconds, keys with
 * units.
 */
import type { HistogramSnapshot, Percentiles } from './metrics/histogram.ts';
import type { ResolvedScenario } from './scenario/resolved.ts';
import type { SwarmChoice } from './faults/swarm.ts';

/** Percentiles of a latency histogram (nearest rank, within 0.1%; count, mean and max exact). */
export type LatencySummary = Percentiles;

/** A latency histogram as plain data; snapshots of many runs merge exactly (`Histogram.merged`). */
export type { HistogramSnapshot };

export interface InvariantResult {
  readonly name: string;
  readonly ok: boolean;
  readonly violations: number;
  /** The first violation, if any. */
  readonly first?: { readonly timeUs: number; readonly message: string };
}

export interface ExpectationResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * How a recovery ended: `completed` (the volume reopened), `abandoned` (a recovery in a newer
 * epoch superseded it, or its writer was fenced out, before it finished), `unfinished` (still
 * running when the run ended).
 */
export type RecoveryOutcome = 'completed' | 'abandoned' | 'unfinished';

export interface RecoveryResult {
  /** 'crash-recovery' (the writer restarted in place) or 'failover' (a replica took over). */
  readonly kind: string;
  readonly startUs: number;
  readonly durationUs: number;
  /** True if the recovery finished (`outcome` is 'completed'). */
  readonly completed: boolean;
  readonly outcome: RecoveryOutcome;
  /**
   * Fence/read rounds: more than 1 when a repair step gave up (it lost or could not reach the
   * last copy of a kept record) and the writer recovered again in the next epoch. The phases
   * are the last round's; `retriedUs` is the time spent in the rounds given up.
   */
  readonly attempts: number;
  readonly phases: {
    readonly detectUs: number;
    readonly retriedUs: number;
    readonly fenceAndReadUs: number;
    readonly truncateAndRepairUs: number;
  };
  readonly vdlBefore: number;
  readonly vdlAfter: number;
  readonly truncatedFrom: number;
  readonly truncatedTo: number;
}

export interface ReplicaResult {
  readonly id: number;
  readonly lagUs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** How the run ended: 'ok' exit 0, 'failed' exit 1, 'inconclusive' exit 3. */
export type Verdict = 'ok' | 'failed' | 'inconclusive';

export interface RunResult {
  readonly scenario: ResolvedScenario;
  /** Path of the scenario file, as given, for the reproduce command. */
  readonly source: string;
  readonly seed: number;
  readonly verdict: Verdict;
  /** Why the run is inconclusive, if it is. */
  readonly inconclusive?: string;
  readonly traceHash: string;
  readonly simulated: { readonly durationUs: number; readonly events: number; readonly traceEvents: number };
  readonly commits: {
    readonly submitted: number;
    readonly acknowledged: number;
    readonly lost: number;
    /** No writer could take them (none was open). */
    readonly refused: number;
    /** Their writer died or was fenced before acknowledging them. */
    readonly aborted: number;
    readonly latencyUs: LatencySummary;
    /** The histogram `latencyUs` summarizes, for merging the latencies of many runs. */
    readonly latencyHistogram: HistogramSnapshot;
  };
  readonly vdl: { readonly final: number; readonly vcl: number; readonly monotonic: boolean };
  readonly availability: { readonly writeUnavailableUs: number; readonly windows: readonly (readonly [number, number])[] };
  /**
   * The faults that ran: the scenario's plus those chaos expanded, and those triggers started
   * (with their real start and resolved target), as timed scenario-file entries in the order
   * they began; written back as `faults:`, they replay the run.
   */
  readonly faults: readonly unknown[];
  /** With `chaos.swarm`: the kinds and triggers this seed enabled, with their weights. */
  readonly swarm?: SwarmChoice;
  /** The converge phase after the last fault healed; absent for fault-free runs. */
  readonly convergence?: { readonly healedAtUs: number; readonly convergedAtUs?: number; readonly ok: boolean; readonly detail: string };
  readonly recoveries: readonly RecoveryResult[];
  readonly replicas: readonly ReplicaResult[];
  readonly network: {
    /** Bytes sent per link class, framing included. */
    readonly bytes: Readonly<Record<string, number>>;
    readonly messages: Readonly<Record<string, number>>;
    readonly dropped: number;
    /** Boxcars the writers shipped: each one quorum write, to every member of one PG. */
    readonly writeBatches: number;
    /** Writer network sends to storage per acknowledged commit. */
    readonly ioPerCommit: number;
    /** Redo payload bytes the writer produced (one copy, headers excluded). */
    readonly redoBytes: number;
  };
  readonly storage: {
    readonly diskWrites: number;
    readonly gossipRecordsFilled: number;
    readonly recordsCoalesced: number;
    /** PG membership changes: each step of a segment replacement (begun, completed, reverted). */
    readonly membershipChanges: number;
  };
  readonly invariants: readonly InvariantResult[];
  readonly expectations: readonly ExpectationResult[];
  /** One command line that reproduces this run. */
  readonly replay: string;
  /** Canonical trace lines, when the run was asked to keep them. */
  readonly traceLines?: readonly string[];
}
