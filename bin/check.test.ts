/**
 * `aurora-sim check` as a developer meets it, from the root of a small scratch repository with
 * tiny scenarios. The update writes a manifest that check then finds in agreement; a changed
 * run, a new scenario file and a deleted one are each reported as a drift (exit 1) and accepted
 * by the next --update; a malformed manifest exits 2 with the place of every problem.
 *
 * Most cases call the command in this process with one job (no worker to start); the first is
 * a real `node bin/cli.ts` process with two jobs, for the command line and the worker threads.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommand } from './commands/check.ts';
import { CliError } from './exit.ts';
import { renderManifest } from './golden/manifest.ts';
import { openSession } from './session.ts';

const cliFile = join(dirname(fileURLToPath(import.meta.url)), 'cli.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let repo = '';
const at = (path: string): string => join(repo, path);

/** `aurora-sim check ARGS` in a fresh process from the scratch repository's root, without colour. */
function cli(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, AURORA_SIM_PROGRAM: undefined };
    execFile(process.execPath, ['--import', tsx, cliFile, 'check', ...args], { cwd: repo, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The command in this process, one job; a bad-input error becomes its exit code and lines. */
async function check(manifest = 'scenarios/golden.json', options: { update?: boolean; json?: boolean } = {}): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const session = openSession(options.json === true ? ['--json'] : [], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1' },
  });
  try {
    const code = await checkCommand(session, manifest, { update: options.update === true, jobs: 1 }, repo);
    return { code, stdout, stderr };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { code: error.exitCode, stdout, stderr: `${[...error.details, error.message].join('\n')}\n` };
  }
}

/** A tiny scenario: 200 ms of simulated time. */
function tiny(name: string, rate = '200/s'): string {
  return ['version: 1', `name: ${name}`, 'description: A tiny run for the check tests.', 'seed: 7', 'duration: 200ms', 'workload:', `  rate: ${rate}`, ''].join('\n');
}

const manifest = () => JSON.parse(readFileSync(at('scenarios/golden.json'), 'utf8')) as { entries: { file: string; traceHash: string }[] };

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'aurora-sim-check-'));
  mkdirSync(at('scenarios/negative'), { recursive: true });
  mkdirSync(at('scenarios/regressions'), { recursive: true });
  writeFileSync(at('scenarios/a.yaml'), tiny('a'));
  writeFileSync(at('scenarios/negative/b.yaml'), tiny('b', '300/s'));
});

afterAll(() => {
  if (repo !== '') rmSync(repo, { recursive: true, force: true });
});

