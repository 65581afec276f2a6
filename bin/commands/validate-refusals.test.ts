/**
 * Input that used to get through, end to end: each is refused by `validate FILE` and by
 * `run FILE` with exit 2 and one `file:line:col  path: message` line, and from a `--set`
 * override with the override as its place; never a stack trace, an out-of-memory crash or a
 * run that passes. Each case is a real `node bin/cli.ts` process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
    execFile(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], { cwd: root, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const BASE = ['version: 1', 'name: refusal', 'seed: 7', 'duration: 200ms', 'workload:', '  rate: 200/s', ''].join('\n');

interface Case {
  readonly name: string;
  /** The scenario text (BASE with one mistake). */
  readonly text: string;
  /** `line:col  path: message` as validate prints it after the file name. */
  readonly issue: string;
  /** The same mistake as overrides of BASE, and the line it gives after `--set `. */
  readonly set: string | readonly string[];
  readonly setIssue: string;
}

const GOSSIP = 'a number needs a unit: ns, us, ms, s, m, h';
const REPAIR_WHY = 'a protection group has 8 slots for segments, and repair puts a replacement in a free slot before the lost segment leaves, so replacing two at once needs 2 free';

const CASES: readonly Case[] = [
  {
    name: 'a duration without a unit',
    text: BASE.replace('duration: 200ms', 'duration: 10'),
    issue: `4:11  duration: ${GOSSIP} (e.g. "10s")`,
    set: 'storage.gossipInterval=5',
    setIssue: `storage.gossipInterval=5  storage.gossipInterval: ${GOSSIP} (e.g. "5s")`,
  },
  {
    name: 'a cluster too large to hold',
    text: `${BASE}cluster:\n  protectionGroups: 1e8\n`,
    issue: '8:21  cluster.protectionGroups: must be from 1 to 10000 (every segment gossips on its own timer: 10000 PGs already take 9.4 million events per simulated second), got 100000000',
    set: 'workload.rate=99999999999999999999/s',
    setIssue:
      'workload.rate=99999999999999999999/s  workload.rate: must be at most 1000000/s (the clock counts whole microseconds, and faster arrivals fill memory: 3000000/s took 3.5GB in one second), got "99999999999999999999/s"',
  },
  {
    name: 'a mini-transaction longer than the default transaction',
    text: `${BASE}  recordsPerMtr: 5\n`,
    issue: '7:18  workload.recordsPerMtr: a mini-transaction (5 records) cannot be longer than its transaction (4 records, the default recordsPerTxn)',
    set: 'workload.recordsPerMtr=5',
    setIssue: 'workload.recordsPerMtr=5  workload.recordsPerMtr: a mini-transaction (5 records) cannot be longer than its transaction (4 records, the default recordsPerTxn)',
  },
  {
    name: 'a seed above 2^53 - 1',
    text: BASE.replace('seed: 7', 'seed: 9007199254740993'),
    issue: '3:7  seed: must be from 0 to 2^53 - 1 (9007199254740991), got 9007199254740993',
    set: 'seed=9007199254740993',
    setIssue: 'seed=9007199254740993  seed: must be from 0 to 2^53 - 1 (9007199254740991), got 9007199254740993',
  },
  {
    name: 'a LAL smaller than one mini-transaction',
    text: `${BASE}  recordsPerMtr: 2\ncluster:\n  lal: 1\n`,
    issue: "9:8  cluster.lal: lal (1) is smaller than one mini-transaction (workload.recordsPerMtr: 2): an MTR's LSNs are allocated together and only up to VDL + lal, so the writer would never allocate one",
    set: ['workload.recordsPerMtr=2', 'cluster.lal=1'],
    setIssue: "cluster.lal=1  cluster.lal: lal (1) is smaller than one mini-transaction (workload.recordsPerMtr: 2): an MTR's LSNs are allocated together and only up to VDL + lal, so the writer would never allocate one",
  },
  {
    name: 'more segments per protection group than repair supports',
    text: `${BASE}cluster:\n  segmentsPerAz: 3\n`,
    issue: `8:18  cluster.segmentsPerAz: V = 9 (3 AZs × 3 segments) is more than the 6 segments per protection group repair supports: ${REPAIR_WHY}`,
    set: 'cluster.segmentsPerAz=3',
    setIssue: `cluster.segmentsPerAz=3  cluster.segmentsPerAz: V = 9 (3 AZs × 3 segments) is more than the 6 segments per protection group repair supports: ${REPAIR_WHY}`,
  },
];

let dir = '';
const fileOf = (c: Case): string => join(dir, `${CASES.indexOf(c)}.yaml`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-refusals-'));
  for (const c of CASES) writeFileSync(fileOf(c), c.text);
  writeFileSync(join(dir, 'base.yaml'), BASE);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const STACK_FRAME = /^\s+at /m;

describe('refused input', () => {
  it('validate FILE: one located line for each, exit 2', async () => {
    const { code, stderr } = await cli(['validate', ...CASES.map(fileOf)]);
    expect(code).toBe(2);
    for (const c of CASES) expect(stderr, c.name).toContain(`${fileOf(c)}:${c.issue}\n`);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it.concurrent.each(CASES)('run FILE: $name, exit 2 before running', async (c) => {
    const { code, stdout, stderr } = await cli(['run', fileOf(c)]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${fileOf(c)}:${c.issue}\n`);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it.concurrent.each(CASES)('run --set: $name, reported against the override', async (c) => {
    const sets = typeof c.set === 'string' ? [c.set] : c.set;
    const { code, stderr } = await cli(['run', join(dir, 'base.yaml'), ...sets.flatMap((set) => ['--set', set])]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--set ${c.setIssue}\n`);
  });

  it('run --seed above 2^53 - 1: the allowed range, exit 2', async () => {
    const { code, stderr } = await cli(['run', join(dir, 'base.yaml'), '--seed', '9007199254740993']);
    expect(code).toBe(2);
    expect(stderr).toContain("argument '9007199254740993' is invalid. expected a whole number from 0 to 2^53 - 1 (9007199254740991)");
  });
});

describe('accepted input that used to be refused', () => {
  it('a one-record transaction, whose default mini-transaction is now one record too', async () => {
    const { code, stdout } = await cli(['--json', 'run', join(dir, 'base.yaml'), '--set', 'workload.recordsPerTxn=1']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { verdict: string }).verdict).toBe('ok');
  });
});

describe('a fault that outlives the run', () => {
  it('is reported as still active at the end, not as a negative time after its heal', async () => {
    const fault = 'faults=[{at: 100ms, kind: crash, target: node:1, for: 10s}]';
    const { code, stdout } = await cli(['run', join(dir, 'base.yaml'), '--set', fault]);
    expect(code).toBe(3);
    expect(stdout).toContain('not checked: the last fault is still active when the run ends at 200 ms (it heals at 10.1 s)');
    expect(stdout).not.toMatch(/-[\d.]+ (us|ms|s) after the heal/);
  });
});
