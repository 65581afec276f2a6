/**
 * Distributions: every sampler draws non-negative integers with the analytic mean and the
 * quantiles of its CDF (tolerances of 5 standard errors at 200k draws); the CDFs are exact at
 * known quantiles; clamps put their mass where the header of distribution.ts says; golden draws
 * from a fixed seed detect drift across Node versions.
 */
import { describe, expect, it } from 'vitest';
import { SimulatorBug } from './assert.ts';
import { distributionCdf, distributionMean, erfc, makeSampler, MAX_DRAW, Z99 } from './distribution.ts';
import type { DistributionSpec } from './distribution-spec.ts';
import { pow } from './detmath.ts';
import { fastExp } from './fast-exp.ts';
import { Rng } from './rng.ts';
import { standardExponential, standardNormal } from './ziggurat.ts';
import { countAtOrBelow } from '../testing/sorted-count.ts';

const DRAWS = 200_000;

function draw(spec: DistributionSpec, parent: Rng, name: string, n: number): number[] {
  const sample = makeSampler(spec, parent, name);
  return Array.from({ length: n }, sample);
}

/** Unclamped specs with their analytic standard deviation (for sampling-error tolerances). */
const LN_SIGMA = Math.log(10) / Z99; // lognormal with p99 = 10 * median
const STATS_CASES: readonly { name: string; spec: DistributionSpec; sd: number }[] = [
  { name: 'constant', spec: { dist: 'constant', value: 250 }, sd: 0 },
  { name: 'uniform', spec: { dist: 'uniform', min: 100, max: 200 }, sd: Math.sqrt((101 * 101 - 1) / 12) },
  { name: 'exponential', spec: { dist: 'exponential', mean: 1000 }, sd: 1000 },
  { name: 'normal', spec: { dist: 'normal', mean: 1000, stddev: 200 }, sd: 200 },
  {
    name: 'lognormal by median and p99',
    spec: { dist: 'lognormal', median: 500, p99: 5000 },
    sd: 500 * Math.exp(LN_SIGMA ** 2 / 2) * Math.sqrt(Math.exp(LN_SIGMA ** 2) - 1),
  },
  {
    name: 'lognormal by mu and sigma',
    spec: { dist: 'lognormal', mu: 6, sigma: 0.5 },
    sd: Math.exp(6 + 0.125) * Math.sqrt(Math.exp(0.25) - 1),
  },
  { name: 'pareto', spec: { dist: 'pareto', scale: 100, shape: 3 }, sd: Math.sqrt((100 * 100 * 3) / (4 * 1)) },
  { name: 'empirical', spec: { dist: 'empirical', samples: [100, 200, 300, 5000] }, sd: Math.sqrt((1300 ** 2 + 1200 ** 2 + 1100 ** 2 + 3600 ** 2) / 4) },
];

describe('makeSampler: each distribution draws what its spec says (200k draws, 5 standard errors)', () => {
  for (const { name, spec, sd } of STATS_CASES) {
    describe(name, () => {
      const draws = draw(spec, Rng.root(2024), `stats/${name}`, DRAWS);
      const sorted = Float64Array.from(draws).sort();

      it('draws only non-negative integers', () => {
        expect(draws.filter((d) => !Number.isSafeInteger(d) || d < 0)).toEqual([]);
      });

      it('has the analytic mean', () => {
        const mean = draws.reduce((a, b) => a + b, 0) / DRAWS;
        // Rounding to integers moves a mean by less than 0.5 µs.
        expect(Math.abs(mean - distributionMean(spec))).toBeLessThan((5 * sd) / Math.sqrt(DRAWS) + 0.5);
      });

      it('has the quantiles of its CDF: P(draw <= k) = cdf(k + 0.5)', () => {
        const bad: string[] = [];
        for (const p of [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999]) {
          const k = sorted[Math.floor(p * DRAWS)]!;
          const observed = countAtOrBelow(sorted, k) / DRAWS;
          const expected = distributionCdf(spec, k + 0.5);
          const tolerance = 5 * Math.sqrt(Math.max(expected * (1 - expected), 1 / DRAWS) / DRAWS);
          if (Math.abs(observed - expected) > tolerance) bad.push(`p=${p} k=${k}: observed ${observed}, cdf ${expected}`);
        }
        expect(bad).toEqual([]);
      });
    });
  }
});

