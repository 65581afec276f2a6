/**
 * RunResult: everything a run produced, as plain data. Renderers (reports/) turn it into
 * text, JSON or Markdown; the CLI turns `verdict` into an exit code. The JSON renderer's
 * output is the `run --json` contract of ARCHITECTURE.md §4.3: integer microseconds, keys with
 * units.
 */
import type { ExpectationResult, InvariantResult, RecoveryOutcome, RecoveryResult } from './check/results.ts';
import type { Verdict } from './check/verdict.ts';
import type { HistogramSnapshot, Percentiles } from './metrics/histogram.ts';
import type { ResolvedScenario } from './scenario/resolved.ts';
import type { SwarmChoice } from './faults/swarm.ts';

export type { ExpectationResult, InvariantResult, RecoveryOutcome, RecoveryResult, Verdict };

/** Percentiles of a latency histogram (nearest rank, within 0.1%; count, mean and max exact). */
export type LatencySummary = Percentiles;

/** A latency histogram as plain data; snapshots of many runs merge exactly (`Histogram.merged`). */
export type { HistogramSnapshot };

export interface ReplicaResult {
  readonly id: number;
  readonly lagUs: { readonly p50: number; readonly p99: number; readonly max: number };
}

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
