/**
 * A run's verdict from what its checkers, observers and expectations found, and why the loop
 * stopped. Failed beats inconclusive: a broken expectation is a finding however the run ended,
 * except for a run its caller ended early, which has not been run.
 */
import type { StopReason } from '../core/loop.ts';

/** How the run ended: 'ok' exit 0, 'failed' exit 1, 'inconclusive' exit 3. */
export type Verdict = 'ok' | 'failed' | 'inconclusive';

export interface Judged {
  readonly verdict: Verdict;
  /** Why the run is inconclusive, if it is. */
  readonly inconclusive?: string;
}

export interface Findings {
  /** Why the loop stopped: its duration ran out, the event budget did, or the caller ended it. */
  readonly stop: StopReason;
  /** Simulated time at the stop, µs. */
  readonly now: number;
  /** The converge phase after the faults healed; absent when it is not judged. */
  readonly convergence: { readonly ok: boolean; readonly detail: string } | undefined;
  readonly expectations: readonly { readonly ok: boolean }[];
}

export function judge({ stop, now, convergence, expectations }: Findings): Judged {
  if (stop === 'stopped') return { verdict: 'inconclusive', inconclusive: `stopped early by its caller at ${now} us` };
  if (!expectations.every((e) => e.ok)) return { verdict: 'failed' };
  if (stop === 'maxEvents') return { verdict: 'inconclusive', inconclusive: 'the event budget (maxEvents) ran out' };
  if (convergence !== undefined && !convergence.ok) return { verdict: 'inconclusive', inconclusive: convergence.detail };
  return { verdict: 'ok' };
}
