/**
 * The fuzz row as one bench process: runs `aurora-sim fuzz FILE --seeds S --jobs J` once,
 * times the whole command from spawn to exit (worker start-up included, as a user waits for
 * it), reads its JSON report and prints one JSON line: seeds per minute of wall time. Seeds
 * that fail are counted, not an error: a campaign that finds bugs still has a throughput.
 * An error is a command that did not run every seed (usage, an internal error, a crash).
 *
 *   node fuzz-main.js --scenario FILE --seeds S --jobs J --out DIR -- node REPO/bin/aurora-sim.js
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

function main(): void {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const cli = dash < 0 ? [] : argv.slice(dash + 1);
  const opts = new Map<string, string>();
  for (let i = 0; i < own.length; i += 2) opts.set(own[i]!, own[i + 1] ?? '');
  const file = opts.get('--scenario');
  const seeds = Number(opts.get('--seeds'));
  const jobs = Number(opts.get('--jobs'));
  const out = opts.get('--out');
  const common = { engine: 'aurora-sim fuzz', model: 'fuzz', scenario: file, seeds, jobs, first_seed: 1 };
  const emit = (fields: object): void => {
    process.stdout.write(`${JSON.stringify({ ...common, ...fields })}\n`);
  };
  if (file === undefined || out === undefined || !(seeds >= 1) || !(jobs >= 1) || cli.length === 0) {
    emit({ error: 'usage: fuzz-main --scenario FILE --seeds S --jobs J --out DIR -- COMMAND...' });
    process.exitCode = 1;
    return;
  }
  const [command, ...args] = cli;
  const fuzzArgs = ['fuzz', file, '--seeds', String(seeds), '--first-seed', '1', '--jobs', String(jobs), '--out', out, '--json', '--color', 'never'];
  const t0 = performance.now();
  const r = spawnSync(command!, [...args, ...fuzzArgs], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const wall = (performance.now() - t0) / 1e3;
  const report = parse(r.stdout);
  const summary = report?.['summary'] as Record<string, number> | undefined;
  // Exit 1 is "some seed failed"; anything else, or a report short of seeds, is no figure.
  if ((r.status !== 0 && r.status !== 1) || summary === undefined || summary['seeds'] !== seeds) {
    const why = r.error?.message ?? `exit ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
    emit({ error: `fuzz did not run all ${seeds} seeds (${why})` });
    process.exitCode = 1;
    return;
  }
  emit({
    wall_s: wall,
    seeds_per_min: (seeds / wall) * 60,
    // The command's own timer (its report's wall time): without Node's start-up and module loading.
    fuzz_wall_ms: summary['wallMs'],
    failed: summary['failed'],
    inconclusive: summary['inconclusive'],
    crashed: summary['crashed'],
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

main();
