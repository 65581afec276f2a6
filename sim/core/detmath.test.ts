/**
 * detmath: log, exp and pow agree with the engine's Math functions within 1 ulp over wide sweeps
 * (subnormals, edges and special values included), and golden bit patterns pin the exact results,
 * so any change in the implementation (or a port that drifts) shows up here.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exp, log, pow } from './detmath.ts';
import { Rng } from './rng.ts';
import { bitsHex, fromBits, ulpDistance } from '../testing/float-bits.ts';

/** Finds the inputs where `mine` and `reference` are more than 1 ulp apart (at most 5 listed). */
function disagreements(inputs: Iterable<number>, mine: (x: number) => number, reference: (x: number) => number): string[] {
  const bad: string[] = [];
  for (const x of inputs) {
    const d = ulpDistance(mine(x), reference(x));
    if (d > 1 && bad.length < 5) bad.push(`x=${x}: ${mine(x)} vs ${reference(x)} (${d} ulp)`);
  }
  return bad;
}

/** Random doubles of every magnitude (raw bit patterns), from a fixed stream. */
function* randomBitPatterns(name: string, count: number): Generator<number> {
  const rng = Rng.root('detmath-sweep').fork(name);
  for (let i = 0; i < count; i++) yield fromBits(rng.u32(), rng.u32());
}

function* uniformIn(name: string, lo: number, hi: number, count: number): Generator<number> {
  const rng = Rng.root('detmath-sweep').fork(name);
  for (let i = 0; i < count; i++) yield lo + (hi - lo) * rng.float();
}

function* nearOne(): Generator<number> {
  for (let k = -2_000; k <= 2_000; k++) yield 1 + k * 2 ** -52;
}

function* subnormals(): Generator<number> {
  for (let k = 1; k < 2_000; k++) yield k * 5e-324;
  for (let e = 1; e <= 52; e++) yield 2 ** -1022 * 2 ** -e * 1.5;
}

const SPECIALS = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 0.1, Infinity, -Infinity, Number.NaN, 5e-324, -5e-324, Number.MAX_VALUE, 2 ** 53, 2 ** 53 + 2, 2 ** 31 + 1];

describe('detmath.log', () => {
  it('agrees with Math.log within 1 ulp over random doubles of every magnitude and sign', () => {
    expect(disagreements(randomBitPatterns('log', 200_000), log, Math.log)).toEqual([]);
  });

  it('agrees within 1 ulp near 1, on subnormals and on the reduction boundaries', () => {
    expect(disagreements(nearOne(), log, Math.log)).toEqual([]);
    expect(disagreements(subnormals(), log, Math.log)).toEqual([]);
    expect(disagreements(uniformIn('log-sqrt2', 0.7, 1.5, 50_000), log, Math.log)).toEqual([]);
  });

  it('handles 0, 1, Infinity, NaN and negatives as IEEE and ECMAScript say', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-0)).toBe(-Infinity);
    expect(Object.is(log(1), 0)).toBe(true);
    expect(log(Infinity)).toBe(Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(-Infinity)).toBeNaN();
    expect(log(-5e-324)).toBeNaN();
    expect(log(Number.NaN)).toBeNaN();
  });
});

describe('detmath.exp', () => {
  it('agrees with Math.exp within 1 ulp over its whole finite range', () => {
    expect(disagreements(uniformIn('exp-range', -746, 710, 200_000), exp, Math.exp)).toEqual([]);
    expect(disagreements(uniformIn('exp-small', -1.1, 1.1, 50_000), exp, Math.exp)).toEqual([]);
    expect(disagreements(randomBitPatterns('exp', 50_000), exp, Math.exp)).toEqual([]);
  });

  it('agrees within 1 ulp on the overflow, underflow and subnormal-result edges', () => {
    const edges = [709.782712893384, 709.7827128933841, -708.39, -708.4, -744.44, -745.1332191019411, -745.1332191019412, -745.2];
    expect(disagreements(edges, exp, Math.exp)).toEqual([]);
    expect(disagreements(uniformIn('exp-subnormal', -745.2, -708, 20_000), exp, Math.exp)).toEqual([]);
  });

  it('handles 0, tiny, Infinity and NaN', () => {
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    expect(exp(5e-324)).toBe(1);
    expect(exp(1)).toBe(2.718281828459045);
    expect(exp(Infinity)).toBe(Infinity);
    expect(Object.is(exp(-Infinity), 0)).toBe(true);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    expect(exp(Number.NaN)).toBeNaN();
  });
});

