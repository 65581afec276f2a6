/** What the checkers and observers report, as plain data (a run's result carries them). */

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
