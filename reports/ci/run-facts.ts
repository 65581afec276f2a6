/**
 * What CI needs of one RunResult: the key figures of the verdict table, and why the run is not
 * ok as findings in order of importance. A violated invariant comes first (unless the scenario
 * expects it: a negative scenario breaks it on purpose), then each failed expectation with the
 * scenario field that states it, so an annotation can point at that line.
 */
import type { RunResult } from '../../sim/index.ts';
import type { Finding, KeyFigures } from './ci-case.ts';

export function keyFigures(result: RunResult): KeyFigures {
  const durations = result.recoveries.map((r) => r.durationUs);
  return {
    commitsAcknowledged: result.commits.acknowledged,
    ackedCommitsLost: result.commits.lost,
    writeUnavailableUs: result.availability.writeUnavailableUs,
    longestRecoveryUs: durations.length === 0 ? null : Math.max(...durations),
  };
}

/**
 * Empty for an ok run. The expectation `invariants` (every invariant holds) is said by the
 * invariant findings already and has no field of its own; `violations` has one.
 */
export function runFindings(result: RunResult): Finding[] {
  if (result.verdict === 'inconclusive') return [inconclusive(result)];
  if (result.verdict === 'ok') return [];
  const expected = result.scenario.expect.violations ?? [];
  const invariants = result.invariants
    .filter((i) => !i.ok && !expected.includes(i.name))
    .map((i): Finding => ({
      kind: 'invariant',
      name: i.name,
      message: i.first?.message ?? 'violated',
      count: i.violations,
      ...(i.first === undefined ? {} : { timeUs: i.first.timeUs }),
    }));
  const expectations = result.expectations
    .filter((e) => !e.ok && e.name !== 'invariants')
    .map((e): Finding => ({ kind: 'expectation', name: e.name, message: e.detail, path: ['expect', e.name] }));
  return [...invariants, ...expectations];
}

/** A cluster that did not converge in time, or the event budget that ran out. */
function inconclusive(result: RunResult): Finding {
  const field = result.simulated.events >= result.scenario.maxEvents ? 'maxEvents' : 'convergeWithin';
  return { kind: 'inconclusive', name: 'inconclusive', message: result.inconclusive ?? 'inconclusive', path: [field] };
}
