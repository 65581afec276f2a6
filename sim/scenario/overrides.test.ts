/**
 * `--set path=value` overrides: the same result as editing the file, and issues that name the
 * override rather than a line of a file the user did not write.
 */
import { describe, expect, it } from 'vitest';
import { FULL_YAML, issuesOf, MINIMAL_YAML, scenarioOf } from './testing/fixtures.ts';
import { parseScenario } from './parse.ts';

describe('--set overrides', () => {
  it('equal editing the file, for a scalar', () => {
    const edited = FULL_YAML.replace('quorum: { write: 4, read: 3 }', 'quorum: { write: 5, read: 3 }');
    expect(scenarioOf(FULL_YAML, { overrides: ['cluster.quorum.write=5'] })).toStrictEqual(scenarioOf(edited));
  });

  it('equal editing the file, for a flow value with units', () => {
    const edited = FULL_YAML.replace(
      'crossAz: { dist: lognormal, median: 500us, p99: 2ms }',
      'crossAz: { dist: constant, value: 1ms }',
    );
    const overridden = parseScenario(FULL_YAML, { file: 'test.yaml', overrides: ['network.crossAz={dist: constant, value: 1ms}'] });
    const direct = parseScenario(edited, { file: 'test.yaml' });
    expect(overridden).toStrictEqual(direct);
    expect(overridden.ok && overridden.scenario.network.crossAz).toStrictEqual({ dist: 'constant', value: 1_000 });
  });

  it('add keys the file leaves to defaults, and apply in order', () => {
    const scenario = scenarioOf(MINIMAL_YAML, { overrides: ['seed=7', 'workload.clients=4', 'seed=8'] });
    expect(scenario.seed).toBe(8);
    expect(scenario.workload.arrivals.kind).toBe('closed');
  });

  it('report an unknown path against the override, with a did-you-mean', () => {
    expect(issuesOf(MINIMAL_YAML, { overrides: ['cluster.quorum.wrte=3'] })).toEqual([
      "--set cluster.quorum.wrte=3  cluster.quorum.wrte: unknown key 'wrte' (did you mean 'write'?)",
    ]);
    expect(issuesOf(MINIMAL_YAML, { overrides: ['clustr.azs=3'] })).toEqual([
      "--set clustr.azs=3  clustr: unknown key 'clustr' (did you mean 'cluster'?)",
    ]);
  });

  it('report a bad value against the override', () => {
    expect(issuesOf(MINIMAL_YAML, { overrides: ['seed=x'] })).toEqual(['--set seed=x  seed: expected a whole number, got "x"']);
    expect(issuesOf(MINIMAL_YAML, { overrides: ['cluster.quorum.write=9'] })).toEqual([
      '--set cluster.quorum.write=9  cluster.quorum.write: write quorum 9 exceeds V = 6 (3 AZs × 2 segments)',
    ]);
  });

  it('report malformed overrides with the override text', () => {
    expect(issuesOf(MINIMAL_YAML, { overrides: ['seed'] })).toEqual(['--set seed  expected path=value, e.g. cluster.quorum.write=3']);
    expect(issuesOf(MINIMAL_YAML, { overrides: ['cluster..azs=3'] })).toEqual([
      '--set cluster..azs=3  cluster..azs: malformed path "cluster..azs"; expected dotted keys like cluster.quorum.write',
    ]);
    expect(issuesOf(MINIMAL_YAML, { overrides: ['seed=[1'] })).toHaveLength(1);
    expect(issuesOf(MINIMAL_YAML, { overrides: ['duration.x=1'] })).toEqual([
      '--set duration.x=1  duration.x: duration holds a value, not a mapping, so x cannot be set inside it',
    ]);
  });

  it('report override issues beside the file’s own, the file’s first', () => {
    const result = parseScenario(`${MINIMAL_YAML}colour: red\n`, { file: 'test.yaml', overrides: ['seed=-1'] });
    expect(result.ok ? [] : result.issues.map((i) => [i.file, i.line, i.path])).toEqual([
      ['test.yaml', 4, 'colour'],
      ['--set', 0, 'seed'],
    ]);
  });
});
