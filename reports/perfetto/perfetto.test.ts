/**
 * `run --perfetto`: a run as a Chrome Trace Event timeline. It keeps the format's rules (every
 * phase's required fields, slices that nest, flows bound to slices), shows a process per host
 * with the segments where the topology placed them, follows records to the segments that
 * persisted them, shows faults, recoveries and counters, and from the run's I/O detail the
 * disk writes, disk queues and batches with arrows to their acknowledgements; it keeps to its
 * window (an arrow with an end outside it is left out whole), is written as the run goes, and
 * is the same bytes for the same run.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario, type ResolvedScenario } from '../../sim/index.ts';
import { traceEventProblems } from '../testing/trace-event-format.ts';
import { PerfettoTimeline, TIMELINE_DETAIL } from './perfetto.ts';
import type { Window } from './out.ts';

/** 1.5 s with a slow disk, a lossy node and a writer crash that the replicas fail over from. */
const SCENARIO = `
version: 1
name: timeline
seed: 7
duration: 1500ms
workload: { rate: 1000/s }
failover: { heartbeatInterval: 50ms, detection: 200ms }
storage: { diskQueueDepth: 4 }
faults:
  - { at: 500ms, kind: crash, target: writer, for: 2s }
  - { at: 200ms, kind: slow-disk, target: node:1, for: 400ms, factor: 5 }
  - { at: 250ms, kind: packet-loss, target: node:2, for: 300ms, probability: 0.1 }
  - { at: 450ms, kind: crash, target: node:3, for: 200ms }
expect: {}
`;

function scenario(): ResolvedScenario {
  const parsed = parseScenario(SCENARIO, { file: 'timeline.yaml' });
  if (!parsed.ok) throw new Error('the test scenario does not parse');
  return parsed.scenario;
}

interface Written {
  readonly text: string;
  readonly chunksBeforeTheEnd: number;
}

function timelineOf(window: Partial<Window> = {}): Written {
  const chunks: string[] = [];
  let chunksBeforeTheEnd = 0;
  const s = scenario();
  const timeline = new PerfettoTimeline(s, (text) => chunks.push(text), window);
  const result = runScenario(s, {
    source: 'timeline.yaml', replay: '', keepTrace: false, detail: TIMELINE_DETAIL,
    watch: (trace) => {
      timeline.attach(trace);
      trace.on({ phase: (_t, { text }) => void (text === 'end' && (chunksBeforeTheEnd = chunks.length)) });
    },
  });
  timeline.close(result);
  return { text: chunks.join(''), chunksBeforeTheEnd };
}

