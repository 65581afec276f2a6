/** Which rows the user-facing groups build, with which arguments (nothing is run or timed). */
import { describe, expect, it } from 'vitest';
import type { Group } from './matrix.ts';
import { buildUserCases, type UserCaseOptions } from './user-cases.ts';

const options = (over: Partial<UserCaseOptions> = {}): UserCaseOptions => ({
  groups: new Set<Group>(['faults', 'fuzz', 'startup']),
  quick: false,
  repoRoot: '/repo',
  ourSim: ['node', 'sim-main.js'],
  ourFuzz: ['node', 'fuzz-main.js'],
  ourStartup: ['node', 'startup-main.js'],
  cli: ['node', '/repo/bin/aurora-sim.js'],
  cliCompiled: true,
  parallelism: 2,
  longDuration: '3600s',
  ...over,
});

describe('user-facing bench rows', () => {
  it('az-outage at 5,000 and 20,000 txn/s, each beside itself without faults', () => {
    const cases = buildUserCases(options()).filter((c) => c.id.startsWith('az-outage'));
    expect(cases.map((c) => c.id)).toEqual(['az-outage at 5,000 txn/s', 'az-outage at 20,000 txn/s']);
    const [outage, calm] = cases[1]!.engines;
    expect(outage?.argv).toContain('workload.rate=20000/s');
    expect(calm?.argv.slice(-2)).toEqual(['--set', 'faults=[]']);
  });

  it('the hour with faults runs the file as it is; another length squeezes its schedule', () => {
    const long = (d: string) => buildUserCases(options({ longDuration: d })).find((c) => c.id.includes('with faults'))!.engines[0]!;
    expect(long('3600s').argv.slice(-4)).toEqual(['--scenario', '/repo/bin/bench/hour-with-faults.yaml', '--live-every', '30000000us']);
    expect(long('3600s').firstRepOnly).toBe(true);
    expect(long('30s').argv).toContain('duration=30s');
    expect(long('30s').argv.find((a) => a.startsWith('faults='))).toMatch(/^faults=\[\{at: 3.75s, kind: crash/);
  });

  it('fuzz runs the same seeds with one job, with N, and split over N processes; on one CPU only with one', () => {
    const fuzz = (n: number) => buildUserCases(options({ parallelism: n })).find((c) => c.group === 'fuzz')!;
    expect(fuzz(2).engines.map((e) => e.engine)).toEqual(['aurora-sim --jobs 1', 'aurora-sim --jobs 2', '2 processes']);
    const split = fuzz(2).engines.map((e) => [e.argv[e.argv.indexOf('--jobs') + 1], e.argv[e.argv.indexOf('--split') + 1]]);
    expect(split).toEqual([['1', '1'], ['2', '1'], ['1', '2']]);
    const seeds = fuzz(2).engines.map((e) => e.argv[e.argv.indexOf('--seeds') + 1]);
    expect(new Set(seeds).size).toBe(1);
    expect(fuzz(1).engines.map((e) => e.engine)).toEqual(['aurora-sim --jobs 1']);
  });

  it('start-up runs the compiled command only', () => {
    const startup = (compiled: boolean) => buildUserCases(options({ cliCompiled: compiled })).filter((c) => c.group === 'startup');
    expect(startup(true)[0]?.engines[0]?.argv).toContain('/repo/bin/aurora-sim.js');
    expect(startup(false)).toEqual([]);
  });
});
