/**
 * Attaching timed faults to the events they follow: a fault is attached to the nearest event
 * before it that can trigger faults, if it starts 1 µs to ATTACH_WITHIN after it; the window
 * opens at the fault that caused the event, or after the event's previous occurrence, so the
 * match is the first in it. Under the same seed the rewritten scenario is the same run, to
 * the trace hash (a real run, below); and what reads the events reads them from a real run.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type ResolvedScenario } from '../../sim/index.ts';
import { scenarioFromText } from '../testing/scenario.ts';
import { ATTACH_WITHIN, attachAll, triggerEvents, type EventTime } from './attach.ts';

const scenario = (faults: string) => scenarioFromText(`version: 1
name: attach
seed: 5
duration: 1s
cluster: { protectionGroups: 2, storageNodes: 6, replicas: 0 }
workload: { rate: 500/s }
faults:
${faults}`, 'attach.yaml');

describe('attachAll', () => {
  const events: EventTime[] = [
    { time: 300_000, event: 'recovery.start' },
    { time: 301_000, event: 'truncate' },
    { time: 302_000, event: 'truncate' },
    { time: 600_000, event: 'recovery.start' },
  ];

  it('attaches a fault to the nearest event before it, the window opening at the fault that caused it', () => {
    const s = scenario(`  - { at: 299ms, kind: crash, target: writer, for: 1ms }
  - { at: 301050us, kind: disk-loss, target: "pg:1/segment:0", for: 1ms }
`);
    const { scenario: next, attached } = attachAll(s, events)!;
    expect(attached).toBe(1);
    expect(next.faults.map((f) => f.kind)).toEqual(['crash']);
    expect(next.triggered).toEqual([
      expect.objectContaining({ kind: 'disk-loss', label: 'pg:1/segment:0', when: { on: { kind: 'event', event: 'truncate' }, occurrence: 1, times: 1, after: 50, from: 299_000, to: 1_000_000 } }),
    ]);
  });

  it('opens the window just after the previous occurrence of the event when that came after the cause', () => {
    const s = scenario(`  - { at: 299ms, kind: crash, target: writer, for: 1ms }
  - { at: 302010us, kind: pause, target: "node:1", for: 1ms }
`);
    expect(attachAll(s, events)!.scenario.triggered![0]!.when).toMatchObject({ after: 10, from: 301_001 });
  });

  it('leaves alone a fault in the same microsecond as the event, one too long after it, and one before any', () => {
    const s = scenario(`  - { at: 100ms, kind: pause, target: "node:2", for: 1ms }
  - { at: 300ms, kind: pause, target: "node:1", for: 1ms }
  - { at: ${600_000 + ATTACH_WITHIN + 1}us, kind: pause, target: "node:3", for: 1ms }
`);
    expect(attachAll(s, events)).toBeUndefined();
    expect(attachAll(s, [...events, { time: 600_000 + 1, event: 'promote' }])?.attached).toBe(1);
  });
});

describe('triggerEvents and the run they come from', () => {
  it('reads the events of a real run, and the attached scenario runs to the same trace hash', () => {
    const crash = scenario(`  - { at: 300ms, kind: crash, target: writer, for: 1ms }
`);
    const events = triggerEvents(crash);
    const truncation = events.find((e) => e.event === 'truncate' && e.time > 300_000);
    expect(truncation).toBeDefined();
    expect(events.some((e) => e.event === 'recovery.start')).toBe(true);
    const timed = scenario(`  - { at: 300ms, kind: crash, target: writer, for: 1ms }
  - { at: ${truncation!.time + 40}us, kind: disk-loss, target: "pg:1/segment:2", for: 2ms }
`);
    const attached = attachAll(timed, triggerEvents(timed))!.scenario;
    expect(attached.triggered).toHaveLength(1);
    const run = (s: ResolvedScenario) => runScenario(s, { source: 'attach.yaml', replay: '', keepTrace: false }).traceHash;
    expect(run(attached)).toBe(run(timed));
    expect(run(timed)).not.toBe(run(crash));
  });
});
