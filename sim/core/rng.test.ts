/**
 * Rng: named streams are reproducible and independent of each other, of creation order and of
 * draws from the parent; the draws have the ranges and uniformity they promise; a golden list
 * pins the generator and the seed derivation.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SimulatorBug } from './assert.ts';
import { Rng } from './rng.ts';

function floats(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.float());
}

describe('Rng streams', () => {
  it('the same seed and name give the same sequence', () => {
    expect(floats(Rng.root(7).fork('net/link/a->b'), 20)).toEqual(floats(Rng.root(7).fork('net/link/a->b'), 20));
  });

  it('a number seed is its decimal string', () => {
    expect(floats(Rng.root(42).fork('x'), 5)).toEqual(floats(Rng.root('42').fork('x'), 5));
  });

  it('different names, and different root seeds, give different sequences', () => {
    const base = floats(Rng.root(7).fork('a'), 5);
    expect(floats(Rng.root(7).fork('b'), 5)).not.toEqual(base);
    expect(floats(Rng.root(8).fork('a'), 5)).not.toEqual(base);
    expect(floats(Rng.root(7), 5)).not.toEqual(base);
  });

  it('drawing from one fork does not shift another fork', () => {
    const root = Rng.root(7);
    const disk = root.fork('storage/node-1/disk');
    const net = root.fork('net');
    const interleaved: number[] = [];
    for (let i = 0; i < 10; i++) {
      interleaved.push(disk.float());
      net.float();
      net.float();
    }
    expect(interleaved).toEqual(floats(Rng.root(7).fork('storage/node-1/disk'), 10));
  });

  it('forks do not depend on creation order or on draws from the parent', () => {
    const first = Rng.root(7);
    const a1 = first.fork('a');
    const b1 = first.fork('b');
    const second = Rng.root(7);
    floats(second, 100); // the parent has moved on
    const b2 = second.fork('b');
    const a2 = second.fork('a');
    expect(floats(a2, 5)).toEqual(floats(a1, 5));
    expect(floats(b2, 5)).toEqual(floats(b1, 5));
  });

  it('a fork of a fork is the stream of the joined path', () => {
    const nested = Rng.root(7).fork('net').fork('link/a->b');
    expect(nested.name).toBe('net/link/a->b');
    expect(floats(nested, 5)).toEqual(floats(Rng.root(7).fork('net/link/a->b'), 5));
  });

  it('asserts that a seed and a name are present', () => {
    expect(() => Rng.root('')).toThrow(SimulatorBug);
    expect(() => Rng.root(1.5)).toThrow(SimulatorBug);
    expect(() => Rng.root(Number.NaN)).toThrow(SimulatorBug);
    expect(() => Rng.root(1).fork('')).toThrow(SimulatorBug);
  });

  it('golden: the first draws of root(42)/golden (detects generator or derivation drift)', () => {
    const rng = Rng.root(42).fork('golden');
    expect(floats(rng, 5)).toEqual([
      0.5304629853936004, 0.14188379167307452, 0.3409000427164369, 0.7556032395977883, 0.5040608856837253,
    ]);
    const u = Rng.root(42).fork('golden');
    expect(Array.from({ length: 5 }, () => u.u32())).toEqual([2278321174, 17349859, 609386245, 293485511, 1464154534]);
  });

  it('golden: 300k mixed float and u32 draws match seedrandom\'s own alea, bit for bit', () => {
    // The digest was computed with seedrandom.alea(seed).double() and .int32() >>> 0 on the same
    // stream seed: Rng steps alea itself, and must not drift from it anywhere in a long stream.
    const rng = Rng.root(42).fork('golden/long');
    const hash = createHash('sha256');
    const bytes = Buffer.alloc(8);
    for (let i = 0; i < 300_000; i++) {
      bytes.writeDoubleBE(i % 3 === 2 ? rng.u32() : rng.float());
      hash.update(bytes);
    }
    expect(hash.digest('hex')).toBe('818138ef4d0a3d20c2d967baa3831784bc8fa3bc1984f2559dc47b7eafa0db92');
  });
});

describe('Rng draws', () => {
  it('float() is in [0, 1) and carries more than 32 random bits', () => {
    const rng = Rng.root(1).fork('float');
    let outside = 0;
    let below32Bits = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.float();
      if (!(x >= 0 && x < 1)) outside++;
      if (!Number.isInteger(x * 4_294_967_296)) below32Bits++;
    }
    expect(outside).toBe(0);
    expect(below32Bits).toBeGreaterThan(9_900);
  });

  it('u32() is an unsigned 32-bit integer covering the whole range', () => {
    const rng = Rng.root(1).fork('u32');
    let outside = 0;
    let high = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.u32();
      if (!(Number.isInteger(x) && x >= 0 && x < 4_294_967_296)) outside++;
      if (x >= 2_147_483_648) high++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(high - 5_000)).toBeLessThan(5 * 50); // 5 standard errors
  });

  it('int(n) stays in [0, n) and hits every value', () => {
    const rng = Rng.root(1).fork('int');
    const counts = new Map<number, number>();
    for (let i = 0; i < 70_000; i++) {
      const k = rng.int(7);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const se = Math.sqrt(70_000 * (1 / 7) * (6 / 7));
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(5 * se);
  });

  it('int(n) is unbiased where a plain modulo would not be', () => {
    // n = 3 * 2^30: u32 % n would put half the mass, instead of a third, below 2^30.
    const rng = Rng.root(1).fork('int-bias');
    const n = 3 * 1_073_741_824;
    const draws = 30_000;
    let low = 0;
    for (let i = 0; i < draws; i++) if (rng.int(n) < 1_073_741_824) low++;
    const se = Math.sqrt(draws * (1 / 3) * (2 / 3));
    expect(Math.abs(low - draws / 3)).toBeLessThan(5 * se);
  });

  it('int(n) rejects sizes it cannot draw uniformly', () => {
    const rng = Rng.root(1);
    expect(() => rng.int(0)).toThrow(SimulatorBug);
    expect(() => rng.int(2.5)).toThrow(SimulatorBug);
    expect(() => rng.int(4_294_967_297)).toThrow(SimulatorBug);
    expect(rng.int(1)).toBe(0);
  });

  it('chance(p) is true with probability p, never for 0, always for 1', () => {
    const rng = Rng.root(1).fork('chance');
    let hits = 0;
    let wrong = 0;
    for (let i = 0; i < 40_000; i++) {
      if (rng.chance(0.25)) hits++;
      if (rng.chance(0) || !rng.chance(1)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(Math.abs(hits - 10_000)).toBeLessThan(5 * Math.sqrt(40_000 * 0.25 * 0.75));
  });
});
