/**
 * Failure capsules (ARCHITECTURE.md §5.5): for every seed that is not ok, two files that
 * outlive the fuzz run and need nothing else to replay it.
 *
 * - `NAME-seed-K.yaml`: the canonical scenario (every default explicit) with the seed written
 *   in and the chaos schedule expanded into an explicit `faults:` list (`RunResult.faults`),
 *   `chaos:` removed. Faults that started on a state (`when:`, the scenario's or armed by
 *   chaos) are written as the timed faults they became — their real start, their target
 *   resolved — and triggers that never fired are left out: they changed nothing in the trace.
 *   Fault events run first in their microsecond however they were scheduled, so
 *   `aurora-sim run` on it replays the run, to the same trace hash, without re-drawing or
 *   re-triggering anything, and it is the starting point for cutting the schedule down by
 *   hand. A seed that threw has no schedule to write; its capsule keeps the `chaos:` section,
 *   which the seed expands the same. With `chaos.swarm`, a header line says what the seed
 *   enabled.
 * - `NAME-seed-K.json`: the verdict, the reason, the violations, the trace hash, the error and
 *   its stack for a crash, what swarm enabled, and both reproduce commands.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderScenarioYaml, type RunResult, type ScenarioDocument } from '../../sim/index.ts';
import { CliError, errorReason } from '../exit.ts';
import { programLine, runReplay } from '../shell.ts';
import { SEED_EXIT, type SeedOutcome } from './outcome.ts';

/** 2: adds `swarm` (with chaos.swarm), and faults that triggers started are in the YAML's list. */
export const CAPSULE_SCHEMA_VERSION = 2;

/** The scenario a capsule replays: `canonical` with the schedule `result` ran, if it ran. */
export function capsuleYaml(canonical: ScenarioDocument, result: RunResult | undefined): string {
  if (result === undefined) return renderScenarioYaml(canonical);
  const { chaos: _expanded, ...rest } = canonical;
  return renderScenarioYaml({ ...rest, faults: result.faults as ScenarioDocument['faults'] });
}

export interface CapsuleContext {
  readonly dir: string;
  /** The scenario's name, for the file names. */
  readonly name: string;
  /** The scenario file as the user gave it, and the `--set`s. */
  readonly file: string;
  readonly sets: readonly string[];
  readonly tool: { readonly version: string };
}

export interface CapsulePaths {
  readonly yaml: string;
  readonly json: string;
}

export function capsulePaths(context: Pick<CapsuleContext, 'dir' | 'name'>, seed: number): CapsulePaths {
  const base = join(context.dir, `${context.name.replace(/[^A-Za-z0-9._-]+/g, '_')}-seed-${seed}`);
  return { yaml: `${base}.yaml`, json: `${base}.json` };
}

/** Writes both files of `outcome`'s capsule; an unwritable folder is bad input (exit 2). */
export function writeCapsule(context: CapsuleContext, outcome: SeedOutcome): CapsulePaths {
  const paths = capsulePaths(context, outcome.seed);
  const reproduce = runReplay(context.file, outcome.seed, context.sets);
  const replay = programLine(['run', paths.yaml]);
  const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');
  const header = [
    `# aurora-sim fuzz capsule: ${outcome.verdict.toUpperCase()} seed ${outcome.seed}: ${oneLine(outcome.reason)}`,
    `# replay:   ${replay}`,
    `# original: ${reproduce}`,
    outcome.swarm === undefined ? '' : `# swarm:    ${outcome.swarm}`,
    outcome.capsuleYaml === undefined ? '# (the scenario could not be parsed; see the .json file)' : '',
  ].filter((line) => line !== '');
  const document = {
    schemaVersion: CAPSULE_SCHEMA_VERSION,
    tool: 'aurora-sim',
    version: context.tool.version,
    scenario: context.name,
    file: context.file,
    seed: outcome.seed,
    verdict: outcome.verdict,
    exitCode: SEED_EXIT[outcome.verdict],
    reason: outcome.reason,
    violations: outcome.violations,
    traceHash: outcome.traceHash ?? null,
    ...(outcome.swarm === undefined ? {} : { swarm: outcome.swarm }),
    ...(outcome.rerunTraceHash === undefined ? {} : { rerunTraceHash: outcome.rerunTraceHash }),
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
    reproduce,
    replay,
    scenarioFile: paths.yaml,
  };
  try {
    mkdirSync(context.dir, { recursive: true });
    writeFileSync(paths.yaml, `${header.join('\n')}\n${outcome.capsuleYaml ?? ''}`);
    writeFileSync(paths.json, `${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    throw new CliError('unwritable', `${context.dir}: cannot write the capsule of seed ${outcome.seed} (${errorReason(error)})`);
  }
  return paths;
}
