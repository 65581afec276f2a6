/**
 * The checker contract: a checker reads trace events (never the model's objects, never
 * steering) and reports one named invariant. Violations are counted; the first is kept with
 * its time and a message that says what was seen.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';

export interface Checker {
  readonly name: string;
  /** Starts reading the trace. */
  attach(trace: ModelTrace): void;
  /** Called once after the run; returns the verdict. */
  finish(): InvariantResult;
}

/** Counts violations and remembers the first. */
export class ViolationLog {
  count = 0;
  private first: { timeUs: number; message: string } | undefined;

  report(timeUs: number, message: string): void {
    this.count++;
    if (this.first === undefined) this.first = { timeUs, message };
  }

  result(name: string): InvariantResult {
    return this.first === undefined
      ? { name, ok: true, violations: 0 }
      : { name, ok: false, violations: this.count, first: this.first };
  }
}
