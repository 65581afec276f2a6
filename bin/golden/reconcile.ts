/**
 * The manifest against the corpus and the runs: what drifted, and the manifest `--update`
 * writes. An entry whose file is gone is dropped; a scenario file without an entry is added
 * with no overrides; every other entry takes the figures its run came to. Pure: the runs have
 * been made by the caller.
 */
import { driftsOf, type Drift } from './drift.ts';
import { compareEntries, entryLabel, sameRun, type GoldenEntry, type GoldenFigures } from './entry.ts';
import type { GoldenRun } from './run.ts';

export interface CheckPlan {
  /** Entries whose file exists, then (with --update) the unlisted files, as runs to make. */
  readonly runs: readonly GoldenRun[];
  readonly gone: readonly GoldenEntry[];
  /** Scenario files of the corpus folders without an entry (with no overrides). */
  readonly unlisted: readonly string[];
}

/** What to run: every entry whose file exists, and with `update` every unlisted file too. */
export function planCheck(
  entries: readonly GoldenEntry[],
  corpus: readonly string[],
  exists: (file: string) => boolean,
  update: boolean,
): CheckPlan {
  const sorted = [...entries].sort(compareEntries);
  const gone = sorted.filter((e) => !exists(e.file));
  const unlisted = corpus.filter((file) => !entries.some((e) => sameRun(e, { file, sets: [] })));
  const kept = sorted.filter((e) => exists(e.file)).map((e): GoldenRun => ({ file: e.file, sets: e.sets }));
  return { runs: [...kept, ...(update ? unlisted.map((file) => ({ file, sets: [] })) : [])], gone, unlisted };
}

export interface Reconciled {
  /** Field drifts in manifest order, then entries whose file is gone, then unlisted files. */
  readonly drifts: readonly Drift[];
  /** The manifest's entries as `--update` writes them, sorted. */
  readonly next: readonly GoldenEntry[];
}

/** `figures[i]` is what `plan.runs[i]` came to. */
export function reconcile(entries: readonly GoldenEntry[], plan: CheckPlan, figures: readonly GoldenFigures[]): Reconciled {
  const drifts: Drift[] = [];
  const next = plan.runs.map((run, i): GoldenEntry => {
    const got = figures[i]!;
    const entry = entries.find((e) => sameRun(e, run));
    if (entry !== undefined) drifts.push(...driftsOf(entry, got));
    return { file: run.file, sets: run.sets, ...got };
  });
  for (const entry of plan.gone) drifts.push({ kind: 'gone', run: entryLabel(entry) });
  for (const file of plan.unlisted) drifts.push({ kind: 'unlisted', run: file });
  return { drifts, next: next.sort(compareEntries) };
}
