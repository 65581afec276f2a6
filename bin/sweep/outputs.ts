/**
 * What a whole sweep leaves in its folder besides `sweep.json` and `tasks.jsonl`: the summary
 * as JSON and CSV, computed from the manifest and the task lines alone, so a sweep run on one
 * machine and the merge of its shards write the same bytes. And the report on stdout: the
 * table, or the summary document under --json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryCsv } from '../../reports/sweep/csv.ts';
import { summarizeSweep, summaryJson, type SweepSummary } from '../../reports/sweep/summary.ts';
import { summaryTable } from '../../reports/sweep/table.ts';
import type { TaskLine } from '../../reports/sweep/task-line.ts';
import { CliError, errorReason } from '../exit.ts';
import { print, type Session } from '../session.ts';
import { configurations } from './grid.ts';
import { SUMMARY_CSV, SUMMARY_JSON, type SweepManifest } from './manifest.ts';

export function summaryOf(manifest: SweepManifest, lines: readonly TaskLine[]): SweepSummary {
  const { scenario, file, sets, grid, seeds, sweepSeed } = manifest;
  const configs = configurations(grid).map((c) => Object.fromEntries(c));
  return summarizeSweep({ scenario, file, sets, grid, seeds, sweepSeed }, configs, lines);
}

export function writeSummary(dir: string, summary: SweepSummary): void {
  for (const [name, text] of [[SUMMARY_JSON, summaryJson(summary)], [SUMMARY_CSV, summaryCsv(summary)]] as const) {
    const path = join(dir, name);
    try {
      writeFileSync(path, text);
    } catch (error) {
      throw new CliError('unwritable', `${path}: cannot write (${errorReason(error)})`);
    }
  }
}

export function showSummary(session: Session, summary: SweepSummary): void {
  if (session.flags.json) print(session, summaryJson(summary));
  else if (!session.flags.quiet) print(session, summaryTable(summary, session.color));
}
