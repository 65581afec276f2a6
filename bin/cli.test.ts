/**
 * End-to-end: the CLI as a user and CI meet it, each case a real `node bin/cli.ts` process.
 * Exit codes, where each kind of output goes, and that a run is a pure function of
 * (scenario, seed): same trace hash from two processes, a different one for another seed, and
 * the same one whether a value comes from `--set` or from the file.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in a fresh process, without colour, and collects what it printed. */
function cli(args: readonly string[], preload: readonly string[] = []): Promise<Outcome> {
  const node = ['--import', 'tsx', ...preload.flatMap((p) => ['--import', p]), 'bin/cli.ts', ...args];
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, AURORA_SIM_PROGRAM: undefined };
    execFile(process.execPath, node, { cwd: root, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

const STACK_FRAME = /^\s+at /m;

/**
 * The SHA-256 of the canonical lines a `--trace` file rebuilds, from its own header: each
 * event's values in the order the header's `kinds` gives its fields, or its text; the lines of
 * the kinds its `detail` names left out.
 */
function rebuiltHash(jsonl: string, expected: { scenario: string; seed: number }): string {
  const [header, ...events] = jsonl.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const kinds = header?.kinds as Record<string, readonly string[] | 'text'>;
  const detail = new Set((header?.detail ?? []) as string[]);
  expect(header).toMatchObject({ format: 'aurora-sim-trace', version: 2, ...expected });
  const lines = events.filter((e) => !detail.has(String(e.kind))).map((e) => {
    const fields = kinds[String(e.kind)];
    return [e.t, e.kind, ...(fields === 'text' ? [e.text] : (fields ?? []).map((f) => e[f]))].join(' ');
  });
  expect(lines.length).toBeGreaterThan(100);
  const hash = createHash('sha256').update(lines.map((l) => `${l}\n`).join('')).digest('hex');
  expect(header?.traceHash).toBe(hash);
  return hash;
}

/** A tiny, fast scenario: 200 ms of simulated time at 200 commits/s. */
function tinyScenario(rate = '200/s'): string {
  return [
    'version: 1',
    'name: tiny',
    'description: A tiny smoke run for the CLI tests.',
    'seed: 7',
    'duration: 200ms',
    'workload:',
    `  rate: ${rate}`,
    '',
  ].join('\n');
}

let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-cli-'));
  writeFileSync(file('tiny.yaml'), tinyScenario());
  writeFileSync(file('tiny-300.yaml'), tinyScenario('300/s'));
  writeFileSync(file('syntax.yaml'), 'version: 1\nname: [unclosed\n');
  writeFileSync(file('unknown-key.yaml'), `${tinyScenario()}colour: blue\n`);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('aurora-sim basics', () => {
  it('prints its version with --version and exits 0', async () => {
    const { code, stdout } = await cli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it('rejects an unknown command with exit 2, a did-you-mean, and one JSON error document', async () => {
    const { code, stdout, stderr } = await cli(['--json', 'rnu', 'x.yaml']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'rnu'");
    expect(stderr).toContain('Did you mean run?');
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it('schema --check finds the committed scenarios/scenario.schema.json up to date', async () => {
    const { code, stderr } = await cli(['schema', '--check']);
    expect(stderr).toBe('scenarios/scenario.schema.json is up to date\n');
    expect(code).toBe(0);
  });
});

describe('aurora-sim validate', () => {
  it('reports every issue of every file as file:line:col, without a stack trace, and exits 2', async () => {
    const files = ['tiny.yaml', 'syntax.yaml', 'unknown-key.yaml', 'missing.yaml'].map(file);
    const { code, stdout, stderr } = await cli(['validate', ...files]);
    expect(code).toBe(2);
    expect(stdout).toContain(`✓ ${file('tiny.yaml')}`);
    expect(stderr).toMatch(new RegExp(`^${file('syntax.yaml')}:\\d+:\\d+  `, 'm'));
    expect(stderr).toMatch(new RegExp(`^${file('unknown-key.yaml')}:8:1  colour: `, 'm'));
    expect(stderr).toContain(`${file('missing.yaml')}: cannot read (ENOENT`);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('writes GitHub annotations with --format github', async () => {
    const { code, stdout } = await cli(['validate', '--format', 'github', file('unknown-key.yaml')]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^::error file=.*unknown-key\.yaml,line=8,col=1::colour: /m);
  });

  it('writes one JSON document with --json, listing each file and its issues', async () => {
    const { code, stdout } = await cli(['--json', 'validate', file('tiny.yaml'), file('unknown-key.yaml')]);
    expect(code).toBe(2);
    const doc = JSON.parse(stdout) as { ok: boolean; files: { file: string; ok: boolean; issues: unknown[] }[] };
    expect(doc.ok).toBe(false);
    expect(doc.files.map((f) => f.ok)).toEqual([true, false]);
    expect(doc.files[1]?.issues[0]).toMatchObject({ file: file('unknown-key.yaml'), line: 8, col: 1, path: 'colour' });
  });
});

describe('aurora-sim run: bad input', () => {
  it('exits 2 for a missing file, naming the file and the reason', async () => {
    const { code, stdout, stderr } = await cli(['--json', 'run', file('missing.yaml')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file('missing.yaml')}: cannot read (ENOENT`);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'unreadable' } });
  });

  it('exits 2 for an invalid scenario, every issue on stderr and none of it a stack trace', async () => {
    const { code, stdout, stderr } = await cli(['run', file('unknown-key.yaml'), '--set', 'nope=1']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/:\d+:\d+  colour: /);
    expect(stderr).toMatch(/nope/);
    expect(stderr).not.toMatch(STACK_FRAME);
  });
});

describe('aurora-sim: internal errors', () => {
  const broken = ['./bin/testing/broken-stdout.ts'];

  it('exit 70 with a short message and the reproduce line, and no stack trace', async () => {
    const { code, stderr } = await cli(['schema'], broken);
    expect(code).toBe(70);
    expect(stderr).toContain('internal error Error: injected failure: stdout is broken');
    expect(stderr).toContain('reproduce: npx aurora-sim schema');
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('show the stack trace with --verbose', async () => {
    const { code, stderr } = await cli(['-v', 'schema'], broken);
    expect(code).toBe(70);
    expect(stderr).toMatch(STACK_FRAME);
  });
});

describe('aurora-sim run', () => {
  it('gives the same trace hash in two processes, and a trace file, in a folder it creates, that rebuilds it', async () => {
    const trace = file('new-folder/tiny.trace.jsonl');
    const [first, second] = await Promise.all([
      cli(['--json', 'run', file('tiny.yaml'), '--seed', '11', '--trace', trace]),
      cli(['--json', 'run', file('tiny.yaml'), '--seed', '11']),
    ]);
    expect(first?.code).toBe(0);
    const a = JSON.parse(first?.stdout ?? '') as { traceHash: string; seed: number; replay: string };
    const b = JSON.parse(second?.stdout ?? '') as { traceHash: string };
    expect(a.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceHash).toBe(a.traceHash);
    expect(a.seed).toBe(11);
    expect(a.replay).toBe(`npx aurora-sim run ${file('tiny.yaml')} --seed 11`);

    expect(rebuiltHash(readFileSync(trace, 'utf8'), { scenario: 'tiny', seed: 11 })).toBe(a.traceHash);
  });

  it('writes the trace to stdout with --trace -, and the report to stderr', async () => {
    const [traced, plain] = await Promise.all([
      cli(['run', file('tiny.yaml'), '--trace', '-']),
      cli(['--json', 'run', file('tiny.yaml')]),
    ]);
    expect(traced?.code).toBe(0);
    const { traceHash } = JSON.parse(plain?.stdout ?? '') as { traceHash: string };
    expect(rebuiltHash(traced?.stdout ?? '', { scenario: 'tiny', seed: 7 })).toBe(traceHash);
    expect(traced?.stderr).toMatch(/verdict\s+OK/);
    expect(traced?.stderr).toContain(traceHash);
  });

  it('adds the I/O detail to the trace with --trace-detail io, outside the hash and invisible to replay --diff', async () => {
    const [detailed, plain] = [file('detail/tiny.jsonl'), file('detail/plain.jsonl')];
    const runs = await Promise.all([
      cli(['--json', 'run', file('tiny.yaml'), '--trace', detailed, '--trace-detail', 'io']),
      cli(['--json', 'run', file('tiny.yaml'), '--trace', plain]),
      cli(['run', file('tiny.yaml'), '--trace-detail', 'io']),
    ]);
    expect(runs.map((r) => r?.code)).toEqual([0, 0, 2]);
    expect(runs[2]?.stderr).toContain('--trace-detail adds to the trace of --trace FILE');
    const { traceHash } = JSON.parse(runs[1]?.stdout ?? '') as { traceHash: string };
    expect((JSON.parse(runs[0]?.stdout ?? '') as { traceHash: string }).traceHash).toBe(traceHash);
    const text = readFileSync(detailed, 'utf8');
    expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ detail: ['disk.start', 'disk.done', 'disk.queue', 'disk.lost', 'batch.send', 'ack.send', 'ack.arrive'] });
    expect(text).toContain('"kind":"disk.start"');
    expect(readFileSync(plain, 'utf8')).not.toContain('"kind":"disk.');
    expect(rebuiltHash(text, { scenario: 'tiny', seed: 7 })).toBe(traceHash);
    const diff = await cli(['replay', '--diff', detailed, plain]);
    expect([diff.code, diff.stderr]).toEqual([0, '']);
  });

  it('writes a --perfetto timeline, in a folder it creates, the same bytes from two processes', async () => {
    const [a, b] = [file('timeline-a/tiny.json'), file('timeline-b/tiny.json')];
    const runs = await Promise.all([
      cli(['--json', 'run', file('tiny.yaml'), '--perfetto', a]),
      cli(['--json', 'run', file('tiny.yaml'), '--perfetto', b, '--from', '50ms', '--to', '150ms']),
      cli(['--json', 'run', file('tiny.yaml'), '--perfetto', file('timeline-c/tiny.json'), '--from', '50ms', '--to', '150ms']),
      cli(['--json', 'run', file('tiny.yaml')]),
    ]);
    expect(runs.map((r) => r?.code)).toEqual([0, 0, 0, 0]);
    // The timeline's I/O detail, which the run was asked for, changes nothing of the run.
    const { traceHash } = JSON.parse(runs[0]?.stdout ?? '') as { traceHash: string };
    expect(JSON.parse(runs[3]?.stdout ?? '')).toMatchObject({ traceHash, verdict: 'ok' });
    const whole = JSON.parse(readFileSync(a, 'utf8')) as { traceEvents: { name: string }[]; metadata: Record<string, unknown> };
    expect(whole.metadata).toMatchObject({ scenario: 'tiny', seed: 7, traceHash, fromUs: 0, toUs: 200_000 });
    expect(whole.traceEvents.some((e) => e.name.startsWith('write ')) && whole.traceEvents.some((e) => e.name.startsWith('batch '))).toBe(true);
    expect(JSON.parse(readFileSync(b, 'utf8'))).toMatchObject({ metadata: { fromUs: 50_000, toUs: 150_000 } });
    expect(readFileSync(file('timeline-c/tiny.json'), 'utf8')).toBe(readFileSync(b, 'utf8'));
  });

  it('refuses --from or --to without --perfetto, and a window that ends before it starts, with exit 2', async () => {
    const outcomes = await Promise.all([
      cli(['run', file('tiny.yaml'), '--from', '1s']),
      cli(['run', file('tiny.yaml'), '--perfetto', file('never.json'), '--from', '2s', '--to', '1s']),
      cli(['run', file('tiny.yaml'), '--perfetto', file('never.json'), '--to', 'soon']),
    ]);
    expect(outcomes.map((o) => o?.code)).toEqual([2, 2, 2]);
    expect(outcomes[0]?.stderr).toContain('--from and --to bound the timeline of --perfetto FILE');
    expect(outcomes[1]?.stderr).toContain('--to must come after --from');
    expect(outcomes[2]?.stderr).toContain("option '--to <time>' argument 'soon' is invalid");
  });

  it('gives a different trace hash for a different seed', async () => {
    const [seven, eight] = await Promise.all([
      cli(['--json', 'run', file('tiny.yaml')]),
      cli(['--json', 'run', file('tiny.yaml'), '--seed', '8']),
    ]);
    const hash = (o: Outcome | undefined): string => (JSON.parse(o?.stdout ?? '') as { traceHash: string }).traceHash;
    expect(hash(seven)).not.toBe(hash(eight));
  });

  it('gives the same trace hash for a --set override as for the edited file', async () => {
    const [overridden, edited] = await Promise.all([
      cli(['--json', 'run', file('tiny.yaml'), '--set', 'workload.rate=300/s']),
      cli(['--json', 'run', file('tiny-300.yaml')]),
    ]);
    const doc = (o: Outcome | undefined) => JSON.parse(o?.stdout ?? '') as { traceHash: string; replay: string };
    expect(doc(overridden).traceHash).toBe(doc(edited).traceHash);
    expect(doc(overridden).replay).toBe(`npx aurora-sim run ${file('tiny.yaml')} --seed 7 --set workload.rate=300/s`);
  });

  it('prints the text report, naming the scenario, seed and verdict', async () => {
    const { code, stdout, stderr } = await cli(['run', file('tiny.yaml')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^tiny {2}seed 7 /);
    expect(stdout).toMatch(/verdict\s+OK/);
    expect(stderr).toBe('');
  });

  it('exits 1 when an expectation fails, ending with the line that reproduces the run', async () => {
    const set = 'expect.commitsAcknowledged.min=1000000';
    const { code, stdout } = await cli(['run', file('tiny.yaml'), '--set', set]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/verdict\s+FAILED/);
    expect(lines.at(-1)).toBe(`reproduce    npx aurora-sim run ${file('tiny.yaml')} --seed 7 --set ${set}`);
  });
});
