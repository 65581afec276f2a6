/**
 * One shrink from start to proof: the runner with its budget (the input's own run counts as
 * the first), the standalone scenario checked to fail as the input did when it is not the
 * input's text (a chaos schedule written out), the shrink, the file, and its run in a fresh
 * process. `shrink` and `fuzz --shrink` both go through here and only differ in what they
 * print.
 *
 * A shrunk case that switches on defects (`bugs:`) is run once more without them. It should
 * then pass: a shrink keeps whatever still violates the invariant, and on its way it can reach
 * a failure the defect has no part in (a rate of 1/s, one protection group) — which is then a
 * fault of a checker or of the model, the most useful thing a shrink can find, and is said so.
 */
import { faultCount } from './edits.ts';
import type { ShrinkStart } from './input.ts';
import { reproduceLine, shrunkText, writeShrunk } from './output.ts';
import type { ResolvedScenario } from '../../sim/index.ts';
import { Runner, scenarioText } from './runner.ts';
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
  /** The invariant the shrunk case violates: the input's first, or another it violated too (`shrinker.ts`). */
  readonly invariant: string;
  readonly faultsBefore: number;
  readonly faultsAfter: number;
  /** The seed the shrunk file runs with: the input's, unless a fault went under another. */
  readonly seed: number;
  readonly runs: number;
  /** The budget ran out before the shrink was done; the file holds the smallest case found. */
  readonly stoppedEarly: boolean;
  readonly steps: readonly Step[];
  readonly verification: Verification;
  /** The shrunk case run without its defect switches; absent when it switches on none. */
  readonly withoutDefects?: WithoutDefects;
  readonly reproduce: string;
}

export interface WithoutDefects {
  /** The switches the shrunk case has, all turned off for this run. */
  readonly bugs: readonly string[];
  /** What that run violated; the shrink's invariant among them means the defect is not what fails. */
  readonly violated: readonly string[];
  readonly stillViolated: boolean;
}

export async function shrinkCase(start: ShrinkStart, options: CaseOptions): Promise<CaseOutcome> {
  const runner = new Runner(options.probes, start.invariant, options.maxRuns);
  runner.runs = 1;
  if (start.expanded && !(await runner.fails(start.scenario)) && !runner.exhausted) {
    throw new Error(`the run's fault schedule, written out without chaos, no longer violates ${start.invariant}: ${start.origin}`);
  }
  const steps: Step[] = [];
  const onStep = (step: Step): void => {
    steps.push(step);
    options.onStep(step);
  };
  const final = await shrinkScenario(start.scenario, runner, onStep, undefined, start.others);
  const invariant = runner.invariant;
  const faultsBefore = faultCount(start.scenario);
  const text = shrunkText(options.out, { scenario: final, invariant, origin: start.origin, name: start.name, faultsBefore, runs: runner.runs });
  writeShrunk(options.out, text);
  const verification = await verifyFresh(options.out, final.seed, invariant);
  const withoutDefects = final.bugs.length === 0 ? undefined : await runWithoutDefects(final, invariant, options.probes);
  return {
    out: options.out,
    invariant,
    faultsBefore,
    faultsAfter: faultCount(final),
    seed: final.seed,
    runs: runner.runs,
    stoppedEarly: runner.exhausted,
    steps,
    verification,
    ...(withoutDefects === undefined ? {} : { withoutDefects }),
    reproduce: reproduceLine(options.out, final.seed),
  };
}

async function runWithoutDefects(s: ResolvedScenario, invariant: string, probes: Probes): Promise<WithoutDefects> {
  const [result] = await probes.run([scenarioText({ ...s, bugs: [] })]);
  const violated = result?.violated ?? [];
  return { bugs: [...s.bugs], violated, stillViolated: violated.includes(invariant) };
}

/** The line that says whether the shrunk case needs its defects; undefined when it has none. */
export function defectsLine(outcome: CaseOutcome): string | undefined {
  const { withoutDefects: w, invariant } = outcome;
  if (w === undefined) return undefined;
  const switches = `bugs: [${w.bugs.join(', ')}]`;
  if (!w.stillViolated) return `without ${switches} it passes ${invariant}: the failure is the defect's`;
  return `without ${switches} it still violates ${invariant}: the failure is not the defect's; either the faults alone bring it about or a checker or the model is wrong (run it with --set 'bugs=[]')`;
}
