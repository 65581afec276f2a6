/**
 * End-to-end: long fuzz campaigns, each case a real `node bin/cli.ts fuzz` process. A session
 * can be bounded by wall time as well as by a seed count, stopped with Ctrl-C, and resumed
 * from its state file in --out; whichever way it ends, it reports the gap-free range of seeds
 * that ran, how it ended, and how to continue.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, AURORA_SIM_PROGRAM: undefined };

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in a fresh process, without colour, and collects what it printed. */
function cli(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], { cwd: root, env: ENV, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A chaos scenario of 300 ms simulated: every seed is ok, and quick. */
const TINY = [
  'version: 1',
  'name: tiny-campaign',
  'description: A tiny chaos run for the campaign tests.',
  'seed: 1',
  'duration: 300ms',
  'cluster: { protectionGroups: 1, replicas: 1 }',
  'workload: { rate: 200/s }',
  'chaos: { from: 50ms, to: 150ms, meanInterval: 50ms, kinds: [crash, pause], faultDuration: 20ms }',
  '',
].join('\n');

/** The shipped unsafe-quorum negative scenario without its expect block: every seed fails. */
function unsafeQuorum(): string {
  const text = readFileSync(join(root, 'scenarios/negative/unsafe-quorum.yaml'), 'utf8');
  return text.replace(/^expect:\n(?: {2}.*\n)*/m, '');
}
const SHORT = ['--set', 'duration=200ms', '--set', 'workload.rate=1000/s'];

interface Summary {
  seeds: number;
  ok: number;
  failed: number;
  firstSeed: number;
  lastSeed: number | null;
  ended: string;
}
interface FuzzJson {
  exitCode: number;
  summary: Summary;
  determinism: { checked: number[] };
  results: { seed: number }[];
  campaign: { stateFile: string; resumed: boolean; firstSeed: number; lastSeed: number | null; nextSeed: number; seeds: number; ok: number; failed: number };
  continue: { resume: string; firstSeed: string } | null;
}
interface State {
  file: string;
  sets: string[];
  firstSeed: number;
  nextSeed: number;
  status: string;
  counts: { seeds: number; ok: number; failed: number };
  failures: { seed: number; verdict: string; capsule?: string }[];
}

let dir = '';
const file = (name: string): string => join(dir, name);
const readState = (path: string): State => JSON.parse(readFileSync(path, 'utf8')) as State;

/**
 * Starts a fuzz that would run for a minute and sends it Ctrl-C once its state file shows a
 * seed done (the file is rewritten about once a second while seeds run).
 */
async function interruptedFuzz(args: readonly string[], stateFile: string): Promise<Outcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/cli.ts', 'fuzz', ...args], { cwd: root, env: ENV });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let running = true;
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  void exited.then(() => (running = false));
  while (running && !(existsSync(stateFile) && readState(stateFile).nextSeed > 1)) await sleep(100);
  child.kill('SIGINT');
  return { code: await exited, stdout, stderr };
}

