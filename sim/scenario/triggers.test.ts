/**
 * Triggered faults in scenario files: an entry with `when:` instead of `at:` resolves into the
 * contract's TriggeredFaultSpec (defaults applied: first match, once, at once, the whole run),
 * with relative targets where the trigger names a segment; each mistake is reported where to
 * edit it; and the canonical form replays exactly. Chaos takes `triggers`, `triggerDelay` and
 * `swarm`.
 */
import { describe, expect, it } from 'vitest';
import { renderScenarioYaml } from './canonical.ts';
import { issuesOf, scenarioOf } from './testing/fixtures.ts';
import { parseScenario } from './parse.ts';

const RUN = 'version: 1\nname: triggers\nduration: 10s\n'; // lines 1-3; entries start on line 5
const withFaults = (...entries: string[]) => `${RUN}faults:\n${entries.map((e) => `  - ${e}\n`).join('')}`;

describe('triggered faults: valid entries', () => {
  it('resolves `when` with its defaults, apart from the timed faults', () => {
    const s = scenarioOf(withFaults('{ at: 1s, kind: crash, target: writer, for: 2s }', '{ when: { on: recovery.start }, kind: crash, target: writer, for: 1s }'));
    expect(s.faults.map((f) => f.at)).toEqual([1_000_000]);
    expect(s.triggered).toStrictEqual([
      {
        kind: 'crash',
        when: { on: { kind: 'event', event: 'recovery.start' }, occurrence: 1, times: 1, after: 0, from: 0, to: 10_000_000 },
        for: 1_000_000,
        target: { kind: 'writer' },
        label: 'writer',
      },
    ]);
  });

  it('resolves a lag trigger with a relative target, a window, counts and a delay; no `for` lasts the rest of the run', () => {
    const s = scenarioOf(
      withFaults(
        '{ when: { lag: { records: 500 }, occurrence: 2, times: 3, after: 2ms, from: 1s, to: 5s, withinFailureModel: true }, kind: disk-loss, target: leading }',
      ),
    );
    expect(s.triggered).toStrictEqual([
      {
        kind: 'disk-loss',
        when: { on: { kind: 'lag', records: 500, for: 0 }, occurrence: 2, times: 3, after: 2_000, from: 1_000_000, to: 5_000_000 },
        target: { kind: 'relative', relative: 'leading' },
        label: 'leading',
        withinFailureModel: true,
      },
    ]);
  });

  it('leaves `triggered` out when the file has none', () => {
    expect(scenarioOf(withFaults('{ at: 1s, kind: crash, target: writer }')).triggered).toBeUndefined();
  });

  it('accepts a repair’s slot (segment V..7) for a disk loss only, as a capsule writes it', () => {
    expect(scenarioOf(withFaults('{ at: 1s, kind: disk-loss, target: pg:0/segment:6 }')).faults[0]?.label).toBe('pg:0/segment:6');
    expect(issuesOf(withFaults('{ at: 1s, kind: crash, target: pg:0/segment:6 }'))).toEqual([
      'test.yaml:5:36  faults.0.target: pg:0/segment:6: segments are numbered 0 to 5',
    ]);
  });

  it('the canonical form of triggered faults and chaos triggers replays exactly', () => {
    const text = `${withFaults(
      '{ when: { on: membership, after: 1ms, withinFailureModel: true }, kind: crash, target: lagging-node, for: 200ms }',
      '{ when: { lag: { for: 50ms } }, kind: slow-disk, target: leading-node, factor: 5 }',
      '{ at: 2s, kind: pause, target: replica:1, for: 1s }',
    )}chaos: { triggers: [lag, truncate, lag], triggerDelay: { dist: uniform, min: 0us, max: 1ms }, swarm: true }\n`;
    const first = parseScenario(text, { file: 'a.yaml' });
    if (!first.ok) throw new Error('does not parse');
    const second = parseScenario(renderScenarioYaml(first.canonical), { file: 'b.yaml' });
    if (!second.ok) throw new Error(second.issues.map((i) => i.message).join('; '));
    expect(second.scenario).toStrictEqual(first.scenario);
    expect(first.scenario.chaos).toMatchObject({ triggers: ['lag', 'truncate', 'lag'], triggerDelay: { dist: 'uniform', min: 0, max: 1_000 }, swarm: true });
  });
});

describe('triggered faults: mistakes, where to edit them', () => {
  it('both `at` and `when`, or neither', () => {
    expect(issuesOf(withFaults('{ at: 1s, when: { on: truncate }, kind: crash, target: writer }', '{ kind: crash, target: writer }'))).toEqual([
      'test.yaml:5:21  faults.0.when: give `at` (a time) or `when` (a state), not both',
      'test.yaml:6:5  faults.1: a fault needs `at` (when it begins) or `when` (the state that begins it)',
    ]);
  });

  it('no state, two states, a lag without a threshold, an unknown event', () => {
    expect(
      issuesOf(
        withFaults(
          '{ when: { after: 1ms }, kind: crash, target: writer }',
          '{ when: { on: truncate, lag: { records: 5 } }, kind: crash, target: writer }',
          '{ when: { lag: {} }, kind: crash, target: writer }',
          '{ when: { on: recovery.begin }, kind: crash, target: writer }',
        ),
      ),
    ).toEqual([
      'test.yaml:5:13  faults.0.when: give the state that starts the fault: `on: EVENT` or `lag: {records, for}`',
      'test.yaml:6:13  faults.1.when: give `on` or `lag`, not both',
      'test.yaml:7:20  faults.2.when.lag: lag needs `records` (how far behind), `for` (how long), or both',
      expect.stringMatching(/^test\.yaml:8:19 {2}faults\.3\.when\.on: .*recovery\.start/),
    ]);
  });

  it('a window that is empty or runs past the end of the run', () => {
    expect(
      issuesOf(withFaults('{ when: { on: truncate, from: 3s, to: 2s }, kind: crash, target: writer }', '{ when: { on: truncate, to: 11s }, kind: crash, target: writer }')),
    ).toEqual([
      'test.yaml:5:35  faults.0.when.from: from (3s) must be before to (2s)',
      'test.yaml:6:33  faults.1.when.to: to (11s) must not be after the end of the run (10s)',
    ]);
  });

  it('a relative target without a trigger that names a segment, or for a kind that cannot take one', () => {
    expect(
      issuesOf(
        withFaults(
          '{ at: 1s, kind: disk-loss, target: lagging }',
          '{ when: { on: recovery.start }, kind: crash, target: leading-node }',
          '{ when: { on: membership }, kind: az-outage, target: lagging }',
          '{ when: { on: membership }, kind: disk-loss, target: laging }',
        ),
      ),
    ).toEqual([
      'test.yaml:5:40  faults.0.target: lagging is relative to the segment a trigger names: give `when`, or name the segment (pg:N/segment:M)',
      'test.yaml:6:58  faults.1.target: leading-node is relative to the segment a trigger names, and `on: recovery.start` names none: use lag, membership, segment.wipe, segment.new or segment.hydrated, or a plain target',
      'test.yaml:7:58  faults.2.target: az-outage cannot take lagging, a segment or its node',
      expect.stringMatching(/^test\.yaml:8:58 {2}faults\.3\.target: "laging" is not a target: .*did you mean 'lagging'\?\)$/),
    ]);
  });
});
