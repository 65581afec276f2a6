/**
 * The fuzz row as one bench process: runs `aurora-sim fuzz FILE --seeds S --jobs J` once,
 * times the whole command from spawn to exit (worker start-up included, as a user waits for
 * it), reads its JSON report and prints one JSON line: seeds per minute of wall time. Seeds
 * that fail are counted, not an error: a campaign that finds bugs still has a throughput.
 * An error is a command that did not run every seed (usage, an internal error, a crash).
 *
 * `--split N` (with `--jobs 1`) runs N such commands at once instead, each on its own share of
 * the seeds, and times them until the last exits: N processes that share nothing, which is the
 * most N CPUs of this machine give a CPU-bound job. It is the ceiling against which the pool's
 * scaling is read; on machines whose cores slow each other down (shared caches, a boost clock
 * that only one busy core reaches) it is well under N times one process.
 *
 *   node fuzz-main.js --scenario FILE --seeds S --jobs J [--split N] --out DIR -- node REPO/bin/aurora-sim.js
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

interface Exit {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

/** Runs a command to its exit, collecting its output. */
function run(command: string, args: readonly string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ status: null, signal: null, stdout, stderr, error }));
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** The seed ranges of `split` processes over seeds 1..seeds: [first seed, count] each. */
function shares(seeds: number, split: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let first = 1;
  for (let i = 0; i < split; i++) {
    const count = Math.floor(seeds / split) + (i < seeds % split ? 1 : 0);
    out.push([first, count]);
    first += count;
  }
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const cli = dash < 0 ? [] : argv.slice(dash + 1);
  const opts = new Map<string, string>();
  for (let i = 0; i < own.length; i += 2) opts.set(own[i]!, own[i + 1] ?? '');
  const file = opts.get('--scenario');
  const seeds = Number(opts.get('--seeds'));
  const jobs = Number(opts.get('--jobs'));
  const split = Number(opts.get('--split') ?? 1);
  const out = opts.get('--out');
  const common = { engine: 'aurora-sim fuzz', model: 'fuzz', scenario: file, seeds, jobs, split, first_seed: 1 };
  const emit = (fields: object): void => {
    process.stdout.write(`${JSON.stringify({ ...common, ...fields })}\n`);
  };
  if (file === undefined || out === undefined || !(seeds >= split) || !(jobs >= 1) || !(split >= 1) || cli.length === 0) {
    emit({ error: 'usage: fuzz-main --scenario FILE --seeds S --jobs J [--split N] --out DIR -- COMMAND...' });
    process.exitCode = 1;
    return;
  }
  const [command, ...args] = cli;
  // Each process of a split writes its own campaign files.
  const fuzzArgs = (first: number, count: number, part: number): string[] => [
    'fuzz', file, '--seeds', String(count), '--first-seed', String(first), '--jobs', String(jobs),
    '--out', split === 1 ? out : join(out, `part-${part + 1}`), '--json', '--color', 'never',
  ];
  const t0 = performance.now();
  const exits = await Promise.all(
    shares(seeds, split).map(([first, count], part) => run(command!, [...args, ...fuzzArgs(first, count, part)])),
  );
  const wall = (performance.now() - t0) / 1e3;
  const totals = { seeds: 0, failed: 0, inconclusive: 0, crashed: 0, wallMs: 0 };
  for (const r of exits) {
    const summary = parse(r.stdout)?.['summary'] as Record<string, number> | undefined;
    // Exit 1 is "some seed failed"; anything else, or a report without a summary, is no figure.
    if ((r.status !== 0 && r.status !== 1) || summary === undefined) {
      const why = r.error?.message ?? `exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      emit({ error: `fuzz did not run all ${seeds} seeds (${why})` });
      process.exitCode = 1;
      return;
    }
    for (const key of ['seeds', 'failed', 'inconclusive', 'crashed'] as const) totals[key] += summary[key] ?? 0;
    totals.wallMs = Math.max(totals.wallMs, summary['wallMs'] ?? 0);
  }
  if (totals.seeds !== seeds) {
    emit({ error: `fuzz ran ${totals.seeds} of ${seeds} seeds` });
    process.exitCode = 1;
    return;
  }
  emit({
    wall_s: wall,
    seeds_per_min: (seeds / wall) * 60,
    // The command's own timer (its report's wall time; the slowest process's with --split):
    // without Node's start-up and module loading.
    fuzz_wall_ms: totals.wallMs,
    failed: totals.failed,
    inconclusive: totals.inconclusive,
    crashed: totals.crashed,
    runtime: `node ${process.version}`,
  });
}

function parse(stdout: string | undefined): Record<string, unknown> | undefined {
  try {
    return JSON.parse(stdout ?? '') as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

await main();
