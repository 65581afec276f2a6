/**
 * The `sweep:` section: a parameter study kept in the scenario file. It resolves to axes in
 * file order with values as `--set` takes them, its mistakes are placed at their line like any
 * other field's, and a run ignores it.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../simulation.ts';
import { formatIssue } from './issue.ts';
import { parseScenario } from './parse.ts';

const BASE = ['version: 1', 'name: s', 'duration: 200ms', 'measure: { warmup: 0us }'];
const parse = (lines: readonly string[]) => parseScenario([...BASE, ...lines, ''].join('\n'), { file: 's.yaml' });

describe('the sweep: section', () => {
  it('resolves to its axes in file order, values as --set takes them', () => {
    const parsed = parse(['sweep:', '  grid:', '    cluster.quorum.write: [4, 5]', '    chaos.kinds: [[crash], [crash, pause]]', '    workload.rate: [500/s]', '  seeds: 7']);
    expect(parsed.ok && parsed.scenario.sweep).toEqual({
      grid: [
        { path: 'cluster.quorum.write', values: ['4', '5'] },
        { path: 'chaos.kinds', values: ['["crash"]', '["crash","pause"]'] },
        { path: 'workload.rate', values: ['500/s'] },
      ],
      seeds: 7,
    });
  });

  it('places a malformed path, the seed as an axis, a value listed twice and a bad count at their lines', () => {
    const parsed = parse(['sweep:', '  grid:', '    seed: [1, 2]', '    cluster..quorum: [1]', '  seeds: 0']);
    expect(parsed.ok).toBe(false);
    const messages = parsed.ok ? [] : parsed.issues.map(formatIssue);
    expect(messages).toEqual([
      expect.stringMatching(/^s\.yaml:7:11 +sweep\.grid\.seed: seed cannot be a grid axis/),
      expect.stringMatching(/^s\.yaml:8:22 +sweep\.grid\.cluster\.\.quorum: malformed path/),
      expect.stringMatching(/^s\.yaml:9:10 +sweep\.seeds: must be at least 1, got 0/),
    ]);
    const twice = parse(['sweep:', '  grid:', '    workload.rate: [500/s, 500/s]']);
    expect(twice.ok ? [] : twice.issues.map(formatIssue)).toEqual([expect.stringMatching(/sweep\.grid\.workload\.rate: the value "500\/s" is listed twice/)]);
  });

  it('leaves the run as it is: a file with a sweep runs exactly as one without', () => {
    const plain = parse([]);
    const swept = parse(['sweep:', '  grid:', '    workload.rate: [500/s, 900/s]']);
    if (!plain.ok || !swept.ok) throw new Error('the test scenarios do not parse');
    const options = { source: 's.yaml', replay: 'r', keepTrace: false };
    expect(runScenario(swept.scenario, options).traceHash).toBe(runScenario(plain.scenario, options).traceHash);
  });
});
