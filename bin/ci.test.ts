/**
 * End-to-end: what CI reads from `run`, `fuzz` and `check`, each case a real `node bin/cli.ts`
 * process. `--junit` writes a report that validates against bin/ci/junit.xsd with one test case
 * per scenario and seed; `--summary` writes the Markdown summary and appends it to
 * $GITHUB_STEP_SUMMARY; with GITHUB_ACTIONS=true failures become annotations on stderr, at the
 * scenario line they are about when there is one. Two runs of the same command write the same
 * report but for its wall times.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithoutXmllint, validateFile } from '../reports/ci/testing/xmllint.ts';

const cliFile = join(dirname(fileURLToPath(import.meta.url)), 'cli.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI in a fresh process from `cwd`, without colour, with only the CI variables given. */
function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Outcome> {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, AURORA_SIM_PROGRAM: undefined, GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: undefined, ...options.env };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', tsx, cliFile, ...args], { cwd: options.cwd ?? dir, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir = '';
const at = (path: string): string => join(dir, path);
const read = (path: string): string => readFileSync(at(path), 'utf8');
const withoutTimes = (xml: string) => xml.replace(/ time="[0-9.]+"/g, '');

/** An unsafe quorum that breaks acked-commit-durable, which the scenario does not expect; its name needs escaping. */
const NAME = `unsafe <quorum> & "friends" 'q'`;
const FAILING = [
  'version: 1',
  `name: ${JSON.stringify(NAME)}`,
  'seed: 5',
  'duration: 200ms',
  'cluster:',
  '  quorum: { write: 3, read: 3 }',
  '  allowUnsafeQuorum: true',
  'workload:',
  '  rate: 1000/s',
  'expect:',
  '  violations: [quorum-intersection]',
  '  recoveries: { min: 1 }',
  '',
].join('\n');
const RECOVERIES_LINE = 12;

const tiny = (name: string, rate = '200/s') => ['version: 1', `name: ${name}`, 'seed: 7', 'duration: 200ms', 'workload:', `  rate: ${rate}`, ''].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-ci-'));
  writeFileSync(at('failing.yaml'), FAILING);
  writeFileSync(at('bad.yaml'), `${tiny('bad')}colour: blue\n`);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('run --junit --summary on GitHub Actions', () => {
  let run: Outcome;
  const github = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '' };

  beforeAll(async () => {
    writeFileSync(at('step-summary.md'), '# earlier step\n');
    github.GITHUB_STEP_SUMMARY = at('step-summary.md');
    run = await cli(['run', 'failing.yaml', '--junit', 'out/run.xml', '--summary', 'out/run.md', '--quiet'], { env: github });
  });

  it('exits with the verdict and writes a JUnit report that validates against the shipped schema', (ctx) => {
    expect(run.code).toBe(1);
    skipWithoutXmllint(ctx);
    const check = validateFile(at('out/run.xml'));
    expect(check.output).toMatch(/validates$/);
  });

  it('reports the run as one test case: a failure typed by the violated invariant, with the reproduce command', () => {
    const xml = read('out/run.xml');
    expect(xml.match(/<testcase /g)).toHaveLength(1);
    expect(xml).toContain('<testcase classname="failing.yaml" name="unsafe &lt;quorum&gt; &amp; &quot;friends&quot; &apos;q&apos; seed 5"');
    expect(xml).toMatch(/<failure type="acked-commit-durable" message="acked-commit-durable: [^"]+ \(first at \d+\.\d{6} s, \d+ violations?\)">/);
    expect(xml).toContain(`recoveries: 0 (expected at least 1)  (failing.yaml:${RECOVERIES_LINE}:3)`);
    expect(xml).toContain('reproduce:\n  npx aurora-sim run failing.yaml --seed 5');
  });

  it('writes the Markdown summary and appends the same text to $GITHUB_STEP_SUMMARY', () => {
    const markdown = read('out/run.md');
    expect(markdown).toMatch(/^## aurora-sim run: 1 of 1 not ok\n/);
    expect(markdown).toContain('```sh\nnpx aurora-sim run failing.yaml --seed 5\n```');
    expect(read('step-summary.md')).toBe(`# earlier step\n\n${markdown}`);
  });

  it('annotates the failed expectation at its line, and the violated invariant on the file', () => {
    expect(run.stderr).toMatch(new RegExp(`^::error file=failing\\.yaml,line=${RECOVERIES_LINE},col=3,title=[^:]+::recoveries: 0 \\(expected at least 1\\)`, 'm'));
    expect(run.stderr).toMatch(/^::error file=failing\.yaml,title=[^:]+::acked-commit-durable: /m);
  });

  it('writes the same report again but for its wall times, and keeps stdout one JSON document', async () => {
    const again = await cli(['run', 'failing.yaml', '--junit', 'out/again.xml', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ verdict: 'failed' });
    expect(withoutTimes(read('out/again.xml'))).toBe(withoutTimes(read('out/run.xml')));
    expect(again.stderr).not.toContain('::error');
  });
});

