/**
 * Triggered faults, against a recording fake world and a trace the test writes itself: a
 * trigger starts its fault `after` the state it waits for (at least 1 µs later), resolves
 * `writer` when the fault starts and relative targets when it matches; it fires on the
 * `occurrence`-th match, at most `times`, never while its fault is active and never outside its
 * window; `membership` matches only a change in progress; `lag` matches a segment far enough
 * behind its PG for long enough, never an empty one; and a fault that would stop a held host,
 * or (armed by chaos) leave the failure model, is dropped while the trigger listens on.
 */
import { describe, expect, it } from 'vitest';
import { Loop } from '../core/loop.ts';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS, type ModelTrace } from '../protocol/trace-kinds.ts';
import { encodeReplacements } from '../quorum/membership.ts';
import type { FaultSpec, TriggeredFaultSpec, TriggerSpec } from './fault-spec.ts';
import { Topology } from '../topology/topology.ts';
import type { FaultTarget, Selector, TriggeredSelector } from './fault-target.ts';
import { FaultInjector } from './injector.ts';
import { formatSelector, hostsOf } from './selector.ts';

const topology = new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 2, storageNodes: 9, replicas: 2, writerAz: 0 });
const name = (host: number) => topology.host(host).name;

/** Records crashes, restarts and wipes as `time call host`. */
class RecordingTarget implements FaultTarget {
  readonly calls: string[] = [];
  writer = topology.writer.id;
  private readonly loop: Loop;
  constructor(loop: Loop) {
    this.loop = loop;
  }
  resolve(selector: Selector): number[] {
    return hostsOf(selector, topology, this.writer);
  }
  crashHost(host: number): void { this.log(`crash ${name(host)}`); }
  restartHost(host: number): void { this.log(`restart ${name(host)}`); }
  wipeDisk(host: number): void { this.log(`wipe ${name(host)}`); }
  wipeSegment(pg: number, segment: number): void { this.log(`wipe pg:${pg}/segment:${segment}`); }
  pauseHost(host: number): void { this.log(`pause ${name(host)}`); }
  resumeHost(host: number): void { this.log(`resume ${name(host)}`); }
  addLinkEffect(): number { return 0; }
  removeLinkEffect(): void {}
  addDiskSlowdown(): number { return 0; }
  removeDiskSlowdown(): void {}
  private log(call: string): void {
    this.calls.push(`${this.loop.now} ${call}`);
  }
}

const WINDOW = { occurrence: 1, times: 1, after: 0, from: 0, to: 1_000_000 };
const on = (event: 'recovery.start' | 'promote' | 'membership' | 'truncate', extra: Partial<TriggerSpec> = {}): TriggerSpec =>
  ({ on: { kind: 'event', event }, ...WINDOW, ...extra });
const lag = (records: number, hold = 0, extra: Partial<TriggerSpec> = {}): TriggerSpec =>
  ({ on: { kind: 'lag', records, for: hold }, ...WINDOW, ...extra });

function triggered(kind: 'crash' | 'disk-loss', target: TriggeredSelector, when: TriggerSpec, duration?: number, model = false): TriggeredFaultSpec {
  const label = target.kind === 'relative' ? target.relative : formatSelector(target);
  return { kind, when, target, label, ...(duration === undefined ? {} : { for: duration }), ...(model ? { withinFailureModel: true } : {}) };
}

function timed(kind: FaultSpec['kind'], target: Selector, at: number, duration: number): FaultSpec {
  return { kind, at, for: duration, target, label: formatSelector(target) } as FaultSpec;
}

/** A world: `script` writes trace events at given times; returns what the faults did. */
function run(
  faults: FaultSpec[], triggers: TriggeredFaultSpec[], script: (at: (time: number, fn: () => void) => void, trace: ModelTrace, target: RecordingTarget) => void,
) {
  const loop = new Loop();
  const trace = new Trace(loop, TRACE_KINDS, { keepLines: true });
  const target = new RecordingTarget(loop);
  const injector = new FaultInjector(loop, trace, target, faults, { topology, quorum: { write: 4, read: 3 }, end: 1_000_000 }, { triggered: triggers });
  injector.start();
  script((time, fn) => loop.at(time, fn), trace, target);
  loop.run({ until: 1_000_000, maxEvents: 100_000 });
  return { calls: target.calls, ran: injector.ran().map((f) => `${f.at} ${f.kind} ${f.label} for ${f.for}`), counts: injector.triggerCounts() };
}

