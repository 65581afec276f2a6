/**
 * The start-up row as one bench process: runs `node -e 0`, the given simulator command and a
 * few bare imports in rounds, one of each per round, times each whole process from spawn to
 * exit, and prints one JSON line (figures in startup.ts). The imports show where start-up
 * goes: `zod` and `yaml` (the scenario parser's dependencies), the simulator's compiled public
 * module and the compiled command tree (which loads the simulator and every command).
 *
 *   node startup-main.js --rounds 10 --root REPO -- node REPO/bin/aurora-sim.js run FILE ...
 *
 * The compiled modules are those `npm run build` writes to REPO/dist; the runner builds them
 * first. Not measured here: the file-system cache (the first round may read cold files; the
 * median sets it aside).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startupFigures } from './startup.ts';

interface Command {
  readonly label: string;
  readonly argv: readonly string[];
}

function main(): void {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const cli = dash < 0 ? [] : argv.slice(dash + 1);
  let rounds = 10;
  let root: string | undefined;
  for (let i = 0; i < own.length; i += 2) {
    if (own[i] === '--rounds') rounds = Number(own[i + 1]);
    else if (own[i] === '--root') root = own[i + 1];
    else throw new Error(`usage: startup-main --rounds N --root REPO -- COMMAND...  (at ${own[i]})`);
  }
  const emit = (fields: object): void => {
    process.stdout.write(`${JSON.stringify({ engine: 'aurora-sim', model: 'startup', command: cli, ...fields })}\n`);
  };
  if (root === undefined || cli.length === 0 || !Number.isInteger(rounds) || rounds < 1) {
    emit({ error: 'startup-main needs --rounds N, --root REPO and a command after --' });
    process.exitCode = 1;
    return;
  }
  const missing = ['dist/sim/index.js', 'dist/bin/program.js'].filter((f) => !existsSync(join(root, f)));
  if (missing.length > 0) {
    emit({ error: `${missing.join(', ')} not built (npm run build)` });
    process.exitCode = 1;
    return;
  }
  const node = process.execPath;
  const load = (spec: string): readonly string[] => [node, '--input-type=module', '-e', `await import(${JSON.stringify(spec)})`];
  const imports: Command[] = [
    { label: 'zod', argv: load('zod') },
    { label: 'yaml', argv: load('yaml') },
    { label: 'simulator', argv: load(pathToFileURL(join(root, 'dist', 'sim', 'index.js')).href) },
    { label: 'cli', argv: load(pathToFileURL(join(root, 'dist', 'bin', 'program.js')).href) },
  ];
  const samples = { node: [] as number[], cli: [] as number[], imports: Object.fromEntries(imports.map((c) => [c.label, [] as number[]])) };
  for (let r = 0; r < rounds; r++) {
    const timed = (command: readonly string[]): number | string => time(command, root);
    const results: [number[], number | string][] = [
      [samples.node, timed([node, '-e', '0'])],
      [samples.cli, timed(cli)],
      ...imports.map((c): [number[], number | string] => [samples.imports[c.label]!, timed(c.argv)]),
    ];
    const failed = results.find(([, x]) => typeof x === 'string');
    if (failed !== undefined) {
      emit({ error: failed[1] });
      process.exitCode = 1;
      return;
    }
    for (const [into, ms] of results) into.push(ms as number);
  }
  const figures = startupFigures(samples)!;
  emit({ rounds, ...figures, samples_ms: samples, runtime: `node ${process.version}` });
}

/** Milliseconds from spawn to exit, or why the command failed. */
function time(argv: readonly string[], cwd: string): number | string {
  const [command, ...args] = argv;
  const t0 = performance.now();
  const r = spawnSync(command!, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status === 0) return ms;
  const why = r.error?.message ?? `exit ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`;
  return `${argv.slice(0, 4).join(' ')} ...: ${why}`;
}

main();