describe('aurora-sim check', () => {
  it('--update writes a manifest of every corpus scenario (in worker threads), which check then finds in agreement', async () => {
    const update = await cli(['--update', '--jobs', '2']);
    expect(update.code).toBe(0);
    expect(update.stdout).toBe('added   scenarios/a.yaml\nadded   scenarios/negative/b.yaml\n');
    expect(update.stderr).toContain('wrote scenarios/golden.json: 2 golden runs; 2 added, 0 removed, 0 updated');
    expect(manifest().entries.map((e) => e.file)).toEqual(['scenarios/a.yaml', 'scenarios/negative/b.yaml']);

    const again = await check();
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toContain('all 2 golden runs match');
  });

  it('reports a changed run field by field, a new file and a deleted one, and exits 1 without writing', async () => {
    writeFileSync(at('scenarios/a.yaml'), tiny('a', '250/s'));
    writeFileSync(at('scenarios/regressions/c.yaml'), tiny('c'));
    unlinkSync(at('scenarios/negative/b.yaml'));
    const before = manifest();

    const { code, stdout, stderr } = await check();
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^scenarios/a\\.yaml: traceHash expected ${before.entries[0]!.traceHash}, got [0-9a-f]{64}$`));
    expect(lines[1]).toMatch(/^scenarios\/a\.yaml: commitsAcknowledged expected \d+, got \d+$/);
    expect(lines.slice(-2)).toEqual([
      'scenarios/negative/b.yaml: the file is gone (the manifest still lists it)',
      'scenarios/regressions/c.yaml: not in the manifest (a scenario file without a golden entry)',
    ]);
    expect(stderr).toContain('accept it with: npm run golden:update');
    expect(manifest()).toEqual(before);
  });

  it('--update accepts every drift, says what changed, and leaves nothing to report', async () => {
    const update = await check(undefined, { update: true });
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/^updated scenarios\/a\.yaml: traceHash [0-9a-f]{64} -> [0-9a-f]{64}$/m);
    expect(update.stdout).toContain('removed scenarios/negative/b.yaml (the file is gone)\nadded   scenarios/regressions/c.yaml\n');
    expect(manifest().entries.map((e) => e.file)).toEqual(['scenarios/a.yaml', 'scenarios/regressions/c.yaml']);

    const json = await check(undefined, { json: true });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, manifest: 'scenarios/golden.json', runs: 2, drifts: [] });
    expect((await check(undefined, { update: true })).stderr).toContain('scenarios/golden.json is up to date (2 golden runs)');
  });

  it('runs an entry with its overrides, and pins the seed they give it', async () => {
    const withSeed = JSON.parse(readFileSync(at('scenarios/golden.json'), 'utf8')) as { entries: Record<string, unknown>[] };
    withSeed.entries.push({ ...withSeed.entries[0], sets: ['seed=8'] });
    writeFileSync(at('extra.json'), JSON.stringify(withSeed, null, 2));
    const { code, stdout } = await check('extra.json');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^scenarios\/a\.yaml --set seed=8: seed expected 7, got 8$/m);
    expect(stdout).toMatch(/^scenarios\/a\.yaml --set seed=8: traceHash expected [0-9a-f]{64}, got [0-9a-f]{64}$/m);
    expect(stdout).not.toMatch(/^scenarios\/a\.yaml: /m);
  });

  it('stops with exit 2 on a scenario that no longer parses, before comparing anything', async () => {
    writeFileSync(at('scenarios/regressions/c.yaml'), `${tiny('c')}colour: blue\n`);
    const { code, stdout, stderr } = await check();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^scenarios\/regressions\/c\.yaml:8:1 {2}colour: /m);
    writeFileSync(at('scenarios/regressions/c.yaml'), tiny('c'));
  });

  it('exits 2 on a malformed manifest, each problem at file:line:col with its field path', async () => {
    const figures = { seed: 7, traceHash: '0'.repeat(64), verdict: 'ok', commitsAcknowledged: 1, ackedCommitsLost: 0, writeUnavailableUs: 0, recoveries: 0 } as const;
    const text = renderManifest({ version: 1, entries: [{ file: 'scenarios/a.yaml', sets: [], ...figures, violatedInvariants: [] }] });
    writeFileSync(at('typo.json'), text.replace('"traceHash"', '"tracehash"').replace('"seed": 7', '"seed": -7'));
    const typo = await check('typo.json');
    expect(typo.code).toBe(2);
    expect(typo.stderr.split('\n')).toEqual([
      'typo.json:4:5  entries.0: missing traceHash',
      'typo.json:7:15  entries.0.seed: expected a non-negative integer, got -7',
      'typo.json:8:7  entries.0.tracehash: unknown field (expected file, sets, seed, traceHash, verdict, commitsAcknowledged, ' +
        'ackedCommitsLost, writeUnavailableUs, recoveries, violatedInvariants)',
      'typo.json: invalid golden manifest',
      '',
    ]);

    writeFileSync(at('syntax.json'), text.replace('"version": 1,', '"version": 1'));
    const syntax = await check('syntax.json');
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/^syntax\.json:3:3 {2}invalid JSON: /);
    const missing = await check('nowhere.json');
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('nowhere.json: cannot read (ENOENT') });
  });
});
