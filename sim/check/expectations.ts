/**
 * A scenario's `expect:` block, judged against what the run measured. Each expectation gives
 * a named verdict with the measured value in its detail, so a failing CI line says by how
 * much. `violations` turns a scenario into a negative one: the named invariants must fail,
 * and no other.
 */
import type { ExpectationResult, InvariantResult, RecoveryResult } from './results.ts';

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/** What a scenario expects of its run (`expect:`); absent fields are not judged. */
export interface Expectations {
  readonly ackedCommitsLost?: number;
  readonly commitsAcknowledged?: Bounds;
  readonly commitLatencyP50?: Bounds;
  readonly commitLatencyP99?: Bounds;
  readonly ioPerCommit?: Bounds;
  /** No write-unavailability window may overlap [from, to) (µs). */
  readonly writesAvailable?: { readonly from: number; readonly to: number };
  /** Total time writes were unavailable, µs. */
  readonly writeUnavailable?: Bounds;
  /**
   * Every recovery (crash recovery or failover) took this long, µs, and none was still running
   * at the end; a recovery abandoned for a newer one is not counted.
   */
  readonly recoveryTime?: Bounds;
  /** The number of recoveries begun, abandoned ones included. */
  readonly recoveries?: Bounds;
  /**
   * The largest replica lag of any replica, µs; a commit a running replica has received but not
   * made visible by the end counts with its age then.
   */
  readonly replicaLagMax?: Bounds;
  /** The number of PG membership changes (each step of a segment replacement). */
  readonly membershipChanges?: Bounds;
  /**
   * Negative scenarios: exactly these invariants must be violated (and no other). Without it,
   * every invariant must hold.
   */
  readonly violations?: readonly string[];
}

export interface Measured {
  readonly ackedCommitsLost: number;
  readonly commitsAcknowledged: number;
  readonly commitLatencyP50: number;
  readonly commitLatencyP99: number;
  readonly ioPerCommit: number;
  readonly invariants: readonly InvariantResult[];
  readonly recoveries: readonly RecoveryResult[];
  readonly membershipChanges: number;
  readonly replicas: readonly ReplicaLag[];
  readonly availability: { readonly writeUnavailableUs: number; readonly windows: readonly (readonly [number, number])[] };
}

/** One replica's largest lag, and the age at the end of its oldest commit received but not yet visible (0: none). */
export interface ReplicaLag {
  readonly id: number;
  readonly maxUs: number;
  readonly invisibleUs: number;
}

export function evaluateExpectations(expect: Expectations, measured: Measured): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  if (expect.ackedCommitsLost !== undefined) {
    const ok = measured.ackedCommitsLost <= expect.ackedCommitsLost;
    results.push({ name: 'ackedCommitsLost', ok, detail: `${measured.ackedCommitsLost} lost (at most ${expect.ackedCommitsLost})` });
  }
  bounded(results, 'commitsAcknowledged', expect.commitsAcknowledged, measured.commitsAcknowledged, '');
  bounded(results, 'commitLatencyP50', expect.commitLatencyP50, measured.commitLatencyP50, 'us');
  bounded(results, 'commitLatencyP99', expect.commitLatencyP99, measured.commitLatencyP99, 'us');
  bounded(results, 'ioPerCommit', expect.ioPerCommit, measured.ioPerCommit, '');
  bounded(results, 'writeUnavailable', expect.writeUnavailable, measured.availability.writeUnavailableUs, 'us');
  bounded(results, 'recoveries', expect.recoveries, measured.recoveries.length, '');
  bounded(results, 'membershipChanges', expect.membershipChanges, measured.membershipChanges, '');
  if (expect.replicaLagMax !== undefined) replicaLagMax(results, expect.replicaLagMax, measured.replicas);
  if (expect.recoveryTime !== undefined) recoveryTimes(results, expect.recoveryTime, measured.recoveries);
  if (expect.writesAvailable !== undefined) writesAvailable(results, expect.writesAvailable, measured.availability.windows);
  results.push(violationsExpectation(expect.violations ?? [], measured.invariants));
  return results;
}