describe('distributionCdf is exact at known quantiles', () => {
  const near = (actual: number, expected: number, relative = 1e-13) =>
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));

  it('constant, uniform and empirical are steps at their integer values', () => {
    const constant: DistributionSpec = { dist: 'constant', value: 250 };
    expect([distributionCdf(constant, 249.9), distributionCdf(constant, 250)]).toEqual([0, 1]);
    const uniform: DistributionSpec = { dist: 'uniform', min: 100, max: 200 };
    expect([99.9, 100, 150.7, 200, 1e9].map((x) => distributionCdf(uniform, x))).toEqual([0, 1 / 101, 51 / 101, 1, 1]);
    const empirical: DistributionSpec = { dist: 'empirical', samples: [100, 200, 300, 5000] };
    expect([99, 100, 250, 5000].map((x) => distributionCdf(empirical, x))).toEqual([0, 0.25, 0.5, 1]);
  });

  it('exponential', () => {
    const spec: DistributionSpec = { dist: 'exponential', mean: 1000 };
    near(distributionCdf(spec, 1000 * 0.6931471805599453), 0.5);
    near(distributionCdf(spec, 1000 * 4.605170185988092), 0.99);
    expect(distributionCdf(spec, -1)).toBe(0);
  });

  it('normal, into both tails', () => {
    const spec: DistributionSpec = { dist: 'normal', mean: 1000, stddev: 200 };
    near(distributionCdf(spec, 1000), 0.5);
    near(distributionCdf(spec, 1000 + 200 * 1.2815515655446004), 0.9);
    near(distributionCdf(spec, 1000 - 200 * Z99), 0.01);
    near(1 - distributionCdf(spec, 2000), 2.866515718791939e-7, 1e-9); // 1 - Φ(5), limited by the subtraction
    near(distributionCdf(spec, 0), 2.866515718791939e-7); // Φ(-5)
    const wide: DistributionSpec = { dist: 'normal', mean: 1600, stddev: 200 };
    near(distributionCdf(wide, 0), 6.220960574271784e-16); // Φ(-8)
  });

  it('lognormal, by median and p99 and by mu and sigma', () => {
    const byQuantiles: DistributionSpec = { dist: 'lognormal', median: 500, p99: 5000 };
    near(distributionCdf(byQuantiles, 500), 0.5);
    near(distributionCdf(byQuantiles, 5000), 0.99);
    expect(distributionCdf(byQuantiles, 0)).toBe(0);
    const byMoments: DistributionSpec = { dist: 'lognormal', mu: 6, sigma: 0.5 };
    near(distributionCdf(byMoments, 403.4287934927351), 0.5);
  });

  it('pareto', () => {
    const spec: DistributionSpec = { dist: 'pareto', scale: 100, shape: 3 };
    near(distributionCdf(spec, 100 * 1.2599210498948732), 0.5);
    expect(distributionCdf(spec, 99.9)).toBe(0);
  });
});

describe('clamps', () => {
  it('min: no draw below it, and the mass below it lands on it', () => {
    const spec: DistributionSpec = { dist: 'exponential', mean: 1000, min: 100 };
    const draws = draw(spec, Rng.root(5), 'min', DRAWS);
    expect(draws.reduce((a, b) => Math.min(a, b))).toBe(100);
    expect(distributionCdf(spec, 99.9)).toBe(0);
    expect(Math.abs(distributionCdf(spec, 100) - 0.09516258196404043)).toBeLessThan(1e-15);
    const atMin = draws.filter((d) => d === 100).length / DRAWS;
    const expected = distributionCdf(spec, 100.5);
    expect(Math.abs(atMin - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / DRAWS));
  });

  it('a normal never goes below 0, and its CDF puts the negative mass at 0', () => {
    const spec: DistributionSpec = { dist: 'normal', mean: 100, stddev: 50 };
    const draws = draw(spec, Rng.root(5), 'floor', DRAWS);
    expect(draws.reduce((a, b) => Math.min(a, b))).toBe(0);
    expect(distributionCdf(spec, -0.1)).toBe(0);
    expect(Math.abs(distributionCdf(spec, 0) - 0.022750131948179207)).toBeLessThan(1e-15);
    const atZero = draws.filter((d) => d === 0).length / DRAWS;
    expect(Math.abs(atZero - 0.023295467750211822)).toBeLessThan(5 * Math.sqrt((0.0233 * 0.9767) / DRAWS));
  });

  it('a tail with no max never draws past MAX_DRAW (the loop must be able to hold the delay)', () => {
    const draws = draw({ dist: 'pareto', scale: 100, shape: 0.05 }, Rng.root(5), 'tail', 10_000);
    expect(draws.reduce((a, b) => Math.max(a, b))).toBe(MAX_DRAW);
  });

  it('pareto max: no draw above it, and the tail mass lands on it', () => {
    const spec: DistributionSpec = { dist: 'pareto', scale: 100, shape: 1.5, max: 1000 };
    const draws = draw(spec, Rng.root(5), 'max', DRAWS);
    expect(draws.reduce((a, b) => Math.max(a, b))).toBe(1000);
    expect(distributionCdf(spec, 1000)).toBe(1);
    const atMax = draws.filter((d) => d === 1000).length / DRAWS;
    const expected = 1 - distributionCdf(spec, 999.5);
    expect(Math.abs(atMax - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / DRAWS));
  });
});

