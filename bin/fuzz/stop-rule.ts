/**
 * When a fuzz campaign stops starting seeds, and why it ended: every seed it was given ran
 * (`all-seeds`), its `--time` was spent (`time`), or Ctrl-C stopped it (`interrupted`). The pool
 * asks `shouldStop` before each seed; the first reason it finds sticks. The time runs from the
 * first time it is asked, when the first seed is about to start: starting the worker threads
 * is not part of it, and a session always runs at least one seed. The clock is passed in, so
 * the rule is tested without waiting.
 */

export type CampaignEnd = 'all-seeds' | 'time' | 'interrupted';

export class StopRule {
  private readonly timeMs: number | undefined;
  private deadlineMs: number | undefined;
  private readonly now: () => number;
  private interruptedFlag = false;
  private reason: Exclude<CampaignEnd, 'all-seeds'> | undefined;

  /** `timeMs`: how long seeds may keep starting, from the first; undefined for no limit. */
  constructor(timeMs: number | undefined, now: () => number) {
    this.now = now;
    this.timeMs = timeMs;
  }

  /** Ctrl-C: no further seed starts, in this pass or a later one. */
  interrupt(): void {
    this.interruptedFlag = true;
  }

  get interrupted(): boolean {
    return this.interruptedFlag;
  }

  /** For the seed pass: stop on Ctrl-C or once the time is spent. */
  readonly shouldStop = (): boolean => {
    if (this.timeMs !== undefined) this.deadlineMs ??= this.now() + this.timeMs;
    if (this.reason === undefined) {
      if (this.interruptedFlag) this.reason = 'interrupted';
      else if (this.deadlineMs !== undefined && this.now() >= this.deadlineMs) this.reason = 'time';
    }
    return this.reason !== undefined;
  };

  /** How long seeds may still start: all of the time until the first has, none once stopped. */
  timeLeftMs(): number {
    if (this.reason !== undefined) return 0;
    if (this.timeMs === undefined) return Infinity;
    return this.deadlineMs === undefined ? this.timeMs : Math.max(0, this.deadlineMs - this.now());
  }

  /** Whether the seed pass stopped before its last seed, so that seeds are left to run. */
  get cut(): boolean {
    return this.reason !== undefined;
  }

  /** A Ctrl-C ends the campaign as interrupted whenever it came: the command exits 130. */
  get end(): CampaignEnd {
    return this.interruptedFlag ? 'interrupted' : (this.reason ?? 'all-seeds');
  }
}
