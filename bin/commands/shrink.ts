/**
 * `aurora-sim shrink FILE|CAPSULE`: cut a failing run down to a small scenario that fails the
 * same way. The input (a scenario file with `--seed`/`--set`, or a fuzz capsule) is run once
 * to learn which invariants it violates; then faults are removed (ddmin), made shorter and
 * earlier, and the workload, the run and the cluster made smaller, each change kept only if
 * the followed invariant is still violated: the first, or another the input violated when the
 * first leaves more than a handful of faults (`shrink/shrinker.ts`). Every kept change prints one
 * line. The result is written as a standalone scenario (`--out`, default
 * `out/shrink/NAME-seed-N.yaml`: chaos off, faults explicit, the seed written in), run once
 * more in a fresh process to prove it, and its reproduce line printed.
 *
 * Exit 0 when the shrunk file fails as the input did, even if `--max-runs` stopped the shrink
 * early (it says so); 2 when the input violates no invariant (nothing to shrink) or is bad
 * input; 70 when the shrunk file does not fail the same way in the fresh process.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { ExitCode } from '../exit.ts';
import { collectSet, positiveInteger, wholeNumber } from '../options.ts';
import { print, printJson, info, type Session } from '../session.ts';
import { defectsLine, shrinkCase, type CaseOutcome } from '../shrink/case.ts';
import { faultCount } from '../shrink/edits.ts';
import { HANDFUL } from '../shrink/late.ts';
import { prepareShrink, type ShrinkStart } from '../shrink/input.ts';
import { defaultOut } from '../shrink/output.ts';
import type { Step } from '../shrink/shrinker.ts';
import { openProbes } from '../shrink/threads.ts';

export const SHRINK_DEFAULTS = { maxRuns: 1500 } as const;

export interface ShrinkFlags {
  readonly seed?: number;
  readonly set: readonly string[];
  readonly invariant?: string;
  readonly out?: string;
  readonly maxRuns: number;
  readonly jobs: number;
}

export function defineShrink(
  command: Command,
  context: { readonly session: Session; readonly done: (code: ExitCode) => void },
): Command {
  return command
    .description('cut a failing run down to a small standalone scenario that violates the same invariant')
    .argument('<input>', 'scenario file (YAML or JSON), or a fuzz capsule (its .yaml or .json)')
    .option('--seed <n>', 'root seed (overrides the file)', wholeNumber)
    .option('--set <path=value>', 'override a field by its dotted path (repeatable)', collectSet)
    .option('--invariant <name>', 'the violated invariant to keep (default: the first the run violates, or another it violates when that one leaves more than 5 faults)')
    .option('--out <file>', 'where to write the shrunk scenario (default: out/shrink/NAME-seed-N.yaml)')
    .option('--max-runs <n>', 'stop after this many runs and keep the smallest case found', positiveInteger, SHRINK_DEFAULTS.maxRuns)
    .option('--jobs <j>', 'worker threads (default: the available parallelism); the result does not depend on it', positiveInteger)
    .action(async (input: string, opts: Partial<ShrinkFlags> & { maxRuns: number }) => {
      const flags: ShrinkFlags = { ...opts, set: opts.set ?? [], jobs: opts.jobs ?? availableParallelism() };
      context.done(await shrinkCommand(context.session, input, flags));
    });
}

export async function shrinkCommand(session: Session, input: string, flags: ShrinkFlags): Promise<ExitCode> {
  const start = prepareShrink(input, flags);
  const out = flags.out ?? defaultOut(start.name, start.seed);
  const say = (text: string): void => (session.flags.json ? info(session, text) : session.flags.quiet ? undefined : print(session, text));
  say(startLine(start));
  const probes = await openProbes(flags.jobs);
  let outcome: CaseOutcome;
  try {
    outcome = await shrinkCase(start, { probes, maxRuns: flags.maxRuns, out, onStep: (step) => say(stepLine(step)) });
  } finally {
    await probes.close();
  }
  session.reproduce = outcome.reproduce;
  if (outcome.stoppedEarly) say(stoppedLine(flags.maxRuns, outcome.faultsAfter));
  say(`wrote ${out}: ${faults(outcome.faultsAfter)} (from ${outcome.faultsBefore}), ${outcome.runs} runs`);
  if (!outcome.verification.ok) {
    throw new Error(`the shrunk scenario does not violate ${outcome.invariant} in a fresh process (${outcome.verification.detail})`);
  }
  say(`verified in a fresh process: ${outcome.invariant} is violated (exit 1)`);
  const defects = defectsLine(outcome);
  if (defects !== undefined) say(defects);
  if (session.flags.json) printJson(session, shrinkJson(start, outcome));
  else print(session, `reproduce: ${outcome.reproduce}`);
  return ExitCode.ok;
}

/** Where the budget stopped the shrink; past a handful of faults, that more runs search more seeds. */
export function stoppedLine(maxRuns: number, faultsAfter: number): string {
  const more = faultsAfter > HANDFUL ? `; past ${HANDFUL} faults it searches further seeds while runs remain, so a larger --max-runs may find a smaller case` : '';
  return `stopped early: --max-runs ${maxRuns} reached; the file holds the smallest case found${more}`;
}

export function startLine(start: ShrinkStart): string {
  const others = start.violated.filter((name) => name !== start.invariant);
  const also = others.length === 0 ? '' : `; also violated: ${others.join(', ')}`;
  return `shrink ${start.name}, seed ${start.seed}: ${start.invariant} is violated with ${faults(faultCount(start.scenario))}${also}`;
}

export function stepLine(step: Step): string {
  return `  ${step.what} (${faults(step.faults)} left, run ${step.runs})`;
}

function faults(n: number): string {
  return `${n} fault${n === 1 ? '' : 's'}`;
}

export function shrinkJson(start: ShrinkStart, outcome: CaseOutcome) {
  return {
    ok: true,
    scenario: start.name,
    seed: start.seed,
    input: start.origin,
    invariant: outcome.invariant,
    inputViolates: start.violated,
    out: outcome.out,
    faults: { before: outcome.faultsBefore, after: outcome.faultsAfter },
    shrunkSeed: outcome.seed,
    runs: outcome.runs,
    stoppedEarly: outcome.stoppedEarly,
    steps: outcome.steps,
    verified: { exitCode: outcome.verification.exitCode, violated: outcome.verification.violated },
    ...(outcome.withoutDefects === undefined ? {} : { withoutDefects: outcome.withoutDefects }),
    reproduce: outcome.reproduce,
  };
}