interface Event {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly id?: number;
  readonly cat?: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

interface Document {
  readonly traceEvents: Event[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

const whole = timelineOf();
const doc = JSON.parse(whole.text) as Document;
const events = doc.traceEvents;

function processNamed(prefix: string): number {
  const meta = events.find((e) => e.ph === 'M' && e.name === 'process_name' && String(e.args?.name).startsWith(prefix));
  if (meta === undefined) throw new Error(`no process ${prefix}`);
  return meta.pid;
}

function processName(pid: number): string | undefined {
  return events.find((e) => e.ph === 'M' && e.name === 'process_name' && e.pid === pid)?.args?.name as string | undefined;
}

/** The flows of a category as [start, end] pairs; each id has exactly one of each. */
function pairs(cat: string): [Event, Event][] {
  const flows = events.filter((e) => (e.ph === 's' || e.ph === 'f') && e.cat === cat);
  const byId = new Map<string, Event[]>();
  for (const e of flows) byId.set(`${e.name} ${e.id}`, [...(byId.get(`${e.name} ${e.id}`) ?? []), e]);
  return [...byId.values()].map((pair) => {
    expect(pair.map((e) => e.ph).sort()).toEqual(['f', 's']);
    return [pair.find((e) => e.ph === 's')!, pair.find((e) => e.ph === 'f')!];
  });
}

function threadName(pid: number, tid: number): string | undefined {
  const meta = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.tid === tid);
  return meta?.args?.name as string | undefined;
}

describe('the timeline', () => {
  it('keeps the Trace Event format: required fields per phase, slices that nest, flows bound to slices', () => {
    expect(traceEventProblems(doc)).toEqual([]);
    expect(new Set(events.map((e) => e.ph))).toEqual(new Set(['M', 'X', 'i', 'C', 's', 'f']));
  });

  it('names a process per host, with its role and AZ, after one for the cluster', () => {
    const names = events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.args?.name);
    expect(names).toEqual([
      'cluster', 'writer (AZ a)', 'replica-1 (AZ b)', 'replica-2 (AZ c)',
      ...[0, 1, 2, 3, 4, 5].map((n) => `node-${n} (storage, AZ ${'abc'[n % 3]})`),
    ]);
  });

  it('gives each segment a thread on the storage node the topology placed it on', () => {
    const acks = events.filter((e) => e.ph === 'X' && e.name.startsWith('scl >= '));
    expect(acks.length).toBeGreaterThan(100);
    for (const ack of acks.slice(0, 50)) {
      const { pg, segment } = ack.args as { pg: number; segment: number };
      expect(threadName(ack.pid, ack.tid)).toBe(`pg ${pg} segment ${segment}`);
      expect(ack.pid).not.toBe(processNamed('writer'));
    }
  });

  it('follows records from their LSN to the quorum, with an arrow to each segment that persisted one', () => {
    const flights = events.filter((e) => e.ph === 'X' && e.name.startsWith('lsn '));
    // One id per arrow: a viewer closes a flow at its first end.
    const arrows = pairs('write');
    const starts = arrows.map(([start]) => start);
    expect(flights.length).toBeGreaterThan(50);
    expect(new Set(starts.map((s) => `${s.pid} ${s.tid} ${s.ts}`)).size).toBe(flights.length);
    // A write quorum (4 of 6) at least, for most records.
    expect(arrows.length).toBeGreaterThan(4 * flights.length * 0.9);
    for (const start of starts) {
      expect(flights.some((f) => f.pid === start.pid && f.tid === start.tid && f.ts === start.ts)).toBe(true);
    }
    const writer = processNamed('writer');
    const promoted = processNamed('replica-');
    expect(new Set(flights.map((f) => f.pid)).has(writer)).toBe(true);
    expect(flights.every((f) => f.pid === writer || f.pid >= promoted)).toBe(true);
    expect(flights.filter((f) => f.args?.outcome === 'abandoned').length).toBeLessThanOrEqual(4);
  });

  it('shows faults as slices, and the promoted replica recovering in phases', () => {
    const faults = events.filter((e) => e.ph === 'X' && e.pid === 1).map((e) => [e.name, e.ts, e.dur, e.args?.outcome]);
    expect(faults).toEqual(expect.arrayContaining([
      ['slow-disk node:1', 200_000, 400_000, 'ended'],
      ['packet-loss node:2', 250_000, 300_000, 'ended'],
      ['crash writer', 500_000, 1_000_000, 'still active at the end'],
    ]));
    const recovery = events.filter((e) => e.ph === 'X' && threadName(e.pid, e.tid) === 'recovery');
    expect(recovery.map((e) => e.name)).toEqual(['recovery (epoch 2)', 'fence + read quorum', 'truncate + repair']);
    const [all, read, repair] = recovery as [Event, Event, Event];
    expect(String(events.find((e) => e.ph === 'M' && e.name === 'process_name' && e.pid === all.pid)?.args?.name)).toMatch(/^replica-/);
    expect(all.args?.outcome).toBe('completed');
    expect(read.ts).toBe(all.ts);
    expect(repair.ts + repair.dur!).toBe(all.ts + all.dur!);
  });

  it('draws VDL, queue depths and counts as counters, at most one sample per resolution each', () => {
    const resolution = doc.metadata.counterResolutionUs as number;
    const counters = new Map<string, number[]>();
    for (const e of events.filter((x) => x.ph === 'C')) {
      const key = `${e.pid} ${e.name}`;
      counters.set(key, [...(counters.get(key) ?? []), e.ts]);
    }
    expect([...counters.keys()]).toEqual(expect.arrayContaining([
      `${processNamed('writer')} VDL`, `${processNamed('writer')} records above VCL`, '1 transactions waiting', '1 commits acknowledged',
    ]));
    // The last sample may come sooner: the value in force when the timeline ends.
    for (const times of counters.values()) {
      for (let i = 1; i < times.length; i++) if (times[i] !== 1_500_000) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(resolution);
    }
  });

  it('draws disk writes on the threads of their segments, in lanes where they overlap', () => {
    const writes = events.filter((e) => e.ph === 'X' && e.name.startsWith('write '));
    expect(writes.length).toBeGreaterThan(1000);
    const laned = new Set<string>();
    for (const write of writes) {
      const name = threadName(write.pid, write.tid)!;
      expect(name).toMatch(/^pg \d+ segment \d+( \(disk \d\))?$/);
      expect(processName(write.pid)).toMatch(/^node-/);
      if (name.includes('(disk')) laned.add(name);
      if (write.args?.records === 0) expect(write.name).toBe('write volume state');
      else expect(write.name).toMatch(/^write \d+ records?$/);
    }
    expect(laned.size).toBeGreaterThan(0);
  });

  it('draws the disk queue of each storage node as counters', () => {
    for (const n of [0, 1, 2, 3, 4, 5]) {
      const pid = processNamed(`node-${n} `);
      const names = new Set(events.filter((e) => e.ph === 'C' && e.pid === pid).map((e) => e.name));
      expect([...names]).toEqual(expect.arrayContaining(['disk writes waiting', 'disk writes in service']));
    }
    const waiting = events.filter((e) => e.ph === 'C' && e.name === 'disk writes waiting').map((e) => e.args?.writes as number);
    expect(Math.max(...waiting)).toBeGreaterThan(0);
  });

  it('draws batches on the storage driver of the writer, with an arrow to each acknowledgement and on to its arrival', () => {
    const batches = events.filter((e) => e.ph === 'X' && e.name.startsWith('batch '));
    expect(batches.length).toBeGreaterThan(100);
    for (const batch of batches) {
      expect(threadName(batch.pid, batch.tid)).toBe('storage driver');
      expect(batch.dur).toBe(2 * 6); // sendCost (2 µs by default) for each of the six segments
    }
    const flows = pairs('batch');
    const writes = flows.filter(([s]) => s.name === 'write');
    const acks = flows.filter(([s]) => s.name === 'ack');
    expect(writes.length).toBeGreaterThan(4 * batches.length * 0.9);
    expect(acks.length).toBeGreaterThan(writes.length * 0.9);
    for (const [start, end] of writes) {
      expect(threadName(start.pid, start.tid)).toBe('storage driver');
      expect(threadName(end.pid, end.tid)).toMatch(/^pg \d+ segment \d+$/);
      expect(processName(end.pid)).toMatch(/^node-/);
    }
    for (const [start, end] of acks) {
      expect(threadName(start.pid, start.tid)).toMatch(/^pg \d+ segment \d+$/);
      expect(threadName(end.pid, end.tid)).toMatch(/^pg \d+ in flight$/);
      expect(end.ts).toBeGreaterThan(start.ts);
    }
  });

  it('is written as the run goes, and ends with the run it shows', () => {
    expect(whole.chunksBeforeTheEnd).toBeGreaterThan(1);
    expect(doc.metadata).toMatchObject({ format: 'aurora-sim-perfetto', version: 2, scenario: 'timeline', seed: 7, fromUs: 0, toUs: 1_500_000 });
    expect(doc.metadata.traceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same bytes for the same run', () => {
    expect(timelineOf().text).toBe(whole.text);
  });

  it('keeps to its window: nothing outside it, slices cut to it saying so, counters from its start', () => {
    const window = { from: 400_000, to: 600_000 };
    const cut = JSON.parse(timelineOf(window).text) as Document;
    expect(traceEventProblems(cut)).toEqual([]);
    const timed = cut.traceEvents.filter((e) => e.ph !== 'M');
    for (const e of timed) {
      expect(e.ts).toBeGreaterThanOrEqual(window.from);
      expect(e.ts + (e.dur ?? 0)).toBeLessThanOrEqual(window.to);
    }
    expect(cut.traceEvents.find((e) => e.name === 'slow-disk node:1')).toMatchObject({ ts: 400_000, dur: 200_000, args: { clipped: true } });
    expect(cut.traceEvents.find((e) => e.name === 'crash writer')).toMatchObject({ ts: 500_000, dur: 100_000, args: { clipped: true } });
    expect(cut.traceEvents.filter((e) => e.ph === 'C' && e.name === 'VDL')[0]?.ts).toBe(window.from);
    expect(cut.metadata).toMatchObject({ fromUs: 400_000, toUs: 600_000, counterResolutionUs: 20 });
    // Every arrow whole: each start has an end, each end its start.
    const flows = cut.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f');
    const key = (e: Event) => `${e.cat} ${e.name} ${e.id}`;
    const starts = new Set(flows.filter((e) => e.ph === 's').map(key));
    expect(new Set(flows.filter((e) => e.ph === 'f').map(key))).toEqual(starts);
    expect([...starts].filter((k) => k.startsWith('batch ')).length).toBeGreaterThan(100);
    // A crash of its node ends the writes in service there.
    const lost = cut.traceEvents.filter((e) => e.ph === 'X' && e.args?.outcome === 'lost in a crash');
    expect(lost.length).toBeGreaterThan(0);
    for (const write of lost) expect([write.ts + write.dur!, processName(write.pid)?.split(' ')[0]]).toEqual([450_000, 'node-3']);
  });
});
