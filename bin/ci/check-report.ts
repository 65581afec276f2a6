/**
 * `check` as CI sees it: one case per golden run, in manifest order, then one per entry whose
 * file is gone and per scenario file without an entry. A run that drifted is a failure with a
 * finding per field (expected and got), placed at line 1 of its scenario file, and carries the
 * command that accepts a deliberate change; a run that threw is a simulator bug and one whose
 * scenario no longer parses is invalid, both errors.
 */
import type { CiCase, CiReport, Finding } from '../../reports/ci/ci-case.ts';
import { describeDrift, driftsOf } from '../golden/drift.ts';
import { entryLabel, sameRun, type GoldenEntry } from '../golden/entry.ts';
import type { CheckPlan } from '../golden/reconcile.ts';
import { runLine, type GoldenOutcome, type GoldenRun } from '../golden/run.ts';
import { programLine } from '../shell.ts';

export interface CheckResults {
  /** The manifest as the user named it. */
  readonly manifestFile: string;
  readonly entries: readonly GoldenEntry[];
  readonly plan: CheckPlan;
  /** `outcomes[i]` is what `plan.runs[i]` came to. */
  readonly outcomes: readonly GoldenOutcome[];
  readonly wallMs: number;
}

const LINE_1 = { line: 1, col: 1 } as const;

export function checkReport(results: CheckResults): CiReport {
  const accept = programLine(['check', results.manifestFile, '--update']);
  const runs = results.plan.runs.map((run, i) => runCase(run, results.outcomes[i]!, results.entries, accept));
  const gone = results.plan.gone.map((entry): CiCase => ({
    ...identity(entry, entry.file),
    seed: entry.seed,
    verdict: 'drifted',
    findings: [{ kind: 'drift', name: 'file', message: describeDrift({ kind: 'gone', run: entryLabel(entry) }) }],
    accept,
  }));
  const unlisted = results.plan.unlisted.map((file): CiCase => ({
    ...identity({ file, sets: [] }, file),
    verdict: 'drifted',
    findings: [{ kind: 'drift', name: 'manifest', message: describeDrift({ kind: 'unlisted', run: file }), place: LINE_1 }],
    accept,
  }));
  return { command: 'check', cases: [...runs, ...gone, ...unlisted], wallMs: results.wallMs };
}

function runCase(run: GoldenRun, outcome: GoldenOutcome, entries: readonly GoldenEntry[], accept: string): CiCase {
  const reproduce = runLine(run);
  switch (outcome.kind) {
    case 'crashed': {
      const { name, message, stack } = outcome.error;
      const error = { type: name, message, ...(stack === undefined ? {} : { detail: stack }) };
      return { ...identity(run, run.file), verdict: 'crashed', findings: [], error, reproduce: outcome.replay };
    }
    case 'invalid': {
      const error = { type: 'invalid-scenario', message: `${run.file}: invalid scenario`, detail: outcome.details.join('\n') };
      return { ...identity(run, run.file), verdict: 'invalid', findings: [], error, reproduce };
    }
    case 'ran': {
      const entry = entries.find((e) => sameRun(e, run));
      const drifts = entry === undefined ? [] : driftsOf(entry, outcome.figures);
      const findings = drifts.flatMap((d): Finding[] =>
        d.kind === 'field' ? [{ kind: 'drift', name: d.field, message: `expected ${d.expected}, got ${d.got}`, place: LINE_1 }] : [],
      );
      return {
        ...identity(run, outcome.scenario),
        seed: outcome.figures.seed,
        verdict: findings.length === 0 ? 'ok' : 'drifted',
        figures: outcome.key,
        traceHash: outcome.figures.traceHash,
        findings,
        reproduce,
        ...(findings.length === 0 ? {} : { accept }),
        wallMs: outcome.wallMs,
      };
    }
  }
}

function identity(run: GoldenRun, scenario: string): Pick<CiCase, 'file' | 'scenario' | 'sets'> {
  return { file: run.file, scenario, sets: run.sets };
}