const writer: Selector = { kind: 'writer' };
const recoveryAt = (...times: number[]) => (at: (t: number, fn: () => void) => void, trace: ModelTrace) => {
  for (const t of times) at(t, () => trace.emit('recovery.start', 0, 2));
};

describe('triggered faults: when they start', () => {
  it('starts the fault `after` the match, and at least 1 µs after it (its microsecond has begun)', () => {
    expect(run([], [triggered('crash', writer, on('recovery.start'), 10)], recoveryAt(100)).calls).toEqual(['101 crash writer', '111 restart writer']);
    expect(run([], [triggered('crash', writer, on('recovery.start', { after: 50 }), 10)], recoveryAt(100)).calls).toEqual(['150 crash writer', '160 restart writer']);
  });

  it('resolves `writer` when the fault starts: after a promotion, the new writer', () => {
    const { calls } = run([], [triggered('crash', writer, on('promote', { after: 5 }), 10)], (at, trace, target) => {
      at(100, () => trace.emit('promote', topology.replicas[0]!.id, 3));
      at(102, () => (target.writer = topology.replicas[0]!.id));
    });
    expect(calls).toEqual(['105 crash replica-1', '115 restart replica-1']);
  });

  it('fires on the occurrence-th match, at most `times`, ignoring matches while its fault is active', () => {
    const spec = triggered('crash', writer, on('recovery.start', { occurrence: 2, times: 2 }), 15);
    const { ran, counts } = run([], [spec], recoveryAt(10, 20, 30, 40, 50, 60));
    expect(ran).toEqual(['21 crash writer for 15', '41 crash writer for 15']);
    expect(counts).toEqual([{ matches: 3, fired: 2 }]);
  });

  it('counts no match outside its window [from, to)', () => {
    const spec = triggered('crash', writer, on('recovery.start', { from: 15, to: 30, times: 5 }), 1);
    expect(run([], [spec], recoveryAt(10, 20, 30)).ran).toEqual(['21 crash writer for 1']);
  });

  it('lasts the rest of the run without `for`, and starts nothing at or after the end of the run', () => {
    expect(run([], [triggered('crash', writer, on('truncate'))], (at, trace) => at(400_000, () => trace.emit('truncate', 2, 5, 9))).ran).toEqual([
      '400001 crash writer for 599999',
    ]);
    const late = triggered('crash', writer, on('truncate', { after: 100 }), 10);
    expect(run([], [late], (at, trace) => at(999_900, () => trace.emit('truncate', 2, 5, 9))).ran).toEqual([]);
  });

  it('lists a triggered fault among the timed ones by its real start, after a timed one of the same instant', () => {
    const faults = [timed('pause', { kind: 'node', index: 0 }, 101, 5), timed('pause', { kind: 'node', index: 1 }, 300, 5)];
    const { ran } = run(faults, [triggered('crash', writer, on('recovery.start'), 10)], recoveryAt(100));
    expect(ran).toEqual(['101 pause node:0 for 5', '101 crash writer for 10', '300 pause node:1 for 5']);
  });
});

