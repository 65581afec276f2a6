/**
 * `aurora-sim check [MANIFEST]`: re-run every golden run of the manifest (default
 * `scenarios/golden.json`) in worker threads (`--jobs`) and compare verdict, trace hash and key figures
 * with what the manifest pins. Each drift is one line on stdout,
 * `scenarios/x.yaml: traceHash expected 3f2a…, got 91c0…`; a scenario file in `scenarios/`,
 * `scenarios/negative/` or `scenarios/regressions/` without an entry, and an entry whose file
 * is gone, are drifts too. Exit 0 when everything matches, 1 on any drift.
 *
 * `--update` accepts what the runs came to: it rewrites the manifest (adding the unlisted
 * scenario files, dropping entries whose file is gone), prints every change, and exits 0. It
 * is how a deliberate model change re-pins the corpus in one step (`npm run golden:update`).
 *
 * Paths in the manifest are relative to the repository root, which is the current directory.
 * A manifest that cannot be read or is malformed exits 2 with each problem at file:line:col;
 * so does a scenario that no longer parses. A run that throws is a simulator bug: exit 70 with
 * its reproduce line. Nothing is compared or written unless every run finished.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatIssue } from '../../sim/index.ts';
import { checkReport } from '../ci/check-report.ts';
import { junitOption, summaryOption, type CiFlags } from '../ci/options.ts';
import { prepareCiOutputs, writeCiOutputs, writeCiOutputsAfterCrash } from '../ci/outputs.ts';
import { CliError, errorReason, ExitCode } from '../exit.ts';
import { Progress } from '../progress.ts';
import { binModule } from '../bin-root.ts';
import { runPool } from '../fuzz/pool.ts';
import { corpusFiles } from '../golden/corpus.ts';
import { describeDrift, type Drift } from '../golden/drift.ts';
import { DEFAULT_MANIFEST, parseManifest, renderManifest, UPDATE_COMMAND, type GoldenManifest } from '../golden/manifest.ts';
import { planCheck, reconcile, type CheckPlan, type Reconciled } from '../golden/reconcile.ts';
import { goldenOutcome, runLine, type GoldenOutcome, type GoldenRun } from '../golden/run.ts';
import { positiveInteger } from '../options.ts';
import { info, print, printJson, report, type Session } from '../session.ts';

const WORKER = binModule('golden/worker');

export interface CheckFlags extends CiFlags {
  readonly update: boolean;
  readonly jobs: number;
}

export function defineCheck(
  command: Command,
  context: { readonly session: Session; readonly cwd: string; readonly done: (code: ExitCode) => void },
): Command {
  return command
    .description('re-run the golden manifest and report every run whose verdict, trace hash or key figures drifted')
    .argument('[manifest]', 'the golden manifest', DEFAULT_MANIFEST)
    .option('--update', 'rewrite the manifest to what the runs came to (a deliberate model change)')
    .option('--jobs <j>', 'worker threads (default: the available parallelism)', positiveInteger)
    .addOption(junitOption().conflicts('update'))
    .addOption(summaryOption().conflicts('update'))
    .action(async (manifest: string, opts: Omit<Partial<CheckFlags>, 'update'> & { update?: boolean }) => {
      const flags: CheckFlags = { ...opts, update: opts.update === true, jobs: opts.jobs ?? availableParallelism() };
      context.done(await checkCommand(context.session, manifest, flags, context.cwd));
    });
}

export async function checkCommand(session: Session, manifestFile: string, flags: CheckFlags, root: string): Promise<ExitCode> {
  const started = performance.now();
  const path = resolve(root, manifestFile);
  const manifest = readManifest(path, manifestFile, flags.update);
  prepareCiOutputs(flags);
  if (flags.update && !existsSync(join(root, 'scenarios'))) {
    throw new CliError('usage', `no scenarios/ folder in ${root}: run check from the repository root`);
  }
  const plan = planCheck(manifest.entries, corpusFiles(root), (file) => existsSync(join(root, file)), flags.update);
  const outcomes = await runAll(session, root, plan.runs, flags.jobs);
  if (!flags.update) {
    const write = outcomes.some((o) => o.kind === 'crashed') ? writeCiOutputsAfterCrash : writeCiOutputs;
    write(session, flags, checkReport({ manifestFile, entries: manifest.entries, plan, outcomes, wallMs: performance.now() - started }));
  }
  stopOnFailedRuns(session, outcomes);
  const figures = outcomes.map((o) => (o as Extract<GoldenOutcome, { kind: 'ran' }>).figures);
  const reconciled = reconcile(manifest.entries, plan, figures);
  return flags.update
    ? update(session, { manifestFile, path, manifest, plan, reconciled })
    : show(session, manifestFile, plan, reconciled.drifts);
}

/** The manifest, or exit 2; with --update a missing manifest is an empty one, to be written. */
function readManifest(path: string, shown: string, update: boolean): GoldenManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (update && (error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] };
    throw new CliError('unreadable', `${shown}: cannot read (${errorReason(error)})`);
  }
  const parsed = parseManifest(text, shown);
  if (parsed.ok) return parsed.manifest;
  throw new CliError('invalid-manifest', `${shown}: invalid golden manifest`, { issues: parsed.issues, details: parsed.issues.map(formatIssue) });
}

