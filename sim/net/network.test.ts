/**
 * The network under faults: link effects (block, extra latency, loss, duplication, jitter,
 * a bandwidth cut) combine and undo exactly; a down host neither sends nor receives, not even
 * what was in flight; a paused host receives late but in order. A fault-free link draws the same as it
 * did before faults existed, so fault-free traces keep their hashes.
 */
import { describe, expect, it } from 'vitest';
import { Loop } from '../core/loop.ts';
import { Rng } from '../core/rng.ts';
import { Trace } from '../core/trace.ts';
import { TRACE_KINDS } from '../protocol/trace-kinds.ts';
import { Topology } from '../topology/topology.ts';
import { combineEffects, MAX_BANDWIDTH_DIVISOR } from './link-effect.ts';
import { Network, type NetworkOptions } from './network.ts';

const CONSTANT: NetworkOptions = {
  sameAz: { dist: 'constant', value: 100 },
  crossAz: { dist: 'constant', value: 500 },
  bandwidthBitsPerSecond: 8_000_000, // one byte per µs
  loss: 0,
  headerBytes: 0,
};

/** A 3-AZ cluster; hosts 0 writer, 1-2 replicas, 3-8 storage nodes. */
function world(options: NetworkOptions = CONSTANT, seed = 1) {
  const loop = new Loop();
  const trace = new Trace(loop, TRACE_KINDS, { keepLines: true });
  const topology = new Topology({ azs: 3, segmentsPerAz: 2, protectionGroups: 1, storageNodes: 6, replicas: 2, writerAz: 0 });
  const net = new Network(loop, Rng.root(seed).fork('net'), trace, topology, options);
  const got: string[] = [];
  for (const host of topology.hosts) net.attach(host.id, (message: string, from: number) => got.push(`${loop.now} ${from}->${host.id} ${message}`));
  const at = (time: number, fn: () => void) => loop.at(time, fn);
  const run = () => loop.run({ until: Infinity, maxEvents: 100_000 });
  const drops = () => (trace.keptLines() ?? []).filter((l) => l.includes('net.drop'));
  return { loop, net, got, at, run, drops };
}

// Host 0 (writer, AZ a) and host 3 (node-0, AZ a): same AZ, 100 µs; host 4 (node-1) is in AZ b.
const WRITER = 0;
const NODE0 = 3;
const NODE1 = 4;