describe('distributionMean', () => {
  it('is analytic, before clamping', () => {
    expect(distributionMean({ dist: 'lognormal', mu: 0, sigma: 1 })).toBeCloseTo(1.6487212707001282, 14);
    expect(distributionMean({ dist: 'lognormal', median: 500, p99: 5000 })).toBeCloseTo(500 * Math.exp(LN_SIGMA ** 2 / 2), 9);
    expect(distributionMean({ dist: 'pareto', scale: 100, shape: 3, max: 120 })).toBe(150);
    expect(distributionMean({ dist: 'pareto', scale: 100, shape: 1 })).toBe(Infinity);
    expect(distributionMean({ dist: 'exponential', mean: 700, min: 5000 })).toBe(700);
  });
});

describe('erfc (Cody)', () => {
  // Reference values from mpmath at 40 digits.
  const table: [number, number][] = [
    [-3, 1.9999779095030014],
    [-1, 1.8427007929497148],
    [-0.3, 1.3286267594591274],
    [0, 1],
    [1e-10, 0.9999999998871621],
    [0.25, 0.723673609831763],
    [0.46875, 0.507386526782062],
    [0.5, 0.47950012218695346],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3.5, 7.430983723414127e-7],
    [4, 1.541725790028002e-8],
    [4.5, 1.9661604415428875e-10],
    [6, 2.1519736712498913e-17],
    [10, 2.088487583762545e-45],
    [20, 5.395865611607901e-176],
    [26.5, 2.2109076642637343e-307],
  ];

  it('has a relative error below 2e-15 from the centre to deep in the tail', () => {
    const bad = table.filter(([x, ref]) => Math.abs(erfc(x) - ref) > 2e-15 * ref).map(([x, ref]) => `${x}: ${erfc(x)} vs ${ref}`);
    expect(bad).toEqual([]);
  });

  it('is 0 beyond the underflow point, 2 far left, and NaN for NaN', () => {
    expect([erfc(27), erfc(-30), erfc(Infinity), erfc(-Infinity)]).toEqual([0, 2, 0, 2]);
    expect(erfc(Number.NaN)).toBeNaN();
  });
});

