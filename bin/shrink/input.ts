/**
 * What a shrink starts from. The input is a scenario file, or a fuzz failure capsule: its
 * `.yaml` (itself a scenario file, the seed and the schedule written in) or its `.json`, which
 * stands for the `.yaml` beside it. The input is run once as given, with `--seed` and `--set`
 * applied, to learn which invariant it violates (the first, unexpected ones before those a
 * negative scenario expects, or the one `--invariant` names); a run that violates none leaves
 * nothing to shrink, which is bad input (exit 2).
 *
 * The scenario the shrink then works on stands alone: a chaos schedule expanded into explicit
 * faults (as a capsule writes it: `capsuleYaml`), and no expectations, so that the invariant
 * is what fails it. A negative scenario's `violations:` would otherwise make the run pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { runScenario, type ResolvedScenario, type RunResult } from '../../sim/index.ts';
import { CliError } from '../exit.ts';
import { capsuleYaml } from '../fuzz/capsule.ts';
import { violationsOf } from '../fuzz/seed-run.ts';
import { loadedOrStop, loadScenario, parseScenarioText } from '../scenario-file.ts';
import { runReplay } from '../shell.ts';

export interface InputFlags {
  readonly seed?: number;
  readonly set: readonly string[];
  /** The invariant to keep violated; default the first the run violates. */
  readonly invariant?: string;
}

export interface ShrinkStart {
  /** The scenario file that was run (a capsule's `.yaml`). */
  readonly file: string;
  readonly name: string;
  readonly seed: number;
  /** The command line that runs the input as given. */
  readonly origin: string;
  /** The invariant the shrink starts following. */
  readonly invariant: string;
  /** Every invariant the input's run violated. */
  readonly violated: readonly string[];
  /** Those it may turn to when the first leaves more than a handful of faults: none when `--invariant` named one. */
  readonly others: readonly string[];
  /** The standalone scenario to shrink. */
  readonly scenario: ResolvedScenario;
  /** True when a chaos schedule was written out: the standalone scenario is not the input's text. */
  readonly expanded: boolean;
}

export function prepareShrink(input: string, flags: InputFlags): ShrinkStart {
  const file = scenarioFileOf(input);
  const overrides = [...flags.set, ...(flags.seed === undefined ? [] : [`seed=${flags.seed}`])];
  const loaded = loadedOrStop(file, loadScenario(file, overrides));
  const seed = loaded.scenario.seed;
  const origin = runReplay(file, seed, flags.set);
  const result = runScenario(loaded.scenario, { source: file, replay: origin, keepTrace: false });
  const violated = violationsOf(result).flatMap((v) => (result.invariants.some((i) => i.name === v.name) ? [v.name] : []));
  const invariant = chooseInvariant(flags.invariant, violated, result, origin);
  const expanded = loaded.scenario.chaos !== undefined;
  const standalone = expanded ? reparse(file, capsuleYaml(loaded.canonical, result)) : loaded.scenario;
  const { chaos: _off, ...rest } = standalone;
  const others = flags.invariant === undefined ? violated.filter((name) => name !== invariant) : [];
  return { file, name: loaded.scenario.name, seed, origin, invariant, violated, others, scenario: { ...rest, expect: {} }, expanded };
}

/** A capsule's `.json` stands for its `.yaml`; anything else is the scenario file itself. */
function scenarioFileOf(input: string): string {
  if (!input.endsWith('.json') || !isCapsule(input)) return input;
  const yaml = input.replace(/\.json$/, '.yaml');
  if (existsSync(yaml)) return yaml;
  throw new CliError('unreadable', `${input}: a fuzz capsule, but its scenario ${yaml} is missing`);
}

function isCapsule(file: string): boolean {
  try {
    const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return document.tool === 'aurora-sim' && typeof document.scenarioFile === 'string';
  } catch {
    return false; // not JSON, or unreadable: loading it as a scenario says why
  }
}

function chooseInvariant(wanted: string | undefined, violated: readonly string[], result: RunResult, origin: string): string {
  if (wanted !== undefined) {
    if (violated.includes(wanted)) return wanted;
    const known = result.invariants.some((i) => i.name === wanted);
    const what = known ? `${wanted} is not violated` : `there is no invariant ${wanted}`;
    throw new CliError('usage', `${what} (${origin}${violated.length === 0 ? ' violates none' : ` violates ${violated.join(', ')}`})`);
  }
  const first = violated[0];
  if (first !== undefined) return first;
  const failed = result.expectations.filter((e) => !e.ok).map((e) => e.name);
  const why =
    failed.length > 0
      ? `no invariant is violated; the run fails only its expectations (${failed.join(', ')})`
      : result.verdict === 'inconclusive'
        ? `no invariant is violated; the run is inconclusive (${result.inconclusive ?? 'a budget ran out'})`
        : 'the run passes';
  throw new CliError('nothing-to-shrink', `nothing to shrink: ${why}: ${origin}`);
}

function reparse(file: string, text: string): ResolvedScenario {
  const parsed = parseScenarioText(file, text, []);
  if (!parsed.ok) throw new Error(`the run's fault schedule, written out, does not parse: ${parsed.issues[0]?.message ?? ''}`);
  return parsed.scenario;
}