/** The campaigns the cases read, started together: their processes overlap. */
let timedRun: Promise<Outcome>;
let interruptedRun: Promise<Outcome>;
let failingRuns: Promise<[Outcome, Outcome]>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-campaign-'));
  writeFileSync(file('tiny.yaml'), TINY);
  writeFileSync(file('unsafe.yaml'), unsafeQuorum());
  const timed = ['--time', '1s', '--first-seed', '10', '--jobs', '2', '--verify-determinism', '1000', '--out', file('timed'), '--junit', file('timed.xml')];
  timedRun = cli(['fuzz', file('tiny.yaml'), ...timed, '--json']);
  const minute = [file('tiny.yaml'), '--time', '1m', '--jobs', '1', '--out', file('interrupted')];
  interruptedRun = interruptedFuzz(minute, join(file('interrupted'), 'tiny-campaign.campaign.json'));
  const unsafe = [file('unsafe.yaml'), ...SHORT, '--out', file('failing')];
  failingRuns = cli(['fuzz', ...unsafe, '--seeds', '2', '--first-seed', '5']).then(async (first) => [first, await cli(['fuzz', ...unsafe, '--resume', '--seeds', '1'])]);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('fuzz --time', () => {
  let timed: Outcome;
  let doc: FuzzJson;

  beforeAll(async () => {
    timed = await timedRun;
    doc = JSON.parse(timed.stdout) as FuzzJson;
  });

  it('runs consecutive seeds from the first until the time is spent, and says it ended by time', () => {
    expect(timed.code).toBe(0);
    expect(doc.summary).toMatchObject({ ended: 'time', firstSeed: 10 });
    expect(doc.summary.seeds).toBeGreaterThanOrEqual(1);
    expect(doc.results.map((r) => r.seed)).toEqual(Array.from({ length: doc.summary.seeds }, (_, i) => 10 + i));
    expect(doc.summary.lastSeed).toBe(10 + doc.summary.seeds - 1);
  });

  it('gives the commands that continue from the next seed, with the same time', () => {
    const next = 10 + doc.summary.seeds;
    expect(doc.continue?.resume).toBe(`npx aurora-sim fuzz ${file('tiny.yaml')} --out ${file('timed')} --time 1s --verify-determinism 1000 --resume`);
    expect(doc.continue?.firstSeed).toBe(`npx aurora-sim fuzz ${file('tiny.yaml')} --out ${file('timed')} --time 1s --verify-determinism 1000 --first-seed ${next}`);
  });

  it('draws the determinism re-runs from the seeds that ran', () => {
    expect(doc.determinism.checked).toEqual(doc.results.map((r) => r.seed));
  });

  it('gives CI a test case for each seed that ran', () => {
    const cases = readFileSync(file('timed.xml'), 'utf8').match(/<testcase /g) ?? [];
    expect(cases.length).toBe(doc.summary.seeds);
  });

  it('with --seeds as well stops at whichever comes first: here the seeds', async () => {
    const { code, stdout } = await cli(['fuzz', file('tiny.yaml'), '--seeds', '2', '--time', '1h', '--out', file('both')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fuzz tiny-campaign: 2 seeds \(1\.\.2\) of /);
    expect(stdout).toContain('\n  ended: all seeds run\n');
    expect(stdout).not.toContain('continue:');
  });

  it('refuses a duration without a unit, exit 2', async () => {
    const { code, stderr } = await cli(['fuzz', file('tiny.yaml'), '--time', '10']);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a duration such as 500ms, 90s, 10m or 1h');
  });
});

describe('fuzz, Ctrl-C and --resume', () => {
  const out = (): string => file('interrupted');
  const stateFile = (): string => join(out(), 'tiny-campaign.campaign.json');
  let interrupted: Outcome;
  let next = 0;

  beforeAll(async () => {
    interrupted = await interruptedRun;
    next = readState(stateFile()).nextSeed;
  });

  it('stops starting seeds at the first Ctrl-C, lets the running ones finish, and exits 130', () => {
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('interrupted: finishing the seeds running, then reporting (Ctrl-C again to quit at once)');
  });

  it('prints the partial summary: the seeds that ran, their counts, and where it stopped', () => {
    const ran = next - 1;
    expect(ran).toBeGreaterThanOrEqual(1);
    expect(interrupted.stdout).toMatch(new RegExp(`^fuzz tiny-campaign: ${ran} seeds? \\(1\\.\\.${ran}\\) of `));
    expect(interrupted.stdout).toContain(`\n  ${ran} ok, 0 failed, 0 inconclusive, 0 crashed\n`);
    expect(interrupted.stdout).toContain(`\n  ended: interrupted (Ctrl-C); the next seed is ${next}\n`);
  });

  it('prints the exact commands that continue: --resume, or the same seeds from --first-seed', () => {
    const base = `npx aurora-sim fuzz ${file('tiny.yaml')} --out ${out()} --time 1m`;
    expect(interrupted.stdout).toContain(`\n  continue: ${base} --resume\n        or: ${base} --first-seed ${next}\n`);
  });

  it('leaves the state file saying what ran and that it was interrupted', () => {
    expect(readState(stateFile())).toMatchObject({ file: file('tiny.yaml'), sets: [], firstSeed: 1, nextSeed: next, status: 'interrupted', counts: { seeds: next - 1, ok: next - 1 }, failures: [] });
  });

  it('--resume continues from the next seed and adds the session to the campaign total', async () => {
    const resumed = await cli(['fuzz', file('tiny.yaml'), '--resume', '--seeds', '2', '--out', out(), '--json']);
    expect(resumed.code).toBe(0);
    const doc = JSON.parse(resumed.stdout) as FuzzJson;
    expect(doc.results.map((r) => r.seed)).toEqual([next, next + 1]);
    expect(doc.summary).toMatchObject({ ended: 'all-seeds', firstSeed: next, lastSeed: next + 1 });
    expect(doc.campaign).toMatchObject({ stateFile: stateFile(), resumed: true, firstSeed: 1, lastSeed: next + 1, nextSeed: next + 2, seeds: next + 1 });
    expect(readState(stateFile())).toMatchObject({ nextSeed: next + 2, status: 'all-seeds', counts: { seeds: next + 1 } });
  });
});

describe('fuzz --resume', () => {
  const out = (): string => file('failing');
  const stateFile = (): string => join(out(), 'unsafe-quorum.campaign.json');
  let first: Outcome;
  let resumed: Outcome;

  beforeAll(async () => {
    [first, resumed] = await failingRuns;
  });

  it('runs the seeds asked for this time, then prints the session summary and the campaign total', () => {
    expect([first.code, resumed.code]).toEqual([1, 1]);
    expect(resumed.stdout).toMatch(/^FAILED seed 7: /);
    expect(resumed.stdout).toMatch(/^fuzz unsafe-quorum: 1 seed \(7\.\.7\) of /m);
    expect(resumed.stdout).toContain('\n  0 ok, 1 failed, 0 inconclusive, 0 crashed\n');
    expect(resumed.stdout).toContain('\n  campaign: 3 seeds (5..7), 0 ok, 3 failed, 0 inconclusive, 0 crashed\n');
  });

  it('keeps every failing seed of the campaign in the state file, with its capsule, and no temporary file', () => {
    const state = readState(stateFile());
    expect(state).toMatchObject({ sets: SHORT.filter((w) => w !== '--set'), firstSeed: 5, nextSeed: 8, counts: { seeds: 3, failed: 3 } });
    expect(state.failures.map((f) => [f.seed, f.verdict])).toEqual([[5, 'failed'], [6, 'failed'], [7, 'failed']]);
    for (const f of state.failures) expect(existsSync(f.capsule!)).toBe(true);
    expect(readdirSync(out()).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses, exit 2, when there is no campaign to resume in --out', async () => {
    const { code, stderr } = await cli(['fuzz', file('unsafe.yaml'), '--resume', ...SHORT, '--out', file('nothing-here')]);
    expect(code).toBe(2);
    expect(stderr).toBe(`aurora-sim: --resume: no campaign to resume, ${join(file('nothing-here'), 'unsafe-quorum.campaign.json')} does not exist (run without --resume to start one)\n`);
  });

  it('refuses, exit 2, when the --set list differs from the campaign\'s', async () => {
    const { code, stderr } = await cli(['fuzz', file('unsafe.yaml'), '--resume', '--set', 'duration=200ms', '--out', out()]);
    expect(code).toBe(2);
    expect(stderr).toContain(`ran with --set duration=200ms --set workload.rate=1000/s; resume it with the same --set list`);
  });

  it('refuses, exit 2, when the scenario file changed since the campaign started', async () => {
    writeFileSync(file('unsafe-edited.yaml'), `${unsafeQuorum()}# edited\n`);
    const { code, stderr } = await cli(['fuzz', file('unsafe-edited.yaml'), '--resume', ...SHORT, '--out', out()]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file('unsafe-edited.yaml')} has changed since the campaign in ${stateFile()} started`);
  });

  it('refuses --resume with --first-seed: the campaign says where it goes on', async () => {
    const { code, stderr } = await cli(['fuzz', file('unsafe.yaml'), '--resume', '--first-seed', '9', ...SHORT, '--out', out()]);
    expect(code).toBe(2);
    expect(stderr).toContain("option '--resume' cannot be used with option '--first-seed <s>'");
  });
});
