/**
 * The failure-process model of one protection group (PG), for durability and availability
 * over long missions: a process of its own, far simpler than the protocol simulator, that
 * only tracks which copies are reachable (ARCHITECTURE.md §1.2, row `durability`).
 *
 * The PG has V = azs × segmentsPerAz segments, spread evenly over the AZs. Time is continuous
 * and every holding time exponential, so the process is a continuous-time Markov chain:
 *
 * - each segment in an AZ that is up fails at rate 1 / segmentMtbf;
 * - each failed segment in an AZ that is up is repaired (re-replicated from a live copy onto a
 *   new node in the same AZ) at rate 1 / mttr, independently of the others;
 * - each AZ that is up fails at rate 1 / azMtbf, taking all its segments out of reach; it comes
 *   back at rate 1 / azRestore with its segments as it left them: an AZ outage makes data
 *   unavailable and destroys none. While an AZ is down nothing happens inside it: its segments
 *   neither fail nor get repaired (a repair must place the new copy in that AZ).
 *
 * A segment is **available** when it has not failed and its AZ is up. Starting from all up at
 * time 0, over the mission [0, T]:
 *
 * - **write quorum lost**: the first time fewer than Vw segments are available, if before T;
 * - **read quorum lost**: the first time fewer than Vr segments are available, if before T.
 *   This is the durability question, asked the conservative way of the Aurora paper (A17
 *   §2.1): copies out of reach in a down AZ count as lost for as long as it is down, and once
 *   fewer than Vr copies are available the data is taken as lost (absorbing), even though an AZ
 *   coming back might have brought it back.
 *
 * Both are first-passage probabilities, each a question of its own: losing the write quorum is
 * not absorbing for the read question (repairs and restores go on). Losing the write quorum
 * and getting it back within the mission counts once.
 *
 * Left out: correlated segment failures (a storage node holding segments of several PGs fails
 * once for all of them), repair times that are not exponential or that depend on load, a
 * repair that fails, and any protocol: a lost quorum here is a count of copies, not a stalled
 * writer.
 */

/** Where the copies sit and how many a write and a read need. */
export interface Layout {
  readonly azs: number;
  readonly segmentsPerAz: number;
  /** Vw: available segments a write needs. */
  readonly write: number;
  /** Vr: available segments a read (and so the data) needs. */
  readonly read: number;
}

/** Mean times, in microseconds (the project's time unit); Infinity means "never fails". */
export interface FailureRates {
  readonly segmentMtbf: number;
  readonly azMtbf: number;
  readonly mttr: number;
  readonly azRestore: number;
  /** The mission T: the probabilities are of a loss within [0, T]. */
  readonly mission: number;
}

export interface DurabilityModel {
  readonly name: string;
  readonly layout: Layout;
  readonly rates: FailureRates;
}

export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly layout: Layout;
}

/** The layouts the CLI names: the paper's choice, the layout it argues against, and one more. */
export const PRESETS: readonly Preset[] = [
  {
    name: 'aurora-6-4-3',
    description: "Aurora: 6 copies, 2 in each of 3 AZs, write 4, read 3 (survives an AZ plus one more copy)",
    layout: { azs: 3, segmentsPerAz: 2, write: 4, read: 3 },
  },
  {
    name: 'three-copy-2-2',
    description: '3 copies, 1 in each of 3 AZs, write 2, read 2 (an AZ plus one more copy loses the data)',
    layout: { azs: 3, segmentsPerAz: 1, write: 2, read: 2 },
  },
  {
    name: 'four-copy-3-2',
    description: '4 copies, 2 in each of 2 AZs, write 3, read 2 (an AZ loss stops writes)',
    layout: { azs: 2, segmentsPerAz: 2, write: 3, read: 2 },
  },
];

export function presetNamed(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

/** Bounds on the layout's numbers, before the bound on its chain. */
export const LIMITS = { azs: 6, segmentsPerAz: 6 } as const;

/** Lumped states at most (`chain.ts`): the exact computation's dense squaring costs states^3 per step. */
export const MAX_STATES = 300;

/** The number of lumped states before the lost ones are merged: multisets of A codes out of 2 (s + 1). */
export function lumpedStateBound(layout: Layout): number {
  const m = 2 * (layout.segmentsPerAz + 1);
  let count = 1;
  for (let i = 1; i <= layout.azs; i++) count = (count * (m + i - 1)) / i; // C(m + A - 1, A), a whole number at every step
  return Math.round(count);
}

/** Every problem with a layout, as messages for the user; empty when it is usable. */
export function layoutProblems(layout: Layout): string[] {
  const problems: string[] = [];
  const whole = (value: number, name: string, lo: number, hi: number): void => {
    if (!Number.isInteger(value) || value < lo || value > hi) problems.push(`${name} must be a whole number from ${lo} to ${hi}, got ${value}`);
  };
  whole(layout.azs, 'azs', 1, LIMITS.azs);
  whole(layout.segmentsPerAz, 'segments per AZ', 1, LIMITS.segmentsPerAz);
  const v = layout.azs * layout.segmentsPerAz;
  if (problems.length === 0) {
    whole(layout.write, 'the write quorum', 1, v);
    whole(layout.read, 'the read quorum', 1, v);
    const states = lumpedStateBound(layout);
    if (states > MAX_STATES) problems.push(`${layout.azs} AZs of ${layout.segmentsPerAz} segments make up to ${states} states, more than the exact computation takes (${MAX_STATES})`);
  }
  return problems;
}

/** Every problem with a set of rates; empty when they are usable. */
export function rateProblems(rates: FailureRates): string[] {
  const problems: string[] = [];
  const positive = (value: number, name: string, infinite: boolean): void => {
    const ok = value > 0 && (Number.isFinite(value) || (infinite && value === Infinity));
    if (!ok) problems.push(`${name} must be a positive duration${infinite ? ' (or never)' : ''}, got ${value}`);
  };
  positive(rates.segmentMtbf, 'the segment MTBF', true);
  positive(rates.azMtbf, 'the AZ MTBF', true);
  positive(rates.mttr, 'the MTTR', false);
  positive(rates.azRestore, 'the AZ restore time', false);
  positive(rates.mission, 'the mission', false);
  return problems;
}

/** The rates per mission (time unit T = 1), the form both the chain and the Monte Carlo use. */
export interface MissionRates {
  readonly segmentFailure: number;
  readonly azFailure: number;
  readonly repair: number;
  readonly restore: number;
}

export function missionRates(rates: FailureRates): MissionRates {
  return {
    segmentFailure: rates.mission / rates.segmentMtbf,
    azFailure: rates.mission / rates.azMtbf,
    repair: rates.mission / rates.mttr,
    restore: rates.mission / rates.azRestore,
  };
}

/** Which quorum a question is about. */
export type Question = 'write' | 'read';

export const QUESTIONS: readonly Question[] = ['write', 'read'];

/** The quorum size a question asks to keep. */
export function quorumOf(layout: Layout, question: Question): number {
  return question === 'write' ? layout.write : layout.read;
}
