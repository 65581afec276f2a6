/**
 * A fault as the injector runs it: a kind with its parameters (`kinds.ts`), a target and a
 * window; and a fault that starts on a state of the run instead of at a time (`trigger.ts`).
 * All times are integer µs.
 */
import type { Selector, TriggeredSelector } from './fault-target.ts';
import type { FaultKindSpec } from './kinds.ts';

/** Every fault lasts `for` µs and is then undone. */
export type FaultSpec = FaultKindSpec & {
  /** Start, µs from the beginning of the run. */
  readonly at: number;
  /** Duration, µs; the fault is undone at at + for. */
  readonly for: number;
  readonly target: Selector;
  /** Link faults: the other end (`target <-> peer`, or `target -> peer` for one-way). */
  readonly peer?: Selector;
  /**
   * With a peer: true when the fault acts on `target -> peer` only (always for
   * one-way-partition), false or absent for both directions. Without a peer, a link fault acts
   * on every link to or from the target.
   */
  readonly oneWay?: boolean;
  /** The selector text as written, for reports and the trace. */
  readonly label: string;
};

/** Trace events a fault can be triggered on (`trigger.ts` says what each means). */
export type TriggerEvent =
  | 'recovery.start'
  | 'recovery.read'
  | 'truncate'
  | 'recovery.done'
  | 'promote'
  | 'membership'
  | 'segment.wipe'
  | 'segment.new'
  | 'segment.hydrated'
  | 'writer.open';

/** What a trigger waits for: a trace event, or a segment lagging its PG. */
export type TriggerCondition =
  | { readonly kind: 'event'; readonly event: TriggerEvent }
  /** A segment at least `records` LSNs behind its PG's highest SCL, continuously for `for` µs. */
  | { readonly kind: 'lag'; readonly records: number; readonly for: number };

export interface TriggerSpec {
  readonly on: TriggerCondition;
  /** The first firing is on this match (1-based). */
  readonly occurrence: number;
  /** Firings at most, from `occurrence` on. */
  readonly times: number;
  /** From the match to the fault's start, µs (a fault starts at least 1 µs after its match). */
  readonly after: number;
  /** Only matches in [from, to) count, µs. */
  readonly from: number;
  readonly to: number;
}

/**
 * A fault that starts when the run reaches a state. Its target may name a segment relative to
 * the state (`TriggeredSelector`); it is resolved when the trigger matches, and the fault that
 * runs is an ordinary `FaultSpec` with `at` the instant it started.
 */
export type TriggeredFaultSpec = FaultKindSpec & {
  readonly when: TriggerSpec;
  /** Duration, µs; absent: the rest of the run from the fault's start. */
  readonly for?: number;
  readonly target: TriggeredSelector;
  readonly peer?: Selector;
  readonly oneWay?: boolean;
  readonly label: string;
  /**
   * Held to the failure model when it would start, and dropped if it would leave it: chaos arms
   * its triggered faults so, unless `exceedFailureModel`.
   */
  readonly withinFailureModel?: boolean;
};