describe('sampler mechanics', () => {
  it('normal, lognormal and exponential draws are one ziggurat deviate each, scaled and rounded (no state between draws)', () => {
    // 10,000 draws cross many of the blocks a sampler draws ahead: the values are those of
    // drawing one at a time from the same fork.
    const root = Rng.root(9);
    const normal = makeSampler({ dist: 'normal', mean: 1000, stddev: 200 }, root, 'normal');
    const lognormal = makeSampler({ dist: 'lognormal', mu: 6, sigma: 0.5 }, root, 'lognormal');
    const exponential = makeSampler({ dist: 'exponential', mean: 500 }, root, 'exponential');
    const [n, l, e] = ['normal', 'lognormal', 'exponential'].map((name) => Rng.root(9).fork(name)) as [Rng, Rng, Rng];
    for (let i = 0; i < 10_000; i++) {
      expect(normal()).toBe(Math.max(0, Math.floor(1000 + 200 * standardNormal(n) + 0.5)));
      expect(lognormal()).toBe(Math.floor(fastExp(6 + 0.5 * standardNormal(l)) + 0.5));
      expect(exponential()).toBe(Math.floor(500 * standardExponential(e) + 0.5));
    }
  });

  it('uniform, pareto and empirical draws, drawn ahead in blocks, are those of drawing one at a time', () => {
    const root = Rng.root(10);
    const uniform = makeSampler({ dist: 'uniform', min: 100, max: 199 }, root, 'uniform');
    const pareto = makeSampler({ dist: 'pareto', scale: 100, shape: 3, max: 5000 }, root, 'pareto');
    const empirical = makeSampler({ dist: 'empirical', samples: [7, 70, 700] }, root, 'empirical');
    const [u, p, e] = ['uniform', 'pareto', 'empirical'].map((name) => Rng.root(10).fork(name)) as [Rng, Rng, Rng];
    for (let i = 0; i < 1_000; i++) {
      expect(uniform()).toBe(100 + u.int(100));
      expect(pareto()).toBe(Math.min(5000, Math.floor(100 * pow(1 - p.float(), -1 / 3) + 0.5)));
      expect(empirical()).toBe([7, 70, 700][e.int(3)]);
    }
  });

  it('a sampler reads only its own fork: the parent stream draws the same with or without it', () => {
    const spec: DistributionSpec = { dist: 'exponential', mean: 500 };
    const untouched = Rng.root(12);
    const parent = Rng.root(12);
    const sample = makeSampler(spec, parent, 'latency');
    for (let i = 0; i < 200; i++) sample();
    expect(Array.from({ length: 10 }, () => parent.u32())).toEqual(Array.from({ length: 10 }, () => untouched.u32()));
  });

  it('samplers on different forks do not disturb each other, whatever the creation order', () => {
    const spec: DistributionSpec = { dist: 'lognormal', median: 300, p99: 3000 };
    const alone = draw(spec, Rng.root(11), 'link/a', 50);
    const root = Rng.root(11);
    const b = makeSampler(spec, root, 'link/b'); // created first, drawn in between
    const a = makeSampler(spec, root, 'link/a');
    const interleaved = Array.from({ length: 50 }, () => (b(), b(), a()));
    expect(interleaved).toEqual(alone);
  });

  it('rejects specs it cannot sample (a model bug: the scenario layer validates input)', () => {
    const bad: DistributionSpec[] = [
      { dist: 'exponential', mean: 0 },
      { dist: 'uniform', min: 10, max: 5 },
      { dist: 'uniform', min: 0.5, max: 5 },
      { dist: 'normal', mean: 1, stddev: -1 },
      { dist: 'lognormal', median: 500, p99: 100 },
      { dist: 'pareto', scale: 100, shape: 0 },
      { dist: 'empirical', samples: [] },
      { dist: 'exponential', mean: 10, min: 2.5 },
    ];
    for (const spec of bad) expect(() => makeSampler(spec, Rng.root(1), 'bad'), JSON.stringify(spec)).toThrow(SimulatorBug);
  });
});

describe('golden: the first 10 draws of each kind from root(42)/golden (detects drift across Node versions)', () => {
  const cases: [string, DistributionSpec, number[]][] = [
    ['constant', { dist: 'constant', value: 250 }, [250, 250, 250, 250, 250, 250, 250, 250, 250, 250]],
    ['uniform', { dist: 'uniform', min: 100, max: 200 }, [139, 179, 118, 114, 155, 113, 106, 159, 118, 183]],
    ['exponential', { dist: 'exponential', mean: 500, min: 100 }, [633, 557, 305, 204, 100, 565, 100, 308, 273, 247]],
    ['normal', { dist: 'normal', mean: 1000, stddev: 200 }, [1178, 834, 832, 971, 718, 936, 805, 1070, 1085, 1089]],
    ['lognormal by median and p99', { dist: 'lognormal', median: 500, p99: 5000 }, [1205, 220, 218, 434, 124, 363, 190, 708, 763, 777]],
    ['lognormal by mu and sigma', { dist: 'lognormal', mu: 6, sigma: 0.5 }, [629, 266, 265, 376, 200, 343, 248, 481, 499, 504]],
    ['pareto', { dist: 'pareto', scale: 100, shape: 1.5, max: 100_000 }, [166, 111, 132, 256, 160, 121, 189, 259, 317, 368]],
    ['empirical', { dist: 'empirical', samples: [100, 200, 300, 5000] }, [300, 5000, 200, 5000, 300, 100, 300, 100, 5000, 100]],
  ];
  for (const [name, spec, expected] of cases) {
    it(name, () => {
      expect(draw(spec, Rng.root(42), 'golden', 10)).toEqual(expected);
    });
  }
});
