/**
 * A number without a unit is refused wherever a duration, size, bandwidth or rate goes: read
 * as microseconds or bytes, `duration: 10` ran 10 µs and passed. The fields are found in the
 * JSON Schema (every leaf with a unit pattern), so a field added later is covered too; each
 * is given a bare number inside an otherwise valid scenario, and the issue must be at that
 * field and list the units. Zero stays allowed where zero is a valid value.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { issuesOf, MINIMAL_YAML, scenarioOf } from './testing/fixtures.ts';
import { scenarioJsonSchema } from './json-schema.ts';

type Json = { readonly [key: string]: unknown };

/** Paths of every unit leaf, `a.b` with `[]` for a list's items. */
function unitFields(): string[] {
  const found = new Set<string>();
  const walk = (schema: unknown, path: string): void => {
    if (typeof schema !== 'object' || schema === null) return;
    const s = schema as Json;
    if (typeof s['pattern'] === 'string') found.add(path);
    for (const [key, child] of Object.entries((s['properties'] ?? {}) as Json)) walk(child, path === '' ? key : `${path}.${key}`);
    if (s['items'] !== undefined) walk(s['items'], `${path}[]`);
    for (const branch of [...((s['anyOf'] ?? []) as unknown[]), ...((s['oneOf'] ?? []) as unknown[])]) walk(branch, path);
  };
  walk(scenarioJsonSchema(), '');
  return [...found].sort();
}

const DISTRIBUTIONS = ['network.sameAz', 'network.crossAz', 'storage.diskWrite', 'workload.thinkTime', 'chaos.faultDuration', 'chaos.triggerDelay'];

/** A distribution with `value` in `field`, everything else valid. */
function distributionWith(field: string, value: unknown): Json {
  switch (field) {
    case 'value':
      return { dist: 'constant', value };
    case 'min':
      return { dist: 'uniform', min: value, max: '1s' };
    case 'max':
      return { dist: 'uniform', min: '0s', max: value };
    case 'mean':
      return { dist: 'exponential', mean: value };
    case 'stddev':
      return { dist: 'normal', mean: '1ms', stddev: value };
    case 'median':
      return { dist: 'lognormal', median: value, p99: '1s' };
    case 'p99':
      return { dist: 'lognormal', median: '1ms', p99: value };
    case 'scale':
      return { dist: 'pareto', scale: value, shape: 1 };
    case 'samples[]':
      return { dist: 'empirical', samples: [value] };
    default:
      throw new Error(`no distribution has ${field}`);
  }
}

/** A fault with `value` in `field`: the kind that takes the field. */
function faultWith(field: string, value: unknown): Json {
  const fault = { at: '0s', kind: 'crash', target: 'writer' };
  if (field === 'extra') return { ...fault, kind: 'latency-spike', extra: value };
  if (field === 'jitter') return { ...fault, kind: 'packet-reorder', jitter: value };
  if (field === 'when.lag.for') return { kind: 'crash', target: 'writer', when: { lag: { records: 1, for: value } } };
  if (field.startsWith('when.')) return { kind: 'crash', target: 'writer', when: { on: 'recovery.start', [field.slice('when.'.length)]: value } };
  return { ...fault, [field]: value };
}

/** The sections of a valid scenario with `value` at `path`, and the issue path to expect. */
function scenarioWith(path: string, value: unknown): { sections: Json; at: string } {
  const at = path.replaceAll('[]', '.0');
  if (path.startsWith('faults[].')) return { sections: { faults: [faultWith(path.slice('faults[].'.length), value)] }, at };
  const distribution = DISTRIBUTIONS.find((d) => path === d || path.startsWith(`${d}.`));
  let leaf: unknown = value;
  let parts = path.split('.');
  if (distribution !== undefined && path !== distribution) {
    leaf = distributionWith(path.slice(distribution.length + 1), value);
    parts = distribution.split('.');
  }
  if (path === 'expect.writesAvailable.from') leaf = { from: value, to: '1s' };
  if (path === 'expect.writesAvailable.to') leaf = { from: '0s', to: value };
  if (path.startsWith('expect.writesAvailable.')) parts = ['expect', 'writesAvailable'];
  const sections = parts.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf) as Record<string, Json>;
  if (distribution === 'workload.thinkTime') sections['workload'] = { ...sections['workload'], clients: 2 };
  return { sections, at };
}

function scenarioText(sections: Json): string {
  return stringify({ version: 1, name: 'bare', duration: '1s', ...sections });
}

describe('a number without a unit', () => {
  const fields = unitFields();

  it('is found in every kind of section: run, cluster timing, distributions, faults, chaos, expect', () => {
    expect(fields).toHaveLength(97);
    for (const field of ['duration', 'storage.segmentSize', 'network.bandwidth', 'workload.rate', 'network.sameAz.mean', 'faults[].jitter', 'chaos.meanInterval', 'expect.recoveryTime.max']) {
      expect(fields).toContain(field);
    }
  });

  it.each(fields)('is refused at %s, with the units it accepts', (field) => {
    const { sections, at } = scenarioWith(field, 7);
    const issues = issuesOf(scenarioText(sections));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^test\\.yaml:\\d+:\\d+  ${at.replaceAll('.', '\\.')}: a number needs a unit: \\S.* \\(e\\.g\\. "7`));
  });

  it('names the units of each kind of quantity', () => {
    const message = (field: string) => issuesOf(scenarioText(scenarioWith(field, 100).sections))[0]?.replace(/^.*?: /, '');
    expect(message('duration')).toBe('a number needs a unit: ns, us, ms, s, m, h (e.g. "100s")');
    expect(message('network.sameAz.mean')).toBe('a number needs a unit: ns, us, ms, s, m, h (e.g. "100s")');
    expect(message('storage.segmentSize')).toBe('a number needs a unit: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB (e.g. "100MB")');
    expect(message('network.bandwidth')).toBe('a number needs a unit: bps, Kbps, Mbps, Gbps, Tbps (e.g. "100Mbps")');
    expect(message('workload.rate')).toBe('a number needs a unit: /s, /ms (e.g. "100/s")');
  });

  it('is refused quoted as well', () => {
    expect(issuesOf(MINIMAL_YAML.replace('duration: 1s', 'duration: "10"'))).toEqual([
      'test.yaml:3:11  duration: a number needs a unit: ns, us, ms, s, m, h (e.g. "10s")',
    ]);
  });

  it('is refused from a --set override, reported against the override', () => {
    expect(issuesOf(MINIMAL_YAML, { overrides: ['storage.gossipInterval=5'] })).toEqual([
      '--set storage.gossipInterval=5  storage.gossipInterval: a number needs a unit: ns, us, ms, s, m, h (e.g. "5s")',
    ]);
  });
});

describe('zero without a unit', () => {
  it('is accepted where zero is a valid duration or size: 0 of any unit is the same', () => {
    const scenario = scenarioOf(scenarioText({ writer: { sendCost: 0 }, network: { headerBytes: 0, sameAz: 0 }, measure: { warmup: 0 } }));
    expect(scenario.writer.sendCost).toBe(0);
    expect(scenario.network.headerBytes).toBe(0);
    expect(scenario.network.sameAz).toStrictEqual({ dist: 'constant', value: 0 });
  });

  it('is refused where zero is not a valid value, as zero', () => {
    expect(issuesOf(scenarioText({ duration: 0 }))).toEqual(['test.yaml:3:11  duration: must be greater than 0, got 0']);
    expect(issuesOf(scenarioText({ workload: { rate: 0 } }))).toEqual(['test.yaml:5:9  workload.rate: must be greater than 0, got 0']);
  });
});
