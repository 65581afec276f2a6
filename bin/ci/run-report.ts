/**
 * `run` as CI sees it: one case, the run's verdict, key figures and findings, each finding
 * about a scenario field placed at its line in the file; or, when the run threw, one crashed
 * case (a simulator bug, exit 70) carrying the error and the reproduce line.
 */
import type { RunResult } from '../../sim/index.ts';
import type { CiReport } from '../../reports/ci/ci-case.ts';
import { keyFigures, runFindings } from '../../reports/ci/run-facts.ts';
import { caught } from '../fuzz/outcome.ts';
import { placeFindings } from './places.ts';

/** The scenario file as given, its `--set`s, and its text (for the places of findings). */
export interface RunSource {
  readonly file: string;
  readonly sets: readonly string[];
  readonly text: string;
}

export function runReport(source: RunSource, result: RunResult, wallMs: number): CiReport {
  const ciCase = {
    file: source.file,
    scenario: result.scenario.name,
    seed: result.seed,
    sets: source.sets,
    verdict: result.verdict,
    figures: keyFigures(result),
    traceHash: result.traceHash,
    findings: placeFindings(source.text, runFindings(result)),
    reproduce: result.replay,
    wallMs,
  };
  return { command: 'run', cases: [ciCase], wallMs };
}

export function runCrashReport(source: RunSource, run: { name: string; seed: number; replay: string }, error: unknown, wallMs: number): CiReport {
  const e = caught(error);
  const ciCase = {
    file: source.file,
    scenario: run.name,
    seed: run.seed,
    sets: source.sets,
    verdict: 'crashed' as const,
    findings: [],
    error: { type: e.name, message: e.message, ...(e.stack === undefined ? {} : { detail: e.stack }) },
    reproduce: run.replay,
    wallMs,
  };
  return { command: 'run', cases: [ciCase], wallMs };
}
