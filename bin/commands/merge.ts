/**
 * `aurora-sim merge DIR... --out DIR`: combines the folders of a sweep's shards (or of any
 * split of its tasks) into the folder one machine would have written. Every folder must hold
 * the same sweep (`sweep.json`, the shard aside); every task of the sweep must be present
 * exactly once, else nothing is written and the missing and duplicated tasks are named, with
 * the shard that owed each missing one. The merged `summary.json` and `summary.csv` are the
 * same bytes as those of the sweep run unsharded, and `tasks.jsonl` the same lines in the same
 * (task) order. `--report FILE` also writes the HTML report, the same bytes as the sweep's.
 *
 * Exit 0 on success; 1 if tasks are missing or duplicated; 2 for folders that are not of one
 * sweep; 70 if a merged task had crashed (a simulator bug), as `sweep` itself exits.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { TaskLine } from '../../reports/sweep/task-line.ts';
import { CliError, errorReason, ExitCode } from '../exit.ts';
import { prepareReportPath, writeSweepReport } from '../report-file.ts';
import { info, type Session } from '../session.ts';
import { configLabel, planTasks, taskKey, type SweepTask } from '../sweep/grid.ts';
import { describeDifference, differences, MANIFEST_FILE, manifestJson, readManifest, TASKS_FILE, type SweepManifest } from '../sweep/manifest.ts';
import { showSummary, summaryOf, writeSummary } from '../sweep/outputs.ts';
import { readTaskLines, writeInTaskOrder } from '../sweep/tasks-file.ts';

/** At most this many missing or duplicated tasks are named; the rest are counted. */
const NAMED = 20;

export function defineMerge(
  command: Command,
  context: { readonly session: Session; readonly pkg: { readonly version: string }; readonly done: (code: ExitCode) => void },
): Command {
  return command
    .description("combine the folders of a sweep's shards; check every task is there once; write the summary")
    .argument('<dirs...>', 'folders written by sweep --shard (or any split of one sweep)')
    .option('--out <dir>', 'folder for the merged sweep (default: out/sweep/NAME)')
    .option('--report <out.html>', 'also write the summary as a single-file HTML report')
    .action((dirs: string[], opts: MergeFlags) => context.done(mergeCommand(context.session, dirs, opts, context.pkg)));
}

export interface MergeFlags {
  readonly out?: string;
  readonly report?: string;
}

export function mergeCommand(session: Session, dirs: readonly string[], flags: MergeFlags, tool: { readonly version: string }): ExitCode {
  const { out, report } = flags;
  const manifests = dirs.map((dir) => {
    const manifest = readManifest(dir);
    if (manifest === undefined) throw new CliError('unreadable', `${dir}: no ${MANIFEST_FILE} here; is it a sweep folder?`);
    return manifest;
  });
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    const differ = differences(first, m, false);
    if (differ.length > 0) {
      throw new CliError('invalid-manifest', `${dirs[i]} holds another sweep than ${dirs[0]}: ${differ.map((f) => describeDifference(f, first, m)).join('; ')}`);
    }
  });
  const tasks = planTasks(first.grid, first.seeds, first.sweepSeed);
  const lines = collect(dirs, tasks);
  if (report !== undefined) prepareReportPath(report);
  const dir = out ?? join('out', 'sweep', first.scenario);
  const manifest: SweepManifest = { ...first, shard: null };
  write(dir, manifest, lines);
  const summary = summaryOf(manifest, lines);
  writeSummary(dir, summary);
  if (report !== undefined) writeSweepReport(report, summary, tool);
  showSummary(session, summary);
  info(session, `merged ${lines.length} task(s) from ${dirs.length} folder(s) into ${dir}`);
  return lines.some((l) => l.verdict === 'crashed') ? ExitCode.internal : ExitCode.ok;
}

/** Every folder's lines, checked against the plan: each task once, none foreign. */
function collect(dirs: readonly string[], tasks: readonly SweepTask[]): TaskLine[] {
  const byKey = new Map(tasks.map((t) => [taskKey(t.config, t.repetition), t]));
  const found = new Map<string, { line: TaskLine; dirs: string[] }>();
  for (const dir of dirs) {
    const path = join(dir, TASKS_FILE);
    for (const line of readTaskLines(path).lines) {
      const key = taskKey(Object.entries(line.config), line.repetition);
      const task = byKey.get(key);
      if (task === undefined || task.seed !== line.seed || task.index !== line.task) {
        throw new CliError('invalid-manifest', `${path}: task ${line.task} (${describeLine(line)}) is not a task of this sweep`);
      }
      const entry = found.get(key);
      if (entry === undefined) found.set(key, { line, dirs: [dir] });
      else entry.dirs.push(dir);
    }
  }
  const shardCounts = new Set(dirs.map((d) => readManifest(d)?.shard?.count));
  const count = shardCounts.size === 1 ? [...shardCounts][0] : undefined;
  const missing = tasks.filter((t) => !found.has(taskKey(t.config, t.repetition)));
  const duplicated = [...found.values()].filter((e) => e.dirs.length > 1).sort((a, b) => a.line.task - b.line.task);
  if (missing.length > 0 || duplicated.length > 0) {
    const details = [
      ...listed(`missing ${missing.length} of ${tasks.length} task(s):`, missing.map((t) => `task ${t.index} (${configLabel(t.config)}, repetition ${t.repetition})${count === undefined ? '' : `, owed by shard ${(t.index % count) + 1}/${count}`}`)),
      ...listed(`duplicated ${duplicated.length} task(s):`, duplicated.map((e) => `task ${e.line.task} (${describeLine(e.line)}) in ${e.dirs.join(', ')}`)),
    ];
    throw new CliError('incomplete-sweep', `the folders do not hold every task of the sweep exactly once`, { exitCode: ExitCode.failed, details: ['aurora-sim merge: the folders do not hold every task of the sweep exactly once', ...details] });
  }
  return [...found.values()].map((e) => e.line).sort((a, b) => a.task - b.task);
}

function listed(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  const more = items.length > NAMED ? [`  … and ${items.length - NAMED} more`] : [];
  return [title, ...items.slice(0, NAMED).map((i) => `  ${i}`), ...more];
}

function describeLine(line: TaskLine): string {
  return `${configLabel(Object.entries(line.config))}, repetition ${line.repetition}`;
}

function write(dir: string, manifest: SweepManifest, lines: readonly TaskLine[]): void {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, MANIFEST_FILE), manifestJson(manifest));
    writeInTaskOrder(join(dir, TASKS_FILE), lines);
  } catch (error) {
    throw new CliError('unwritable', `${dir}: cannot write (${errorReason(error)})`);
  }
}
