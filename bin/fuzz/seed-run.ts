/**
 * One fuzzed seed, start to end, as a worker thread runs it: parse the scenario text with the
 * user's `--set`s and `seed=K`, run it, and boil the RunResult down to a `SeedOutcome`. An
 * exception is an outcome too (`crashed`, with its stack), never a dead worker, so one bad seed
 * does not take the others with it. The text is parsed again for every seed, exactly as
 * `aurora-sim run FILE --seed K` would, so the reproduce line replays the same run.
 */
import { describeSwarm, formatDuration, runScenario, type RunResult, type ScenarioDocument } from '../../sim/index.ts';
import { keyFigures, runFindings } from '../../reports/ci/run-facts.ts';
import { describeIssue, parseScenarioText } from '../scenario-file.ts';
import { runReplay } from '../shell.ts';
import { capsuleYaml } from './capsule.ts';
import { caught, type SeedOutcome, type Violation } from './outcome.ts';

/** What every seed of one fuzz shares; sent to each worker once. */
export interface FuzzJob {
  /** The scenario file as the user gave it: for the reproduce line and relative CSV paths. */
  readonly file: string;
  /** Its text, read once by the main thread, so that every seed runs the same scenario. */
  readonly text: string;
  /** `--set path=value` overrides, in the user's order. */
  readonly sets: readonly string[];
}

export interface SeedTask {
  readonly seed: number;
  /** Render the capsule scenario even if the seed is ok (determinism re-runs). */
  readonly capsule: boolean;
}

export function runSeed(job: FuzzJob, task: SeedTask): SeedOutcome {
  const started = performance.now();
  return { ...outcomeOf(job, task), wallMs: performance.now() - started };
}

function outcomeOf(job: FuzzJob, task: SeedTask): SeedOutcome {
  const { seed } = task;
  let canonical: ScenarioDocument | undefined;
  try {
    const parsed = parseScenarioText(job.file, job.text, [...job.sets, `seed=${seed}`]);
    if (!parsed.ok) throw new Error(`the scenario does not parse with seed=${seed}: ${parsed.issues.map(describeIssue).join('; ')}`);
    canonical = parsed.canonical;
    const result = runScenario(parsed.scenario, { source: job.file, replay: runReplay(job.file, seed, job.sets), keepTrace: false });
    return fromResult(result, canonical, task.capsule);
  } catch (error) {
    const e = caught(error);
    return {
      seed,
      verdict: 'crashed',
      violations: [],
      reason: `${e.name}: ${e.message}`,
      error: e,
      ...(canonical === undefined ? {} : { capsuleYaml: capsuleYaml(canonical, undefined) }),
    };
  }
}

function fromResult(result: RunResult, canonical: ScenarioDocument, capsule: boolean): SeedOutcome {
  const violations = result.verdict === 'failed' ? violationsOf(result) : [];
  const reason =
    result.verdict === 'ok' ? '' : result.verdict === 'inconclusive' ? (result.inconclusive ?? 'inconclusive') : describeViolation(violations[0]);
  return {
    seed: result.seed,
    verdict: result.verdict,
    traceHash: result.traceHash,
    violations,
    reason,
    events: result.simulated.events,
    figures: keyFigures(result),
    findings: runFindings(result),
    ...(result.swarm === undefined ? {} : { swarm: describeSwarm(result.swarm) }),
    ...(result.verdict !== 'ok' || capsule ? { capsuleYaml: capsuleYaml(canonical, result) } : {}),
  };
}

/**
 * Violated invariants (by their first violation), then failed expectations. Invariants a
 * negative scenario expects to break come after the unexpected ones: the first entry is the
 * seed's one-line reason, and an expected violation is not why a seed failed.
 */
export function violationsOf(result: RunResult): Violation[] {
  const expected = result.scenario.expect.violations ?? [];
  const invariants = result.invariants
    .filter((i) => !i.ok)
    .sort((a, b) => Number(expected.includes(a.name)) - Number(expected.includes(b.name)))
    .map((i): Violation =>
      i.first === undefined
        ? { name: i.name, message: `${i.violations} violation(s)` }
        : { name: i.name, message: i.first.message, timeUs: i.first.timeUs },
    );
  const expectations = result.expectations.filter((e) => !e.ok).map((e): Violation => ({ name: e.name, message: e.detail }));
  return [...invariants, ...expectations];
}

export function describeViolation(v: Violation | undefined): string {
  if (v === undefined) return 'failed';
  return `${v.name}: ${v.message}${v.timeUs === undefined ? '' : ` (at ${formatDuration(v.timeUs)})`}`;
}