describe('triggered faults: segments', () => {
  it('membership: matches only a change in progress; `lagging` is the incoming segment', () => {
    topology.place(1, 6, topology.storageNodes[8]!.id);
    const spec = triggered('disk-loss', { kind: 'relative', relative: 'lagging' }, on('membership'));
    const { calls } = run([], [spec], (at, trace) => {
      at(10, () => trace.emit('membership', 1, 2, 0b111111, 0));
      at(20, () => trace.emit('membership', 1, 3, 0b111111, encodeReplacements({ epoch: 3, base: 0b111111, replacements: [[2, 6]] })));
    });
    expect(calls).toEqual(['21 wipe pg:1/segment:6']);
    topology.place(1, 6, -1);
  });

  /**
   * SCLs of PG 0's six segments over time: each row [time, scl0..scl5], emitted segment by
   * segment, so peers lag each other for a moment within a row (by less than the thresholds).
   */
  const scls = (rows: number[][]) => (at: (t: number, fn: () => void) => void, trace: ModelTrace) => {
    for (const [time, ...values] of rows) at(time!, () => values.forEach((v, s) => trace.emit('scl', 0, s, v)));
  };

  it('lag: a segment `records` behind its PG’s highest SCL; `-node` its node, `leading` the most advanced other one', () => {
    const rows = [[10, 100, 100, 100, 100, 100, 100], [20, 400, 400, 400, 100, 400, 400], [30, 700, 650, 700, 100, 690, 700]];
    const node = run([], [triggered('crash', { kind: 'relative', relative: 'lagging-node' }, lag(500), 5)], scls(rows));
    expect(node.calls).toEqual([`31 crash ${name(topology.nodeOf(0, 3))}`, `36 restart ${name(topology.nodeOf(0, 3))}`]);
    expect(node.ran).toEqual([`31 crash node:${topology.storageNodes.findIndex((h) => h.id === topology.nodeOf(0, 3))} for 5`]);
    const leading = run([], [triggered('disk-loss', { kind: 'relative', relative: 'leading' }, lag(500))], scls(rows));
    expect(leading.calls).toEqual(['31 wipe pg:0/segment:0']);
  });

  it('lag `for`: only a lag that lasts that long, from when it began', () => {
    const spec = triggered('disk-loss', { kind: 'relative', relative: 'lagging' }, lag(500, 30));
    const brief = [[10, 600, 600, 600, 0, 600, 600], [25, 600, 600, 600, 600, 600, 600], [100, 1300, 1300, 1300, 600, 1300, 1300]];
    expect(run([], [spec], scls(brief)).calls).toEqual(['131 wipe pg:0/segment:3']);
  });

  it('lag: an empty segment (wiped, or new in a repair) is being repaired, not lagging', () => {
    const spec = triggered('disk-loss', { kind: 'relative', relative: 'lagging' }, lag(500));
    const { calls } = run([], [spec], (at, trace) => {
      scls([[10, 100, 100, 100, 100, 100, 100]])(at, trace);
      at(15, () => trace.emit('segment.wipe', 0, 2));
      scls([[20, 400, 400, 0, 400, 400, 400], [30, 700, 700, 0, 700, 700, 700]])(at, trace);
    });
    expect(calls).toEqual([]);
  });
});

describe('triggered faults: dropped at their start', () => {
  it('drops a fault on a host another fault holds, and listens again', () => {
    const { ran } = run([timed('crash', writer, 0, 100)], [triggered('crash', writer, on('recovery.start'), 10)], recoveryAt(50, 150));
    expect(ran).toEqual(['0 crash writer for 100', '151 crash writer for 10']);
  });

  it('holds a fault to the failure model when asked (chaos asks for every one it arms), counting timed faults still to come', () => {
    const node = (index: number): Selector => ({ kind: 'node', index });
    // node:0 is in AZ a, node:1 in b, node:2 in c: two more AZs than one would be beyond AZ+1.
    const faults = [timed('crash', node(1), 0, 1_000), timed('crash', node(2), 500, 1_000)];
    const chaosArmed = triggered('crash', node(0), on('recovery.start'), 1_000, true);
    expect(run(faults, [chaosArmed], recoveryAt(100)).ran).toEqual(['0 crash node:1 for 1000', '500 crash node:2 for 1000']);
    const scenarios = triggered('crash', node(0), on('recovery.start'), 1_000, false);
    expect(run(faults, [scenarios], recoveryAt(100)).ran).toContain('101 crash node:0 for 1000');
    const short = triggered('crash', node(0), on('recovery.start'), 300, true);
    expect(run(faults, [short], recoveryAt(100)).ran).toContain('101 crash node:0 for 300');
  });
});
