/**
 * `fuzz` as CI sees it: one case per seed, in seed order, with the figures and findings the
 * worker kept of each run, the reproduce line and the capsule of every seed that is not ok. A
 * crash, or a seed whose re-run gave another trace hash, is an error case (a simulator bug).
 */
import type { CaseError, CiCase, CiReport } from '../../reports/ci/ci-case.ts';
import type { SeedOutcome } from '../fuzz/outcome.ts';
import type { FuzzRun } from '../fuzz/report.ts';
import { programLine } from '../shell.ts';
import { placeFindings } from './places.ts';

/** What CI is told of a fuzz: the seeds that ran, whether the campaign ran them all or not. */
export type FuzzCases = Pick<FuzzRun, 'file' | 'scenario' | 'sets' | 'outcomes' | 'capsules' | 'reproduce' | 'wallMs'>;

/** `text` is the scenario file's, for the places of findings about its fields. */
export function fuzzReport(run: FuzzCases, text: string): CiReport {
  const cases = run.outcomes.map((o): CiCase => {
    const yaml = run.capsules.get(o.seed)?.yaml;
    const capsule = yaml === undefined ? undefined : programLine(['run', yaml]);
    return {
      file: run.file,
      scenario: run.scenario,
      seed: o.seed,
      sets: run.sets,
      verdict: o.verdict,
      ...(o.figures === undefined ? {} : { figures: o.figures }),
      ...(o.traceHash === undefined ? {} : { traceHash: o.traceHash }),
      findings: placeFindings(text, o.findings ?? []),
      ...(o.verdict === 'crashed' ? { error: crashOf(o) } : {}),
      ...(o.verdict === 'ok' ? {} : { reproduce: run.reproduce(o.seed) }),
      ...(capsule === undefined ? {} : { capsule }),
      ...(o.wallMs === undefined ? {} : { wallMs: o.wallMs }),
    };
  });
  return { command: 'fuzz', cases, wallMs: run.wallMs };
}

function crashOf(o: SeedOutcome): CaseError {
  const type = o.rerunTraceHash !== undefined ? 'non-deterministic' : (o.error?.name ?? 'Error');
  // The reason of a plain crash is `name: message`; the type says the name already.
  const e = o.error;
  const plain = e !== undefined && o.reason === `${e.name}: ${e.message}`;
  return { type, message: plain ? e.message : o.reason, ...(e?.stack === undefined ? {} : { detail: e.stack }) };
}
