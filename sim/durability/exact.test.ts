/**
 * The exact loss probabilities against closed forms that need no chain, from ordinary
 * probabilities up to the rare-event range where the Monte Carlo needs importance sampling.
 */
import { describe, expect, it } from 'vitest';
import { buildChain } from './chain.ts';
import { exactLoss } from './exact.ts';
import { layoutProblems, lumpedStateBound, missionRates, PRESETS, type FailureRates, type Layout } from './model.ts';

const HOUR = 3_600_000_000;
const YEAR = 8760 * HOUR;

function rates(partial: Partial<FailureRates>): FailureRates {
  return { segmentMtbf: Infinity, azMtbf: Infinity, mttr: HOUR, azRestore: HOUR, mission: YEAR, ...partial };
}

/** |a - b| / b. */
const relative = (a: number, b: number): number => Math.abs(a - b) / b;

/** 1 - e^-x without cancellation. */
const lossWithin = (x: number): number => -Math.expm1(-x);

/**
 * Two copies, either enough, each failing at λ and repaired at μ (states: both up, one up,
 * lost). The survival is (r1 e^(r2 t) - r2 e^(r1 t)) / (r1 - r2), r1 and r2 the roots of
 * s^2 + (3λ + μ) s + 2λ^2; the loss is written without cancelling terms, so it holds at 1e-12.
 */
function mirroredLoss(lambda: number, mu: number, t: number): number {
  const b = 3 * lambda + mu;
  const r2 = (-b - Math.sqrt(b * b - 8 * lambda * lambda)) / 2;
  const r1 = (2 * lambda * lambda) / r2;
  return (r1 * lossWithin(-r2 * t) - r2 * -Math.expm1(r1 * t)) / (r1 - r2);
}

describe('the exact loss probability against closed forms', () => {
  const single: Layout = { azs: 1, segmentsPerAz: 1, write: 1, read: 1 };

  it.each([1e-10, 1e-6, 1e-3, 0.5, 3])('one segment without repair is lost with probability 1 - e^(-λT) (λT = %s)', (lambdaT) => {
    const p = exactLoss(single, rates({ segmentMtbf: YEAR / lambdaT })).read;
    expect(relative(p, lossWithin(lambdaT))).toBeLessThan(1e-12);
  });

  it('an AZ outage alone takes the copies out of reach with probability 1 - e^(-λ_az T)', () => {
    const p = exactLoss(single, rates({ azMtbf: 20 * YEAR })).read;
    expect(relative(p, lossWithin(1 / 20))).toBeLessThan(1e-12);
  });

  it('a write needing every copy of an AZ is lost at the first of their failures or the AZ', () => {
    const layout: Layout = { azs: 1, segmentsPerAz: 3, write: 3, read: 1 };
    const p = exactLoss(layout, rates({ segmentMtbf: 2 * YEAR, azMtbf: 10 * YEAR, mttr: 600_000_000 })).write;
    expect(relative(p, lossWithin(3 / 2 + 1 / 10))).toBeLessThan(1e-12);
  });

  it.each([
    ['ordinary', 30 * 24 * HOUR, 24 * HOUR],
    ['stiff, near 1e-8', 100 * YEAR, HOUR],
    ['stiff, near 1e-9', 100 * YEAR, 10 * 60_000_000],
  ])('two mirrored copies with repair match the two-exponential closed form (%s)', (_, mtbf, mttr) => {
    const expected = mirroredLoss(YEAR / mtbf, YEAR / mttr, 1);
    for (const layout of [
      { azs: 2, segmentsPerAz: 1, write: 2, read: 1 },
      { azs: 1, segmentsPerAz: 2, write: 2, read: 1 },
    ]) {
      expect(relative(exactLoss(layout, rates({ segmentMtbf: mtbf, mttr })).read, expected)).toBeLessThan(1e-9);
    }
  });

  it('reaches 1e-9 in the stiff case without losing digits', () => {
    expect(mirroredLoss(1 / 100, 8760 * 6, 1)).toBeGreaterThan(1e-9);
    expect(mirroredLoss(1 / 100, 8760 * 6, 1)).toBeLessThan(1e-8);
  });
});

describe('the chain', () => {
  const aurora = PRESETS.find((p) => p.name === 'aurora-6-4-3')!.layout;
  const realistic = rates({ segmentMtbf: YEAR, azMtbf: 50 * YEAR, mttr: HOUR, azRestore: 4 * HOUR });

  it('lumped by the symmetry of the AZs, gives what the chain of every labelled state gives', () => {
    const lumped = exactLoss(aurora, realistic);
    const labelled = exactLoss(aurora, realistic, { lump: false });
    expect(relative(lumped.write, labelled.write)).toBeLessThan(1e-10);
    expect(relative(lumped.read, labelled.read)).toBeLessThan(1e-10);
  });

  it("shrinks Aurora's read-quorum chain to the 56 multisets of AZ states, less those already lost", () => {
    const chain = buildChain(aurora, missionRates(realistic), 3);
    expect(lumpedStateBound(aurora)).toBe(56);
    expect(chain.states).toBeLessThan(56);
    expect(buildChain(aurora, missionRates(realistic), 3, { lump: false }).states).toBeGreaterThan(chain.states);
  });

  it('loses the read quorum no more often than the write quorum when Vr <= Vw', () => {
    for (const { layout } of PRESETS) {
      const p = exactLoss(layout, realistic);
      expect(p.read).toBeLessThanOrEqual(p.write);
    }
  });

  it("puts Aurora's AZ+1 layout orders of magnitude below three copies (the paper's argument for six)", () => {
    const three = PRESETS.find((p) => p.name === 'three-copy-2-2')!.layout;
    expect(exactLoss(aurora, realistic).read * 100).toBeLessThan(exactLoss(three, realistic).read);
  });

  it('refuses layouts whose chain is too large for the exact computation', () => {
    expect(layoutProblems({ azs: 4, segmentsPerAz: 3, write: 7, read: 6 })).toEqual([
      '4 AZs of 3 segments make up to 330 states, more than the exact computation takes (300)',
    ]);
    expect(layoutProblems({ azs: 3, segmentsPerAz: 2, write: 7, read: 0 })).toEqual([
      'the write quorum must be a whole number from 1 to 6, got 7',
      'the read quorum must be a whole number from 1 to 6, got 0',
    ]);
  });
});