/** In worker threads; with one job in this thread, which saves starting a worker. */
async function runAll(session: Session, root: string, runs: readonly GoldenRun[], jobs: number): Promise<GoldenOutcome[]> {
  const progress = new Progress(session, () => performance.now(), { label: 'check', unit: 'run', total: runs.length });
  let finished = 0;
  const tick = (): void => progress.update(++finished, 0);
  try {
    if (Math.min(jobs, runs.length) <= 1) {
      return runs.map((run) => {
        const outcome = goldenOutcome(root, run);
        tick();
        return outcome;
      });
    }
    return await runPool(runs, {
      worker: WORKER,
      workerData: { root },
      jobs: Math.min(jobs, runs.length),
      onResult: tick,
      onWorkerLost: (run, error): GoldenOutcome => ({ kind: 'crashed', error, replay: runLine(run) }),
    });
  } finally {
    progress.clear();
  }
}

/**
 * Runs that could not be compared stop the command before anything is compared or written: a
 * scenario that no longer parses is bad input (exit 2, every issue of every file); a run that
 * threw is a simulator bug (exit 70), reproduced by its own run line.
 */
function stopOnFailedRuns(session: Session, outcomes: readonly GoldenOutcome[]): void {
  const crash = outcomes.find((o) => o.kind === 'crashed');
  if (crash !== undefined) {
    session.reproduce = crash.replay;
    throw Object.assign(new Error(crash.error.message), { name: crash.error.name, stack: crash.error.stack });
  }
  const invalid = outcomes.flatMap((o) => (o.kind === 'invalid' ? [o] : []));
  if (invalid.length === 0) return;
  throw new CliError('invalid-scenario', `${invalid.length} scenario file${invalid.length === 1 ? '' : 's'} of the manifest cannot be run`, {
    issues: invalid.flatMap((o) => o.issues),
    details: invalid.flatMap((o) => o.details),
  });
}

function show(session: Session, manifestFile: string, plan: CheckPlan, drifts: readonly Drift[]): ExitCode {
  if (session.flags.json) printJson(session, { ok: drifts.length === 0, manifest: manifestFile, runs: plan.runs.length, drifts });
  else for (const drift of drifts) print(session, describeDrift(drift));
  if (drifts.length === 0) {
    info(session, `${manifestFile}: ${plan.runs.length === 1 ? 'the golden run matches' : `all ${goldenRuns(plan.runs.length)} match`}`);
    return ExitCode.ok;
  }
  report(session, `${manifestFile}: ${drifts.length} drift${drifts.length === 1 ? '' : 's'} in ${goldenRuns(plan.runs.length + plan.gone.length)}`);
  report(session, `if the change is deliberate (a model change; say so in the commit), accept it with: ${UPDATE_COMMAND}`);
  return ExitCode.failed;
}

interface UpdateContext {
  readonly manifestFile: string;
  readonly path: string;
  readonly manifest: GoldenManifest;
  readonly plan: CheckPlan;
  readonly reconciled: Reconciled;
}

function update(session: Session, { manifestFile, path, manifest, plan, reconciled }: UpdateContext): ExitCode {
  const text = renderManifest({ version: 1, entries: reconciled.next });
  const changes = reconciled.drifts.map(changeLine);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (text !== before) {
    try {
      writeFileSync(path, text);
    } catch (error) {
      throw new CliError('unwritable', `${manifestFile}: cannot write (${errorReason(error)})`);
    }
  }
  if (session.flags.json) printJson(session, { ok: true, manifest: manifestFile, written: text !== before, changes: reconciled.drifts });
  else for (const line of changes) print(session, line);
  const counts = `${plan.unlisted.length} added, ${plan.gone.length} removed, ${changedRuns(reconciled.drifts)} updated`;
  if (text === before) info(session, `${manifestFile} is up to date (${goldenRuns(manifest.entries.length)})`);
  else info(session, `wrote ${manifestFile}: ${goldenRuns(reconciled.next.length)}; ${counts}`);
  return ExitCode.ok;
}

function changeLine(drift: Drift): string {
  switch (drift.kind) {
    case 'field':
      return `updated ${drift.run}: ${drift.field} ${drift.expected} -> ${drift.got}`;
    case 'unlisted':
      return `added   ${drift.run}`;
    case 'gone':
      return `removed ${drift.run} (the file is gone)`;
  }
}

function changedRuns(drifts: readonly Drift[]): number {
  return new Set(drifts.filter((d) => d.kind === 'field').map((d) => d.run)).size;
}

function goldenRuns(n: number): string {
  return `${n} golden run${n === 1 ? '' : 's'}`;
}
