/**
 * End-to-end: `aurora-sim fuzz` as a user and CI meet it, each case a real `node bin/cli.ts`
 * process with worker threads. Seeds are reported in seed order whatever the threads did, a
 * fuzzed seed is the same run as `run --seed` of it, failing seeds exit 1 with one reproduce
 * line each and leave capsules that replay on their own, and the exit code is the most severe
 * among the seeds.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in a fresh process, without colour, and collects what it printed. */
function cli(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, AURORA_SIM_PROGRAM: undefined };
    execFile(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], { cwd: root, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A tiny chaos scenario: 1.5 s simulated, faults in the first 700 ms within the failure model.
 * Failover detection keeps its 5 s default, so no writer fault here ends in a failover.
 */
const TINY_CHAOS = [
  'version: 1',
  'name: tiny-chaos',
  'description: A tiny chaos run for the fuzz tests.',
  'seed: 1',
  'duration: 1500ms',
  'cluster: { protectionGroups: 2, replicas: 1 }',
  'workload: { rate: 300/s }',
  'chaos:',
  '  from: 100ms',
  '  to: 700ms',
  '  meanInterval: 100ms',
  '  kinds: [crash, az-outage, pause, slow-disk, partition, packet-loss, packet-duplication, packet-reorder, latency-spike]',
  '  faultDuration: { dist: uniform, min: 20ms, max: 300ms }',
  'convergeWithin: 500ms',
  'expect:',
  '  ackedCommitsLost: 0',
  '',
].join('\n');

/** The shipped unsafe-quorum negative scenario without its expect block: every seed fails. */
function unsafeQuorum(): string {
  const text = readFileSync(join(root, 'scenarios/negative/unsafe-quorum.yaml'), 'utf8');
  return text.replace(/^expect:\n(?: {2}.*\n)*/m, '');
}

const SHORT = ['--set', 'duration=200ms', '--set', 'workload.rate=1000/s'];

interface FuzzJson {
  ok: boolean;
  exitCode: number;
  summary: { seeds: number; ok: number; failed: number; inconclusive: number; crashed: number; firstSeed: number; jobs: number };
  determinism: { checked: number[]; mismatched: number[] };
  results: { seed: number; verdict: string; traceHash: string | null; violations: { name: string }[]; reproduce?: string; capsule?: string }[];
}

let dir = '';
const file = (name: string): string => join(dir, name);
const capsules = (): string => file('capsules');

/** The two fuzz runs most cases read, started together: their processes overlap. */
let passingRun: Promise<Outcome>;
let failingRun: Promise<Outcome>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-fuzz-'));
  writeFileSync(file('tiny-chaos.yaml'), TINY_CHAOS);
  writeFileSync(file('unsafe.yaml'), unsafeQuorum());
  const passing = ['--seeds', '6', '--first-seed', '3', '--jobs', '2', '--verify-determinism', '2', '--out', file('ok-capsules'), '--json'];
  passingRun = cli(['fuzz', file('tiny-chaos.yaml'), ...passing]);
  failingRun = cli(['fuzz', file('unsafe.yaml'), '--seeds', '3', '--first-seed', '7', ...SHORT, '--out', capsules()]);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('aurora-sim fuzz: seeds that pass', () => {
  let passing: Outcome;
  let doc: FuzzJson;

  beforeAll(async () => {
    passing = await passingRun;
    doc = JSON.parse(passing.stdout) as FuzzJson;
  });

  it('runs seeds S..S+N-1, lists every one in seed order, and exits 0 when all are ok', () => {
    expect(passing.code).toBe(0);
    expect(doc.results.map((r) => r.seed)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(doc.results.every((r) => r.verdict === 'ok' && r.violations.length === 0 && /^[0-9a-f]{64}$/.test(r.traceHash ?? ''))).toBe(true);
    expect(doc).toMatchObject({ ok: true, exitCode: 0, summary: { seeds: 6, ok: 6, failed: 0, inconclusive: 0, crashed: 0, firstSeed: 3, jobs: 2 } });
  });

  it('writes no capsule and nothing on stderr when every seed is ok: --out holds only the campaign state', () => {
    expect(readdirSync(file('ok-capsules'))).toEqual(['tiny-chaos.campaign.json']);
    expect(passing.stderr).toBe('');
  });

  it('gives each seed the trace hash that a separate `run --seed` of it gives', async () => {
    const run = await cli(['run', file('tiny-chaos.yaml'), '--seed', '5', '--json']);
    expect(run.code).toBe(0);
    const { traceHash } = JSON.parse(run.stdout) as { traceHash: string };
    expect(doc.results.find((r) => r.seed === 5)?.traceHash).toBe(traceHash);
  });

  it('--verify-determinism re-runs seeds spread over the range in fresh workers and finds the same hashes', () => {
    expect(doc.determinism).toEqual({ checked: [3, 6], mismatched: [] });
  });
});

describe('aurora-sim fuzz: seeds that fail', () => {
  let failing: Outcome;

  beforeAll(async () => {
    failing = await failingRun;
  });

  it('exits 1 and prints, in seed order, one line per seed: verdict, first violation, reproduce command', () => {
    expect(failing.code).toBe(1);
    const lines = failing.stdout.split('\n').filter((line) => line.startsWith('FAILED'));
    expect(lines.map((line) => /^FAILED seed (\d+): /.exec(line)?.[1])).toEqual(['7', '8', '9']);
    for (const [i, line] of lines.entries()) {
      expect(line).toContain(': quorum-intersection: read set');
      expect(line).toMatch(new RegExp(`reproduce: npx aurora-sim run \\S+unsafe\\.yaml --seed ${7 + i} --set duration=200ms --set workload\\.rate=1000/s$`));
    }
    expect(failing.stdout).toContain('0 ok, 3 failed, 0 inconclusive, 0 crashed');
    expect(failing.stdout).toContain(`capsules: 3 in ${capsules()}`);
  });

  it('prints the failure lines and the summary on stdout, and no progress line when stderr is not a terminal', () => {
    expect(failing.stdout).toMatch(/^fuzz unsafe-quorum: 3 seeds \(7\.\.9\) of \S+ on 2 workers$/m);
    expect(failing.stdout).toMatch(/runs\/s\n$/);
    expect(failing.stderr).toBe('');
  });

  it('leaves a capsule per failing seed: the scenario with its seed, and the verdict as JSON', () => {
    for (const seed of [7, 8, 9]) {
      const capsule = JSON.parse(readFileSync(join(capsules(), `unsafe-quorum-seed-${seed}.json`), 'utf8')) as Record<string, unknown>;
      expect(capsule).toMatchObject({ seed, verdict: 'failed', exitCode: 1, violations: [{ name: 'quorum-intersection' }, { name: 'acked-commit-durable' }, { name: 'invariants' }] });
      expect(readFileSync(join(capsules(), `unsafe-quorum-seed-${seed}.yaml`), 'utf8')).toMatch(new RegExp(`^seed: ${seed}$`, 'm'));
    }
  });

  it('has capsules that re-run on their own to the same failure and the same trace hash', async () => {
    const capsule = JSON.parse(readFileSync(join(capsules(), 'unsafe-quorum-seed-8.json'), 'utf8')) as { traceHash: string; replay: string };
    expect(capsule.replay).toBe(`npx aurora-sim run ${join(capsules(), 'unsafe-quorum-seed-8.yaml')}`);
    const replay = await cli(['run', join(capsules(), 'unsafe-quorum-seed-8.yaml'), '--json']);
    expect(replay.code).toBe(1);
    const result = JSON.parse(replay.stdout) as { seed: number; traceHash: string; invariants: { name: string; ok: boolean }[] };
    expect(result.seed).toBe(8);
    expect(result.traceHash).toBe(capsule.traceHash);
    expect(result.invariants.filter((i) => !i.ok).map((i) => i.name)).toEqual(['quorum-intersection', 'acked-commit-durable']);
  });

  it('writes the chaos schedule into a chaos capsule, which replays to the same trace hash', async () => {
    const impossible = ['--set', 'expect.commitsAcknowledged={min: 1000000}'];
    const fuzz = await cli(['fuzz', file('tiny-chaos.yaml'), '--seeds', '1', '--first-seed', '4', ...impossible, '--out', file('chaos-capsules'), '--json']);
    expect(fuzz.code).toBe(1);
    const [result] = (JSON.parse(fuzz.stdout) as FuzzJson).results;
    expect(result).toMatchObject({ seed: 4, verdict: 'failed', violations: [{ name: 'commitsAcknowledged' }] });
    expect(fuzz.stderr).toMatch(/^FAILED seed 4: commitsAcknowledged: .*reproduce: npx aurora-sim run \S+ --seed 4 --set 'expect\.commitsAcknowledged=\{min: 1000000\}'\n$/);
    const yaml = readFileSync(result!.capsule!, 'utf8');
    expect(yaml).toMatch(/^faults:\n {2}- \{ at: /m);
    expect(yaml).not.toMatch(/^chaos:/m);
    const replay = await cli(['run', result!.capsule!, '--json']);
    expect(replay.code).toBe(1);
    expect((JSON.parse(replay.stdout) as { traceHash: string }).traceHash).toBe(result!.traceHash);
  });

  it('--shrink cuts each failed seed down beside its capsule and proves it in a fresh process', async () => {
    const args = ['fuzz', file('unsafe.yaml'), '--seeds', '1', '--first-seed', '7', ...SHORT, '--shrink', '--max-runs', '4', '--jobs', '1'];
    const fuzz = await cli([...args, '--out', file('shrunk'), '--json']);
    expect(fuzz.code).toBe(1);
    const { shrinks } = JSON.parse(fuzz.stdout) as { shrinks: { seed: number; shrunk: boolean; file: string; invariant: string; verified: boolean; runs: number }[] };
    const shrunkFile = join(file('shrunk'), 'unsafe-quorum-seed-7.shrunk.yaml');
    expect(shrinks).toEqual([expect.objectContaining({ seed: 7, shrunk: true, file: shrunkFile, invariant: 'quorum-intersection', verified: true, runs: 4 })]);
    expect(fuzz.stderr).toContain(`shrunk seed 7: 0 faults (from 0), 4 runs (stopped early: --max-runs reached), quorum-intersection: npx aurora-sim run ${shrunkFile} --seed 7`);
    expect(readFileSync(shrunkFile, 'utf8')).toMatch(/^# aurora-sim shrink: quorum-intersection violated/);
  });

  it('--shrink on a shipped chaos scenario with a bug switch on comes to a handful of faults that fail the same way in a fresh process', async () => {
    const args = ['fuzz', 'scenarios/chaos.yaml', '--seeds', '1', '--first-seed', '3', '--set', 'bugs=[pgcl-needs-all]', '--shrink', '--jobs', '1'];
    const fuzz = await cli([...args, '--out', file('chaos-shrunk'), '--json']);
    expect(fuzz.code).toBe(1);
    const report = JSON.parse(fuzz.stdout) as {
      results: { seed: number; violations: { name: string }[] }[];
      shrinks: { seed: number; file: string; invariant: string; verified: boolean; faults: { before: number; after: number }; withoutDefects: { stillViolated: boolean } }[];
    };
    const [shrink] = report.shrinks;
    expect(shrink).toMatchObject({ seed: 3, verified: true, withoutDefects: { stillViolated: false } });
    expect(shrink!.faults.before).toBeGreaterThan(5);
    expect(shrink!.faults.after).toBeLessThanOrEqual(5);
    expect(report.results[0]!.violations.map((v) => v.name)).toContain(shrink!.invariant);
    const alone = await cli(['run', shrink!.file, '--json']);
    expect(alone.code).toBe(1);
    const run = JSON.parse(alone.stdout) as { invariants: { name: string; ok: boolean }[] };
    expect(run.invariants.find((i) => i.name === shrink!.invariant)?.ok).toBe(false);
  });

  it('exits 3 when every seed is inconclusive, each line saying why', async () => {
    const { code, stdout } = await cli(['fuzz', file('tiny-chaos.yaml'), '--seeds', '2', '--set', 'convergeWithin=1us', '--out', file('inconclusive')]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^INCONCLUSIVE seed 1: converged \d+us after the last fault healed \(bound 1us\): no client wrote within the bound, [^\n]* {2}reproduce: /m);
    expect(stdout).toContain('0 ok, 0 failed, 2 inconclusive, 0 crashed');
  });
});

describe('aurora-sim fuzz: bad input', () => {
  it('exits 2 for a missing scenario file before running any seed', async () => {
    const { code, stdout, stderr } = await cli(['fuzz', file('missing.yaml'), '--json']);
    expect(code).toBe(2);
    expect(stderr).toContain('missing.yaml: cannot read (ENOENT');
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'unreadable' } });
  });

  it('exits 2 for a seed count that is not a positive integer', async () => {
    const { code, stderr } = await cli(['fuzz', file('tiny-chaos.yaml'), '--seeds', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('expected a positive integer');
  });
});
