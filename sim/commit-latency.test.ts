/**
 * Commit latency against its analytic value (issue acceptance): with no contention a commit
 * is acknowledged when the 4th of its six segments' acknowledgements arrives, so its latency
 * is the 4th order statistic of six independent (link + disk + link) sums, two of them over
 * same-AZ links and four cross-AZ. The distribution of that order statistic is computed here
 * by numeric convolution of the rounded draws' probability mass functions and a
 * Poisson-binomial count — independently of the simulator — and the simulated p50 and p99
 * must agree within 2%.
 *
 * "No contention" needs one client and a think time: a segment's SCL cannot pass an older
 * record it has not persisted yet, so a commit issued while the previous one's slowest
 * segments are still writing would wait for them (real, but not the order statistic).
 *
 * Each leg also spends one microsecond on the wire: a message's transmission time (well under
 * 1 µs at 10 Gbps) is rounded up to the next whole microsecond at delivery.
 */
import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from './core/distribution-spec.ts';
import { distributionCdf } from './core/distribution.ts';
import { runScenario } from './simulation.ts';
import { withScenario } from './testing/base-scenario.ts';

const SAME_AZ: DistributionSpec = { dist: 'exponential', mean: 100, min: 40 };
const CROSS_AZ: DistributionSpec = { dist: 'lognormal', median: 500, p99: 2000 };
const DISK: DistributionSpec = { dist: 'lognormal', median: 150, p99: 1000 };
const TAIL = 1e-7;

/** P(rounded draw = k) for k = 0..n-1, the mass below `min` folded onto it like the sampler. */
function massFunction(spec: DistributionSpec): Float64Array {
  let n = 1;
  while (distributionCdf(spec, n) < 1 - TAIL) n *= 2;
  const pmf = new Float64Array(n);
  let below = 0;
  for (let k = 0; k < n; k++) {
    const upTo = distributionCdf(spec, k + 0.5);
    pmf[k] = upTo - below;
    below = upTo;
  }
  return pmf;
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    if (ai < 1e-15) continue;
    for (let j = 0; j < b.length; j++) out[i + j]! += ai * b[j]!;
  }
  return out;
}

function cumulative(pmf: Float64Array, shift: number): (t: number) => number {
  const cdf = new Float64Array(pmf.length);
  let sum = 0;
  for (let k = 0; k < pmf.length; k++) cdf[k] = sum += pmf[k]!;
  return (t) => (t - shift < 0 ? 0 : t - shift >= cdf.length ? 1 : cdf[t - shift]!);
}

/** P(at least `need` of the members are done by t), members given by their CDFs. */
function orderStatisticCdf(cdfs: ((t: number) => number)[], need: number): (t: number) => number {
  return (t) => {
    let counts = [1];
    for (const cdf of cdfs) {
      const p = cdf(t);
      const next = new Array<number>(counts.length + 1).fill(0);
      counts.forEach((q, k) => {
        next[k]! += q * (1 - p);
        next[k + 1]! += q * p;
      });
      counts = next;
    }
    return counts.slice(need).reduce((sum, q) => sum + q, 0);
  };
}

function quantile(cdf: (t: number) => number, q: number): number {
  let t = 0;
  while (cdf(t) < q) t++;
  return t;
}

describe('commit latency', () => {
  it('matches the 4th order statistic of six (link + disk + link) draws within 2% at p50 and p99', () => {
    const disk = massFunction(DISK);
    const same = massFunction(SAME_AZ);
    const cross = massFunction(CROSS_AZ);
    const sameLeg = cumulative(convolve(convolve(same, disk), same), 2);
    const crossLeg = cumulative(convolve(convolve(cross, disk), cross), 2);
    const commit = orderStatisticCdf([sameLeg, sameLeg, crossLeg, crossLeg, crossLeg, crossLeg], 4);
    const analytic = { p50: quantile(commit, 0.5), p99: quantile(commit, 0.99) };

    const result = runScenario(withScenario({
      duration: 2_300_000_000,
      cluster: { protectionGroups: 1, replicas: 0 },
      network: { sameAz: SAME_AZ, crossAz: CROSS_AZ },
      storage: { diskWrite: DISK, gossipInterval: 1_000_000 },
      writer: { sendCost: 0 },
      workload: { arrivals: { kind: 'closed', clients: 1, thinkTime: { dist: 'constant', value: 10_000 } }, recordsPerTxn: 1, recordsPerMtr: 1 },
    }), { source: 'test', replay: 'test', keepTrace: false });

    const simulated = result.commits.latencyUs;
    expect(simulated.count).toBeGreaterThan(100_000);
    expect(Math.abs(simulated.p50 - analytic.p50) / analytic.p50).toBeLessThan(0.02);
    expect(Math.abs(simulated.p99 - analytic.p99) / analytic.p99).toBeLessThan(0.02);
  });
});