describe('run: CI outputs and bad input', () => {
  it('refuses an output it cannot write before running anything (exit 2)', async () => {
    writeFileSync(at('a-file'), '');
    const { code, stdout, stderr } = await cli(['run', 'failing.yaml', '--junit', 'a-file/junit.xml']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('a-file/junit.xml: cannot write');
  });

  it('annotates each issue of a scenario that does not parse at its line and column', async () => {
    const { code, stderr } = await cli(['run', 'bad.yaml', '--junit', 'out/bad.xml'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^::error file=bad\.yaml,line=7,col=1::colour: /m);
  });
});

describe('fuzz --junit', () => {
  let fuzz: Outcome;

  beforeAll(async () => {
    fuzz = await cli(['fuzz', 'failing.yaml', '--seeds', '2', '--first-seed', '3', '--jobs', '1', '--out', 'capsules', '--junit', 'out/fuzz.xml', '--quiet']);
  });

  it('writes one test case per seed, in seed order, each failure with its reproduce line and capsule', () => {
    expect(fuzz.code).toBe(1);
    const xml = read('out/fuzz.xml');
    expect([...xml.matchAll(/<testcase classname="failing\.yaml" name="[^"]* seed (\d+)"/g)].map((m) => m[1])).toEqual(['3', '4']);
    expect(xml).toContain('<testsuites name="aurora-sim fuzz" tests="2" failures="2" errors="0"');
    expect(xml).toContain('  npx aurora-sim run failing.yaml --seed 4\n');
    expect(xml).toMatch(/npx aurora-sim run capsules\/[^\n]*-seed-4\.yaml/);
  });

  it('validates against the shipped schema', (ctx) => {
    skipWithoutXmllint(ctx);
    expect(validateFile(at('out/fuzz.xml')).output).toMatch(/validates$/);
  });
});

describe('check --junit', () => {
  const repo = (path: string) => at(join('repo', path));
  let check: Outcome;

  beforeAll(async () => {
    mkdirSync(repo('scenarios'), { recursive: true });
    writeFileSync(repo('scenarios/a.yaml'), tiny('a'));
    const update = await cli(['check', '--update', '--jobs', '1'], { cwd: repo('') });
    expect(update.code).toBe(0);
    writeFileSync(repo('scenarios/a.yaml'), tiny('a', '250/s'));
    check = await cli(['check', '--jobs', '1', '--junit', 'out/junit.xml', '--summary', 'out/summary.md'], { cwd: repo(''), env: { GITHUB_ACTIONS: 'true' } });
  });

  it('makes a drift a failure naming each field, expected and got, and the update command', () => {
    expect(check.code).toBe(1);
    const xml = readFileSync(repo('out/junit.xml'), 'utf8');
    expect(xml).toContain('<testcase classname="scenarios/a.yaml" name="a seed 7"');
    expect(xml).toMatch(/<failure type="golden-drift" message="traceHash: expected [0-9a-f]{64}, got [0-9a-f]{64}">/);
    expect(xml).toMatch(/ {2}commitsAcknowledged: expected \d+, got \d+/);
    expect(xml).toContain('if the change is deliberate, accept it with:\n  npx aurora-sim check scenarios/golden.json --update');
  });

  it('annotates the drift at line 1 of the scenario file', () => {
    expect(check.stderr).toMatch(/^::error file=scenarios\/a\.yaml,line=1,col=1,title=aurora-sim check%3A a seed 7::traceHash: expected /m);
  });

  it('summarises the drift in Markdown with the command that accepts it', () => {
    const markdown = readFileSync(repo('out/summary.md'), 'utf8');
    expect(markdown).toContain('| a (scenarios/a.yaml) | 7 | ❌ drifted |');
    expect(markdown).toContain('npx aurora-sim check scenarios/golden.json --update\n```');
  });

  it('validates against the shipped schema', (ctx) => {
    skipWithoutXmllint(ctx);
    expect(validateFile(repo('out/junit.xml')).output).toMatch(/validates$/);
  });

  it('refuses --junit with --update: an update reports nothing', async () => {
    const both = await cli(['check', '--update', '--junit', 'out/u.xml'], { cwd: repo('') });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("option '--junit <file>' cannot be used with option '--update'");
  });
});