describe('link effects', () => {
  it('a blocked link drops every message, counts it and traces net.drop', () => {
    const w = world();
    w.net.addLinkEffect(WRITER, NODE0, { block: true });
    w.net.send(WRITER, NODE0, 10, 'lost');
    w.net.send(NODE0, WRITER, 10, 'other direction');
    w.run();
    expect(w.got).toEqual(['110 3->0 other direction']);
    expect(w.net.dropped).toBe(1);
    expect(w.drops()).toEqual(['0 net.drop 0 3 10']);
  });

  it('removing the effect restores the link', () => {
    const w = world();
    const handle = w.net.addLinkEffect(WRITER, NODE0, { block: true });
    w.net.removeLinkEffect(handle);
    w.net.send(WRITER, NODE0, 10, 'm');
    w.run();
    expect(w.got).toEqual(['110 0->3 m']);
  });

  it('extra latency adds up over overlapping effects', () => {
    const w = world();
    w.net.addLinkEffect(WRITER, NODE1, { extraLatency: 1_000 });
    w.net.addLinkEffect(WRITER, NODE1, { extraLatency: 2_000 });
    w.net.send(WRITER, NODE1, 10, 'late');
    w.run();
    expect(w.got).toEqual(['3510 0->4 late']);
  });

  it('a latency spike shifts each delivery by exactly the extra, drawing nothing else from the link', () => {
    const lognormal: NetworkOptions = { ...CONSTANT, crossAz: { dist: 'lognormal', median: 500, p99: 2_000 } };
    const times = (extra: number) => {
      const w = world(lognormal);
      if (extra > 0) w.net.addLinkEffect(WRITER, NODE1, { extraLatency: extra });
      for (let i = 0; i < 20; i++) w.net.send(WRITER, NODE1, 1, String(i));
      w.run();
      return w.got.map((line) => Number(line.split(' ')[0])).sort((a, b) => a - b);
    };
    expect(times(5_000)).toEqual(times(0).map((t) => t + 5_000));
  });

  it('loss 1 drops everything; duplication 1 delivers every message twice', () => {
    const w = world();
    w.net.addLinkEffect(WRITER, NODE0, { loss: 1 });
    w.net.addLinkEffect(NODE0, WRITER, { duplicate: 1 });
    w.net.send(WRITER, NODE0, 10, 'lost');
    w.net.send(NODE0, WRITER, 10, 'twice');
    w.run();
    expect(w.got).toEqual(['110 3->0 twice', '110 3->0 twice']);
    expect(w.net.dropped).toBe(1);
  });

  it('jitter lets later messages overtake earlier ones on one link', () => {
    const w = world();
    w.net.addLinkEffect(WRITER, NODE0, { jitter: 10_000 });
    for (let i = 0; i < 20; i++) w.net.send(WRITER, NODE0, 1, String(i));
    w.run();
    const order = w.got.map((line) => Number(line.split(' ').at(-1)));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(order.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('combines loss and duplication as independent chances', () => {
    const c = combineEffects([{ loss: 0.5 }, { loss: 0.5, duplicate: 0.5 }, { jitter: 3, extraLatency: 4 }, { jitter: 2 }]);
    expect(c).toEqual({ block: false, extraLatency: 4, loss: 0.75, duplicate: 0.5, jitter: 5, bandwidthDivisor: 1 });
  });
});

describe('a bandwidth cut', () => {
  /** When the last of ten 1,000-byte messages sent at once to node-0 arrives (1 byte per µs, 100 µs away). */
  function transfer(effects: { bandwidthDivisor: number }[], removeAt?: number) {
    const w = world();
    const handles = effects.map((e) => w.net.addLinkEffect(WRITER, NODE0, e));
    if (removeAt !== undefined) w.at(removeAt, () => handles.forEach((h) => w.net.removeLinkEffect(h)));
    w.at(removeAt ?? 0, () => {
      for (let i = 0; i < 10; i++) w.net.send(WRITER, NODE0, 1_000, String(i));
    });
    w.run();
    return Number(w.got.at(-1)!.split(' ')[0]) - (removeAt ?? 0);
  }

  it('makes a transfer take `factor` times as long on the wire', () => {
    expect(transfer([])).toBe(10_000 + 100);
    expect(transfer([{ bandwidthDivisor: 10 }])).toBe(100_000 + 100);
  });

  it('multiplies with another cut, up to the largest divisor, and undoes exactly', () => {
    expect(transfer([{ bandwidthDivisor: 2 }, { bandwidthDivisor: 5 }])).toBe(100_000 + 100);
    expect(combineEffects([{ bandwidthDivisor: 1e4 }, { bandwidthDivisor: 1e4 }]).bandwidthDivisor).toBe(MAX_BANDWIDTH_DIVISOR);
    expect(transfer([{ bandwidthDivisor: 10 }], 50)).toBe(10_000 + 100);
  });

  it('slows only its own direction', () => {
    const w = world();
    w.net.addLinkEffect(WRITER, NODE0, { bandwidthDivisor: 10 });
    w.net.send(NODE0, WRITER, 1_000, 'back');
    w.run();
    expect(w.got).toEqual(['1100 3->0 back']);
  });
});

describe('a fault on one link', () => {
  it('leaves every other link drawing exactly what it drew without the fault', () => {
    const lossy: NetworkOptions = { ...CONSTANT, loss: 0.3, sameAz: { dist: 'exponential', mean: 100 } };
    const others = (withFault: boolean) => {
      const w = world(lossy, 7);
      if (withFault) w.net.addLinkEffect(WRITER, NODE0, { loss: 0.5, duplicate: 0.5, jitter: 50 });
      for (let i = 0; i < 50; i++) {
        w.net.send(WRITER, NODE0, 1, `f${i}`);
        w.net.send(NODE0, WRITER, 1, `o${i}`);
      }
      w.run();
      return w.got.filter((line) => line.includes('3->0'));
    };
    expect(others(true)).toEqual(others(false));
  });
});

describe('hosts down and paused', () => {
  it('a down host sends nothing and receives nothing', () => {
    const w = world();
    w.net.setHostDown(NODE0, true);
    w.net.send(NODE0, WRITER, 10, 'from down');
    w.net.send(WRITER, NODE0, 10, 'to down');
    w.run();
    expect(w.got).toEqual([]);
    expect(w.net.dropped).toBe(2);
  });

  it('drops messages in flight when they arrive at a host that went down, even if it is back', () => {
    const w = world();
    w.net.send(WRITER, NODE0, 10, 'in flight');
    w.net.send(WRITER, NODE1, 10, 'in flight, host back');
    w.at(50, () => {
      w.net.setHostDown(NODE0, true);
      w.net.setHostDown(NODE1, true);
    });
    w.at(60, () => {
      w.net.setHostDown(NODE1, false);
      w.net.send(WRITER, NODE1, 10, 'after restart');
    });
    w.run();
    expect(w.got).toEqual(['570 0->4 after restart']);
    expect(w.drops()).toEqual(['110 net.drop 0 3 10', '510 net.drop 0 4 10']);
  });

  it('holds messages at a paused host and delivers them in order when it resumes', () => {
    const w = world();
    w.net.setHostPaused(NODE0, true);
    for (const m of ['a', 'b', 'c']) w.net.send(WRITER, NODE0, 1, m);
    w.at(5_000, () => w.net.setHostPaused(NODE0, false));
    w.run();
    expect(w.got).toEqual(['5000 0->3 a', '5000 0->3 b', '5000 0->3 c']);
  });

  it('a paused host that goes down loses what it held', () => {
    const w = world();
    w.net.setHostPaused(NODE0, true);
    w.net.send(WRITER, NODE0, 1, 'held');
    w.at(1_000, () => w.net.setHostDown(NODE0, true));
    w.at(2_000, () => w.net.setHostDown(NODE0, false));
    w.run();
    expect(w.got).toEqual([]);
    expect(w.net.dropped).toBe(1);
  });

  it('refuses to pause a host that is down (a crashed process cannot also pause)', () => {
    const w = world();
    w.net.setHostDown(NODE0, true);
    expect(() => w.net.setHostPaused(NODE0, true)).toThrow(/is down/);
  });
});