function bounded(results: ExpectationResult[], name: string, bounds: Bounds | undefined, value: number, unit: string): void {
  if (bounds === undefined) return;
  const low = bounds.min === undefined || value >= bounds.min;
  const high = bounds.max === undefined || value <= bounds.max;
  const range =
    bounds.min === undefined ? `at most ${bounds.max}${unit}`
    : bounds.max === undefined ? `at least ${bounds.min}${unit}`
    : `${bounds.min}..${bounds.max}${unit}`;
  const shown = Number.isInteger(value) ? `${value}` : value.toFixed(3);
  results.push({ name, ok: low && high, detail: `${shown}${unit} (expected ${range})` });
}

/**
 * Every recovery that counts — completed, or still running at the end — within the bounds, and
 * none still running. An abandoned recovery (superseded by a newer one) is left out: the newer
 * recovery is the one that has to finish in time.
 */
function recoveryTimes(results: ExpectationResult[], bounds: Bounds, recoveries: readonly RecoveryResult[]): void {
  const counted = recoveries.filter((r) => r.outcome !== 'abandoned');
  const abandoned = recoveries.length - counted.length;
  const unfinished = counted.filter((r) => r.outcome === 'unfinished').length;
  const longest = Math.max(0, ...counted.map((r) => r.durationUs));
  const inBounds = counted.every((r) => (bounds.min === undefined || r.durationUs >= bounds.min) && (bounds.max === undefined || r.durationUs <= bounds.max));
  const notes = [unfinished > 0 ? `, ${unfinished} unfinished` : '', abandoned > 0 ? `, ${abandoned} abandoned (not counted)` : ''].join('');
  const detail = counted.length === 0
    ? abandoned === 0 ? 'no recovery happened' : `no recovery counted, ${abandoned} abandoned`
    : `${counted.length} recoveries, longest ${longest}us${notes} (expected ${bounds.min ?? 0}..${bounds.max ?? 'inf'}us)`;
  results.push({ name: 'recoveryTime', ok: counted.length > 0 && unfinished === 0 && inBounds, detail });
}

/** The largest lag over every replica, counting what a replica received and has not made visible by its age. */
function replicaLagMax(results: ExpectationResult[], bounds: Bounds, replicas: readonly ReplicaLag[]): void {
  let worst: ReplicaLag | undefined;
  const lag = (r: ReplicaLag) => Math.max(r.maxUs, r.invisibleUs);
  for (const r of replicas) if (worst === undefined || lag(r) > lag(worst)) worst = r;
  const value = worst === undefined ? 0 : lag(worst);
  const ok = (bounds.min === undefined || value >= bounds.min) && (bounds.max === undefined || value <= bounds.max);
  const where = worst === undefined
    ? 'no replica'
    : `replica ${worst.id}${worst.invisibleUs > worst.maxUs ? ', a commit it received and had not made visible at the end' : ''}`;
  results.push({ name: 'replicaLagMax', ok, detail: `${value}us, ${where} (expected ${bounds.min ?? '-inf'}..${bounds.max ?? 'inf'}us)` });
}

function writesAvailable(results: ExpectationResult[], span: { from: number; to: number }, windows: readonly (readonly [number, number])[]): void {
  const overlapping = windows.filter(([from, to]) => from < span.to && to > span.from);
  const detail = overlapping.length === 0
    ? `writes acknowledged throughout ${span.from}us..${span.to}us`
    : `writes unavailable ${overlapping.map(([from, to]) => `${from}us..${to}us`).join(', ')}`;
  results.push({ name: 'writesAvailable', ok: overlapping.length === 0, detail });
}

function violationsExpectation(expected: readonly string[], invariants: readonly InvariantResult[]): ExpectationResult {
  const failed = invariants.filter((invariant) => !invariant.ok).map((invariant) => invariant.name);
  const missing = expected.filter((name) => !failed.includes(name));
  const unexpected = failed.filter((name) => !expected.includes(name));
  const ok = missing.length === 0 && unexpected.length === 0;
  const parts: string[] = [];
  if (expected.length > 0) parts.push(`expected violations: ${expected.join(', ')}`);
  if (missing.length > 0) parts.push(`did not occur: ${missing.join(', ')}`);
  if (unexpected.length > 0) parts.push(`unexpected: ${unexpected.join(', ')}`);
  if (parts.length === 0) parts.push('no invariant violated');
  return { name: expected.length > 0 ? 'violations' : 'invariants', ok, detail: parts.join('; ') };
}
