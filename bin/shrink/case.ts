/**
 * One shrink from start to proof: the runner with its budget (the input's own run counts as
 * the first), the standalone scenario checked to fail as the input did when it is not the
 * input's text (a chaos schedule written out), the shrink, the file, and its run in a fresh
 * process. `shrink` and `fuzz --shrink` both go through here and only differ in what they
 * print.
 */
import { faultCount } from './edits.ts';
import type { ShrinkStart } from './input.ts';
import { reproduceLine, shrunkText, writeShrunk } from './output.ts';
import { Runner } from './runner.ts';
import { shrinkScenario, type Step } from './shrinker.ts';
import type { Probes } from './threads.ts';
import { verifyFresh, type Verification } from './verify.ts';

export interface CaseOptions {
  readonly probes: Probes;
  readonly maxRuns: number;
  /** Where the shrunk scenario is written. */
  readonly out: string;
  readonly onStep: (step: Step) => void;
}

export interface CaseOutcome {
  readonly out: string;
  readonly faultsBefore: number;
  readonly faultsAfter: number;
  /** The seed the shrunk file runs with: the input's, unless a fault went under another. */
  readonly seed: number;
  readonly runs: number;
  /** The budget ran out before the shrink was done; the file holds the smallest case found. */
  readonly stoppedEarly: boolean;
  readonly steps: readonly Step[];
  readonly verification: Verification;
  readonly reproduce: string;
}

export async function shrinkCase(start: ShrinkStart, options: CaseOptions): Promise<CaseOutcome> {
  const runner = new Runner(options.probes, start.invariant, options.maxRuns);
  runner.runs = 1;
  if (start.expanded && !(await runner.fails(start.scenario)) && !runner.exhausted) {
    throw new Error(`the run's fault schedule, written out without chaos, no longer violates ${start.invariant}: ${start.origin}`);
  }
  const steps: Step[] = [];
  const final = await shrinkScenario(start.scenario, runner, (step) => {
    steps.push(step);
    options.onStep(step);
  });
  const faultsBefore = faultCount(start.scenario);
  const text = shrunkText(options.out, { scenario: final, invariant: start.invariant, origin: start.origin, name: start.name, faultsBefore, runs: runner.runs });
  writeShrunk(options.out, text);
  const verification = await verifyFresh(options.out, final.seed, start.invariant);
  return {
    out: options.out,
    faultsBefore,
    faultsAfter: faultCount(final),
    seed: final.seed,
    runs: runner.runs,
    stoppedEarly: runner.exhausted,
    steps,
    verification,
    reproduce: reproduceLine(options.out, final.seed),
  };
}