describe('detmath.pow', () => {
  it('agrees with Math.pow within 1 ulp on random bases and exponents', () => {
    const rng = Rng.root('detmath-sweep').fork('pow');
    const bad: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const x = rng.float() * 100 * 2 ** (rng.int(200) - 100);
      const y = (rng.float() - 0.5) * 40;
      const d = ulpDistance(pow(x, y), Math.pow(x, y));
      if (d > 1 && bad.length < 5) bad.push(`${x} ** ${y}: ${pow(x, y)} vs ${Math.pow(x, y)}`);
    }
    expect(bad).toEqual([]);
  });

  it('agrees within 1 ulp for huge exponents of bases near 1, and negative bases', () => {
    const rng = Rng.root('detmath-sweep').fork('pow-near-one');
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = 1 + (rng.float() - 0.5) * 1e-7;
      const y = (rng.float() - 0.5) * 2e9;
      const base = -1 - rng.int(50) * 0.25;
      const n = rng.int(60) - 30;
      for (const [a, b] of [[x, y], [base, n]] as const) {
        if (ulpDistance(pow(a, b), Math.pow(a, b)) > 1 && bad.length < 5) bad.push(`${a} ** ${b}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('matches Math.pow exactly on every pair of special values (zeros, infinities, NaN, +-1, odd/even integers)', () => {
    const bad: string[] = [];
    for (const x of SPECIALS) {
      for (const y of SPECIALS) {
        const mine = pow(x, y);
        const ref = Math.pow(x, y);
        const exact = Object.is(mine, ref) || (Number.isNaN(mine) && Number.isNaN(ref));
        if (!exact && ulpDistance(mine, ref) > 1) bad.push(`${x} ** ${y}: ${mine} vs ${ref}`);
        if (!Number.isFinite(ref) || ref === 0) {
          if (!exact) bad.push(`${x} ** ${y}: ${mine} vs ${ref} (must be exact)`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('is exact for representable integer powers and subnormal results', () => {
    expect(pow(3, 20)).toBe(3_486_784_401);
    expect(pow(10, 15)).toBe(1e15);
    expect(pow(2, -1074)).toBe(5e-324);
    expect(pow(-2, 63)).toBe(-9_223_372_036_854_775_808);
    expect(pow(0.5, 1075)).toBe(0);
  });
});

describe('detmath golden bits (a change in the implementation shows up here)', () => {
  const golden = (f: (...args: number[]) => number, cases: readonly (readonly [number[], string])[]) =>
    cases.map(([args]) => [args, bitsHex(f(...args))]);

  it('log', () => {
    const cases: [number[], string][] = [
      [[5e-324], 'c0874385446d71c3'],
      [[1e-310], 'c0864e69394d9508'],
      [[0.1], 'c0026bb1bbb55515'],
      [[0.5], 'bfe62e42fefa39ef'],
      [[0.9999999999999999], 'bca0000000000000'],
      [[1.0000000000000002], '3cafffffffffffff'],
      [[2], '3fe62e42fefa39ef'],
      [[2.718281828459045], '3ff0000000000000'],
      [[10], '40026bb1bbb55516'],
      [[123456.789], '40277281cad8a844'],
      [[1e300], '4085963447f87fb5'],
      [[Number.MAX_VALUE], '40862e42fefa39ef'],
    ];
    expect(golden(log, cases)).toEqual(cases);
  });

  it('exp', () => {
    const cases: [number[], string][] = [
      [[-745], '0000000000000001'],
      [[-700], '00d14f2b0fb9307f'],
      [[-1], '3fd78b56362cef38'],
      [[-1e-10], '3feffffffff24190'],
      [[1e-300], '3ff0000000000000'],
      [[0.5], '3ffa61298e1e069c'],
      [[1], '4005bf0a8b145769'],
      [[2.5], '40285d6fd931e0bb'],
      [[10], '40d5829dcf950560'],
      [[100], '48f3494a9b171bf5'],
      [[709.7], '7fed75ae7a50ee14'],
    ];
    expect(golden(exp, cases)).toEqual(cases);
  });

  it('pow', () => {
    const cases: [number[], string][] = [
      [[2, 10], '4090000000000000'],
      [[10, -3], '3f50624dd2f1a9fc'],
      [[0.5, 1074], '0000000000000001'],
      [[1.0000001, 1e9], '48f349445c228792'],
      [[3.7, 2.2], '4031c8dab7831d80'],
      [[1e-5, 0.3], '3fa030dc4ea03a73'],
      [[123.456, -7.89], '3c8224ec1169f129'],
      [[-2, 3], 'c020000000000000'],
      [[-2.5, -4], '3f9a36e2eb1c432d'],
      [[0.999, -5e5], '6d0a24fd12ab6c46'],
      [[7, 1 / 3], '3ffe9b5dba58189d'],
    ];
    expect(golden(pow, cases)).toEqual(cases);
  });

  it('every bit of 80k results (a digest over a fixed sweep of each function)', () => {
    const rng = Rng.root('detmath-golden').fork('digest');
    const hash = createHash('sha256');
    for (let i = 0; i < 20_000; i++) {
      const x = rng.float() * 2 ** (rng.int(100) - 50);
      const y = (rng.float() - 0.5) * 64;
      const nearOne = 1 + (rng.float() - 0.5) * 1e-7;
      const huge = (rng.float() - 0.5) * 2e10; // |y| > 2^31: pow's other branch
      hash.update(bitsHex(log(x)) + bitsHex(exp(y * 11)) + bitsHex(pow(x, y)) + bitsHex(pow(nearOne, huge)));
    }
    expect(hash.digest('hex')).toBe('358682fe3d292a24fe417f6a17b7880e26f9df99348f467b942e1a0bccffecdc');
  });
});
