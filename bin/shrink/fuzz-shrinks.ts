/**
 * `fuzz --shrink`: after the fuzz, each failed seed's capsule is shrunk in seed order (the
 * capsule's `.yaml` is a standalone scenario with the seed and schedule written in) into
 * `X-seed-K.shrunk.yaml` beside it, one line per seed. A seed that failed only its
 * expectations, or that crashed, has no violated invariant to keep and is passed over with its
 * reason. The threads are started once for all the shrinks.
 */
import { CliError } from '../exit.ts';
import type { CapsulePaths } from '../fuzz/capsule.ts';
import type { SeedOutcome } from '../fuzz/outcome.ts';
import { shrinkCase, type WithoutDefects } from './case.ts';
import { prepareShrink, type ShrinkStart } from './input.ts';
import { besideCapsule } from './output.ts';
import type { Step } from './shrinker.ts';
import { openProbes, type Probes } from './threads.ts';

export interface FuzzShrinkOptions {
  readonly jobs: number;
  readonly maxRuns: number;
  /** Hears every line: one per seed, and the steps of each shrink. */
  readonly onLine: (line: string, kind: 'seed' | 'step' | 'problem') => void;
}

/** What became of one failed seed's shrink. */
export type SeedShrink =
  | {
      readonly seed: number;
      readonly shrunk: true;
      readonly file: string;
      readonly invariant: string;
      readonly faults: { readonly before: number; readonly after: number };
      readonly runs: number;
      readonly stoppedEarly: boolean;
      /** The shrunk file failed the same way in a fresh process. */
      readonly verified: boolean;
      /** The shrunk case run without its defect switches (absent when it has none). */
      readonly withoutDefects?: WithoutDefects;
      readonly reproduce: string;
    }
  | { readonly seed: number; readonly shrunk: false; readonly reason: string };

export async function shrinkFailures(
  outcomes: readonly SeedOutcome[],
  capsules: ReadonlyMap<number, CapsulePaths>,
  options: FuzzShrinkOptions,
): Promise<SeedShrink[]> {
  const failed = outcomes.filter((o) => o.verdict === 'failed' && capsules.has(o.seed));
  if (failed.length === 0) return [];
  const probes = await openProbes(options.jobs);
  const shrinks: SeedShrink[] = [];
  try {
    for (const outcome of failed) {
      const capsule = capsules.get(outcome.seed)!;
      const result = await shrinkOne(outcome.seed, capsule.yaml, (step) => options.onLine(stepLine(step), 'step'), {
        probes,
        maxRuns: options.maxRuns,
      });
      shrinks.push(result);
      const sound = result.shrunk && result.verified && result.withoutDefects?.stillViolated !== true;
      options.onLine(seedLine(result), sound ? 'seed' : 'problem');
    }
  } finally {
    await probes.close();
  }
  return shrinks;
}

async function shrinkOne(
  seed: number,
  yaml: string,
  onStep: (step: Step) => void,
  options: { probes: Probes; maxRuns: number },
): Promise<SeedShrink> {
  let start: ShrinkStart;
  try {
    start = prepareShrink(yaml, { set: [] });
  } catch (error) {
    if (error instanceof CliError) return { seed, shrunk: false, reason: error.message };
    throw error;
  }
  const out = besideCapsule(yaml);
  const outcome = await shrinkCase(start, { ...options, out, onStep });
  return {
    seed,
    shrunk: true,
    file: out,
    invariant: outcome.invariant,
    faults: { before: outcome.faultsBefore, after: outcome.faultsAfter },
    runs: outcome.runs,
    stoppedEarly: outcome.stoppedEarly,
    verified: outcome.verification.ok,
    ...(outcome.withoutDefects === undefined ? {} : { withoutDefects: outcome.withoutDefects }),
    reproduce: outcome.reproduce,
  };
}

function stepLine(step: Step): string {
  return `    ${step.what} (${step.faults} left, run ${step.runs})`;
}

/** `shrunk seed 37: 3 faults (from 21), 87 runs, acked-commit-survives: out/fuzz/x-seed-37.shrunk.yaml`. */
export function seedLine(s: SeedShrink): string {
  if (!s.shrunk) return `not shrunk seed ${s.seed}: ${s.reason}`;
  const early = s.stoppedEarly ? ' (stopped early: --max-runs reached)' : '';
  const what = `${s.faults.after} fault${s.faults.after === 1 ? '' : 's'} (from ${s.faults.before}), ${s.runs} runs${early}, ${s.invariant}`;
  if (!s.verified) return `shrunk seed ${s.seed}: ${what}, but ${s.file} does not violate it in a fresh process`;
  if (s.withoutDefects?.stillViolated === true) return `shrunk seed ${s.seed}: ${what}, and still without bugs: [${s.withoutDefects.bugs.join(', ')}]: ${s.reproduce} --set 'bugs=[]'`;
  return `shrunk seed ${s.seed}: ${what}: ${s.reproduce}`;
}
