/**
 * fastExp: within 1 ulp of detmath.exp (itself within 1 ulp of e^x) over the range a lognormal
 * draw needs and beyond, with a relative error bound; golden bit patterns (each the correctly
 * rounded e^x, from mpmath) pin the exact results; out-of-range inputs defer to detmath.exp.
 */
import { describe, expect, it } from 'vitest';
import { exp } from './detmath.ts';
import { fastExp } from './fast-exp.ts';
import { Rng } from './rng.ts';
import { bitsHex, ulpDistance } from '../testing/float-bits.ts';

describe('fastExp', () => {
  it('is within 1 ulp (relative error < 2.3e-16) of detmath.exp over [-50, 50] and (-708, 708)', () => {
    const rng = Rng.root('fast-exp').fork('sweep');
    let worstUlp = 0;
    let worstRelative = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const x = i % 10 === 0 ? 1416 * rng.float() - 708 : 100 * rng.float() - 50;
      const mine = fastExp(x);
      const reference = exp(x);
      worstUlp = Math.max(worstUlp, ulpDistance(mine, reference));
      worstRelative = Math.max(worstRelative, Math.abs(mine - reference) / reference);
    }
    expect(worstUlp).toBeLessThanOrEqual(1);
    expect(worstRelative).toBeLessThan(2.3e-16);
  });

  it('golden bits (each the correctly rounded e^x)', () => {
    const golden: [number, string][] = [
      [-700, '00d14f2b0fb9307f'],
      [-20.5, '3e157a3afeed00ab'],
      [-1, '3fd78b56362cef38'],
      [-0.3, '3fe7b4c869c37c05'],
      [0, '3ff0000000000000'],
      [1e-10, '3ff000000006df38'],
      [0.5, '3ffa61298e1e069c'],
      [1, '4005bf0a8b145769'],
      [6.214608098422191, '407f3ffffffffffd'], // ln(500), rounded
      [10, '40d5829dcf950560'],
      [50.25, '44768e4824f25e63'],
      [707.5, '7fba1d2317f485aa'],
    ];
    expect(golden.map(([x]) => [x, bitsHex(fastExp(x))])).toEqual(golden);
  });

  it('defers to detmath.exp outside (-708, 708): overflow, underflow, subnormals, infinities, NaN', () => {
    for (const x of [708, 709.7, 710, -708, -740, -745.2, -746, Infinity, -Infinity]) expect(fastExp(x), String(x)).toBe(exp(x));
    expect(fastExp(Number.NaN)).toBeNaN();
  });
});
