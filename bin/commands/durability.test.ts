/**
 * `aurora-sim durability` as a user meets it, parsed by the real command tree in this process:
 * the report per model, the `--json` document, the exit codes (0 all agree, 1 a line
 * disagrees, 2 bad input) and the duration forms it reads.
 */
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, type ExitCode } from '../exit.ts';
import { packageInfo } from '../package-root.ts';
import { buildProgram } from '../program.ts';
import { openSession } from '../session.ts';
import { longDuration } from './durability.ts';

interface Outcome {
  readonly code: ExitCode | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: unknown;
}

function durability(args: readonly string[]): Outcome {
  let stdout = '';
  let stderr = '';
  const all = ['durability', ...args];
  const session = openSession(all, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: { NO_COLOR: '1' } });
  let code: ExitCode | undefined;
  const program = buildProgram({ session, pkg: packageInfo(), cwd: process.cwd(), columns: undefined, done: (c) => (code = c) });
  program.configureOutput({ writeErr: (t) => (stderr += t), writeOut: (t) => (stdout += t) });
  for (const command of program.commands) command.configureOutput({ writeErr: (t) => (stderr += t), writeOut: (t) => (stdout += t) });
  try {
    program.parse(all, { from: 'user' });
  } catch (error) {
    return { code, stdout, stderr, error };
  }
  return { code, stdout, stderr };
}

/** Rates at which losses are common, so that a few hundred plain runs see them. */
const FRAIL = ['--segment-mtbf', '30d', '--az-mtbf', '1y', '--mttr', '1d'];

describe('durability: the report', () => {
  it('cross-checks every preset by default, one AGREE or DISAGREE per quorum, and exits 0 when all agree', () => {
    const out = durability([...FRAIL, '--runs', '2000']);
    expect(out.error).toBeUndefined();
    expect(out.code).toBe(0);
    for (const name of ['aurora-6-4-3', 'three-copy-2-2', 'four-copy-3-2']) expect(out.stdout).toContain(`${name}: `);
    expect(out.stdout.match(/^ {2}(write|read) quorum .* AGREE$/gm)).toHaveLength(6);
    expect(out.stdout).toContain('segment MTBF 30d, AZ MTBF 1y, MTTR 1d, AZ restore 1d; P(lost within 1y) per PG');
    expect(out.stdout).toContain('plain Monte Carlo, 2,000 runs');
    expect(out.stdout.trimEnd().endsWith('all 6 lines agree (seed 1)')).toBe(true);
  });

  it('exits 1 when an interval misses the exact value, and says how often chance does that', () => {
    // Seed 15's 200 runs of three copies lose the data in a few runs too many: a 95% interval
    // misses like this about once in twenty seeds.
    const out = durability([...FRAIL, '--model', 'three-copy-2-2', '--runs', '200', '--seed', '15']);
    expect(out.code).toBe(1);
    expect(out.stdout.match(/DISAGREE$/gm)).toHaveLength(2);
    expect(out.stdout).toContain('2 of 2 lines disagree (seed 15): each 95% interval misses 1 time in 20 by chance');
  });

  it('reports importance sampling with its effective sample size and mean weight', () => {
    const out = durability(['--segment-mtbf', '1y', '--az-mtbf', '50y', '--mttr', '1h', '--model', 'aurora-6-4-3', '--runs', '3000', '--is', '30', '--is-az', '10000']);
    expect(out.stdout).toContain('importance sampling (failure rates ×30 segments, ×10000 AZs while degraded), 3,000 runs');
    expect(out.stdout).toMatch(/^ {2}mean weight \d\.\d{3} \[/m);
    // 3,000 runs are too few for this rare a loss: the guard says so beside the flag.
    expect(out.stdout).toMatch(/read quorum .*\(unreliable: effective sample size [\d.]+ < 30\)$/m);
  });
});

describe('durability --json', () => {
  it('prints one document with the exact value, the estimate and the verdict per quorum, the same for the same seed', () => {
    const args = ['--json', ...FRAIL, '--model', 'aurora-6-4-3', '--runs', '1000'];
    const out = durability(args);
    const doc = JSON.parse(out.stdout);
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'tool', 'version', 'ok', 'seed', 'models']);
    expect(doc).toMatchObject({ schemaVersion: 1, tool: 'aurora-sim', ok: true, seed: 1 });
    const [model] = doc.models;
    expect(Object.keys(model)).toEqual(['name', 'layout', 'rates', 'sampling', 'write', 'read', 'meanWeight']);
    expect(model.layout).toEqual({ azs: 3, segmentsPerAz: 2, write: 4, read: 3 });
    expect(model.rates).toEqual({ segmentMtbfUs: 30 * 86_400e6, azMtbfUs: 8760 * 3600e6, mttrUs: 86_400e6, azRestoreUs: 86_400e6, missionUs: 8760 * 3600e6 });
    expect(model.sampling).toEqual({ method: 'plain', runs: 1000, segmentBias: 1, azBias: 1, scope: 'degraded' });
    expect(Object.keys(model.read)).toEqual(['exact', 'estimate', 'agree', 'unreliable']);
    expect(Object.keys(model.read.estimate)).toEqual(['p', 'lo', 'hi', 'hits', 'ess', 'relativeError']);
    expect(model.read.estimate.lo).toBeLessThanOrEqual(model.read.exact);
    expect(durability(args).stdout).toBe(out.stdout);
  });

  it('writes an MTBF of never as null', () => {
    const doc = JSON.parse(durability(['--json', '--segment-mtbf', '1y', '--az-mtbf', 'never', '--mttr', '1h', '--model', 'three-copy-2-2', '--runs', '10']).stdout);
    expect(doc.models[0].rates.azMtbfUs).toBeNull();
  });
});

