/**
 * Hand-built CI cases for the renderer tests, one of each verdict, and one whose scenario name
 * and messages carry every character XML, Markdown and workflow commands treat specially.
 */
import type { CiCase, CiReport } from '../ci-case.ts';

export const okCase: CiCase = {
  file: 'scenarios/az-outage.yaml',
  scenario: 'az-outage',
  seed: 42,
  sets: [],
  verdict: 'ok',
  figures: { commitsAcknowledged: 10_004, ackedCommitsLost: 0, writeUnavailableUs: 0, longestRecoveryUs: null },
  traceHash: '3f9a0c5e2b7d41e8a6c9f0b1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5',
  findings: [],
  reproduce: 'aurora-sim run scenarios/az-outage.yaml --seed 42',
  wallMs: 812.5,
};

export const failedCase: CiCase = {
  ...okCase,
  file: 'scenarios/writer-crash.yaml',
  scenario: 'writer-crash',
  seed: 8812,
  verdict: 'failed',
  figures: { commitsAcknowledged: 9_870, ackedCommitsLost: 3, writeUnavailableUs: 1_250_000, longestRecoveryUs: 25_500 },
  findings: [
    { kind: 'invariant', name: 'acked-commit-durable', message: 'commit 40012 is missing', timeUs: 1_025_500, count: 3 },
    { kind: 'expectation', name: 'ackedCommitsLost', message: '3 lost (at most 0)', path: ['expect', 'ackedCommitsLost'], place: { line: 14, col: 3 } },
  ],
  reproduce: 'aurora-sim run scenarios/writer-crash.yaml --seed 8812',
  wallMs: 1_401,
};

export const inconclusiveCase: CiCase = {
  ...okCase,
  seed: 7,
  verdict: 'inconclusive',
  findings: [{ kind: 'inconclusive', name: 'inconclusive', message: 'segments still behind 5 s after the last fault healed', path: ['convergeWithin'] }],
  reproduce: 'aurora-sim run scenarios/az-outage.yaml --seed 7',
};

export const crashedCase: CiCase = {
  file: 'scenarios/chaos.yaml',
  scenario: 'chaos',
  seed: 13,
  sets: ['duration=2s'],
  verdict: 'crashed',
  findings: [],
  error: { type: 'SimulatorBug', message: 'segment 4 applied LSN 90 twice', detail: 'SimulatorBug: segment 4 applied LSN 90 twice\n    at apply (sim/storage/segment.ts:10:5)' },
  reproduce: 'aurora-sim run scenarios/chaos.yaml --seed 13 --set duration=2s',
  capsule: 'aurora-sim run out/fuzz/chaos-seed-13.yaml',
  wallMs: 30,
};

export const driftedCase: CiCase = {
  ...okCase,
  file: 'scenarios/steady-state.yaml',
  scenario: 'steady-state',
  seed: 1,
  verdict: 'drifted',
  findings: [
    { kind: 'drift', name: 'traceHash', message: 'expected 3f2a, got 91c0', place: { line: 1, col: 1 } },
    { kind: 'drift', name: 'commitsAcknowledged', message: 'expected 1000, got 999', place: { line: 1, col: 1 } },
  ],
  reproduce: 'aurora-sim run scenarios/steady-state.yaml',
  accept: 'aurora-sim check scenarios/golden.json --update',
};

export const invalidCase: CiCase = {
  file: 'scenarios/broken.yaml',
  scenario: 'scenarios/broken.yaml',
  sets: [],
  verdict: 'invalid',
  findings: [],
  error: { type: 'invalid-scenario', message: 'scenarios/broken.yaml: invalid scenario', detail: 'scenarios/broken.yaml:4:3  cluster.quorom: unknown key' },
  reproduce: 'aurora-sim run scenarios/broken.yaml',
};

/** Every character that means something to XML, Markdown or a workflow command. */
export const ODD = `a <b> & "c" 'd' | e * _f_ [g] \`h\` %i, j: k\nline two\t\u0001`;

export const oddCase: CiCase = {
  ...failedCase,
  file: 'scenarios/odd, name: x.yaml',
  scenario: ODD,
  findings: [{ kind: 'invariant', name: 'acked-commit-durable', message: ODD, timeUs: 5, count: 1 }],
  reproduce: `aurora-sim run 'scenarios/odd, name: x.yaml' --seed 8812`,
};

export function reportOf(command: CiReport['command'], cases: readonly CiCase[]): CiReport {
  return { command, cases, wallMs: 2_500 };
}
