/**
 * `aurora-sim shrink` end to end, on a tiny failing case: recovery that truncates at VCL
 * (a deliberate defect) with a writer crash that needs to happen while an MTR is half shipped,
 * among three faults that have nothing to do with it. The command runs in this process with
 * one job; the shrunk file is then run in a fresh process, by the command and by the test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/index.ts';
import { CliError } from '../exit.ts';
import { openSession } from '../session.ts';
import { programLine } from '../shell.ts';
import type { CaseOutcome } from '../shrink/case.ts';
import type { ShrinkStart } from '../shrink/input.ts';
import { shrinkCommand, shrinkJson, stoppedLine, type ShrinkFlags } from './shrink.ts';

const cliFile = join(dirname(dirname(fileURLToPath(import.meta.url))), 'cli.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** 400 ms at 5000 txn/s; the crash at 202 ms is what makes recovery truncate inside an MTR. */
const CASE = (bugs: string) => `version: 1
name: tiny-truncate
description: A tiny truncate-at-vcl case with three faults that do not matter.
seed: 2
duration: 400ms
failover: { enabled: false }
writer: { sendCost: 50us }
workload: { rate: 5000/s, recordsPerTxn: 8, recordsPerMtr: 4 }
faults:
  - { at: 50ms, kind: pause, target: "node:3", for: 100ms }
  - { at: 100ms, kind: slow-disk, target: "node:1", factor: 5, for: 100ms }
  - { at: 202ms, kind: crash, target: writer, for: 50ms }
  - { at: 300ms, kind: latency-spike, target: "node:2", extra: 2ms, for: 50ms }
bugs: ${bugs}
`;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let dir = '';
const at = (name: string): string => join(dir, name);

async function shrink(file: string, flags: Partial<ShrinkFlags> = {}): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const session = openSession([], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1' },
  });
  try {
    const code = await shrinkCommand(session, file, { set: [], maxRuns: 15, jobs: 1, ...flags });
    return { code, stdout, stderr };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return { code: error.exitCode, stdout, stderr: `${error.message}\n` };
  }
}

function run(file: string): Promise<Outcome & { violated: string[] }> {
  return new Promise((resolve) => {
    const args = ['--import', tsx, cliFile, 'run', file, '--json'];
    execFile(process.execPath, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      const doc = JSON.parse(stdout) as { invariants: { name: string; ok: boolean }[] };
      resolve({ code, stdout, stderr, violated: doc.invariants.filter((i) => !i.ok).map((i) => i.name) });
    });
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-shrink-'));
  writeFileSync(at('case.yaml'), CASE('[truncate-at-vcl]'));
  writeFileSync(at('fixed.yaml'), CASE('[]'));
  // A read quorum that need not meet the write quorum fails whatever defect is switched on.
  writeFileSync(at('unsafe.yaml'), CASE('[truncate-at-vcl]').replace('failover:', 'cluster: { quorum: { write: 3, read: 3 }, allowUnsafeQuorum: true }\nfailover:'));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('aurora-sim shrink', () => {
  let outcome: Outcome;
  let text: string;

  beforeAll(async () => {
    outcome = await shrink(at('case.yaml'), { out: at('shrunk.yaml') });
    text = readFileSync(at('shrunk.yaml'), 'utf8');
  });

  it('removes the faults the failure does not need, one line per kept change, and proves the result in a fresh process', () => {
    expect(outcome.code).toBe(0);
    const lines = outcome.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('shrink tiny-truncate, seed 2: vdl-is-cpl-below-vcl is violated with 4 faults');
    expect(lines.some((l) => /^ {2}removed \d faults?: .* \(\d faults? left, run \d+\)$/.test(l))).toBe(true);
    expect(outcome.stdout).toContain('verified in a fresh process: vdl-is-cpl-below-vcl is violated (exit 1)');
    expect(outcome.stdout).toContain("without bugs: [truncate-at-vcl] it passes vdl-is-cpl-below-vcl: the failure is the defect's");
    expect(lines.at(-1)).toBe(`reproduce: ${programLine(['run', at('shrunk.yaml'), '--seed', '2'])}`);
  });

  it('says when --max-runs stopped it, and counts no more runs than that', () => {
    expect(outcome.stdout).toContain('stopped early: --max-runs 15 reached');
    expect(outcome.stdout).toMatch(/wrote .*shrunk\.yaml: 1 fault \(from 4\), 15 runs/);
  });

  it('writes a standalone canonical scenario: the crash alone, the seed written in, no chaos, no expectations', () => {
    const parsed = parseScenario(text, { file: 'shrunk.yaml' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario.seed).toBe(2);
    expect(parsed.scenario.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['crash of writer']);
    expect(parsed.scenario.chaos).toBeUndefined();
    expect(parsed.scenario.expect).toEqual({});
    expect(text).toMatch(/^# aurora-sim shrink: vdl-is-cpl-below-vcl violated with 1 fault \(from 4\)/);
  });

  it('gives a file that `aurora-sim run` fails with the same invariant', async () => {
    const fresh = await run(at('shrunk.yaml'));
    expect(fresh.code).toBe(1);
    expect(fresh.violated).toContain('vdl-is-cpl-below-vcl');
  });

  it('says when the shrunk case fails without its defect switches too: that failure is not the defect\'s', async () => {
    const unsafe = await shrink(at('unsafe.yaml'), { out: at('unsafe-shrunk.yaml') });
    expect(unsafe.code).toBe(0);
    expect(unsafe.stdout).toContain("without bugs: [truncate-at-vcl] it still violates quorum-intersection: the failure is not the defect's");
  });

  it('exits 2 with nothing to shrink when the run violates no invariant', async () => {
    const passing = await shrink(at('fixed.yaml'));
    expect(passing.code).toBe(2);
    expect(passing.stderr).toBe(`nothing to shrink: the run passes: ${programLine(['run', at('fixed.yaml'), '--seed', '2'])}\n`);
  });

  it('exits 2 when --invariant names one the run does not violate', async () => {
    const other = await shrink(at('case.yaml'), { invariant: 'scl-honest' });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/scl-honest is not violated .* violates vdl-is-cpl-below-vcl/);
  });
});

describe('the line when the budget stops a shrink', () => {
  it('says the file holds the smallest case found', () => {
    expect(stoppedLine(15, 1)).toBe('stopped early: --max-runs 15 reached; the file holds the smallest case found');
  });

  it('past a handful of faults, says that a larger budget searches further seeds', () => {
    expect(stoppedLine(1500, 11)).toBe(
      'stopped early: --max-runs 1500 reached; the file holds the smallest case found; past 5 faults it searches further seeds while runs remain, so a larger --max-runs may find a smaller case',
    );
  });

  it('gives in JSON the invariant the shrunk case violates, and every one the input did', () => {
    const start = { name: 'x', seed: 16, origin: 'npx aurora-sim run x.yaml', invariant: 'scl-honest', violated: ['scl-honest', 'acked-records-held'] } as unknown as ShrinkStart;
    const outcome = { invariant: 'acked-records-held', out: 'x.yaml', faultsBefore: 47, faultsAfter: 4, seed: 19, runs: 497, stoppedEarly: false, steps: [], verification: { exitCode: 1, violated: ['acked-records-held'] }, reproduce: '' } as unknown as CaseOutcome;
    expect(shrinkJson(start, outcome)).toMatchObject({ invariant: 'acked-records-held', inputViolates: ['scl-honest', 'acked-records-held'] });
  });
});