describe('durability: bad input exits 2 with a clear message', () => {
  const refused = (args: readonly string[]): string => {
    const out = durability(args);
    if (out.error instanceof CliError) return out.error.message;
    if (out.error instanceof CommanderError && out.error.exitCode !== 0) return out.stderr.split('\n')[0]!;
    throw new Error(`not refused: ${out.stdout}${out.stderr}`);
  };

  it.each([
    [['--az-mtbf', '1y', '--mttr', '1h'], "error: required option '--segment-mtbf <duration>' not specified"],
    [['--segment-mtbf', '1', '--az-mtbf', '1y', '--mttr', '1h'], 'a number needs a unit: ns, us, ms, s, m, h, d, y'],
    [['--segment-mtbf', '1w', '--az-mtbf', '1y', '--mttr', '1h'], 'unknown unit "w" in "1w"; use ns, us, ms, s, m, h, d or y'],
    [['--segment-mtbf', '1y', '--az-mtbf', '1y', '--mttr', '0s'], 'expected a positive duration'],
    [['--segment-mtbf', '1y', '--az-mtbf', '1y', '--mttr', '1h', '--model', 'five-copy'], 'Allowed choices are aurora-6-4-3, three-copy-2-2, four-copy-3-2'],
    [['--segment-mtbf', '1y', '--az-mtbf', '1y', '--mttr', '1h', '--is', '0.5'], 'expected a factor of at least 1'],
    [['--segment-mtbf', '1y', '--az-mtbf', '1y', '--mttr', '1h', '--azs', '3'], 'a layout of your own needs all of --azs, --segments-per-az, --write and --read'],
    [['--segment-mtbf', '1y', '--az-mtbf', '1y', '--mttr', '1h', '--model', 'aurora-6-4-3', '--azs', '3', '--segments-per-az', '2', '--write', '4', '--read', '3'], '--model and a layout of your own'],
    [['--segment-mtbf', '1y', '--az-mtbf', '1y', '--mttr', '1h', '--azs', '3', '--segments-per-az', '2', '--write', '7', '--read', '3'], 'the write quorum must be a whole number from 1 to 6, got 7'],
  ])('%j', (args, message) => {
    expect(refused(args)).toContain(message);
  });

  it('runs a layout of its own, named by its numbers', () => {
    const out = durability([...FRAIL, '--azs', '3', '--segments-per-az', '1', '--write', '2', '--read', '2', '--runs', '500']);
    expect(out.stdout).toContain('3x1-2-2: 3 copies, 1 in each of 3 AZs, write 2, read 2');
  });
});

describe('durations for long means', () => {
  it('read days and years through the scenario parser, as whole hours scaled', () => {
    expect(longDuration('1y')).toBe(8760 * 3_600_000_000);
    expect(longDuration('30d')).toBe(30 * 86_400_000_000);
    expect(longDuration('1.5d')).toBe(36 * 3_600_000_000);
    expect(longDuration('10m')).toBe(600_000_000);
  });
});
