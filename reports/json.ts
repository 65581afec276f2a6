/**
 * The `run --json` document (ARCHITECTURE.md §4.3): a RunResult as one plain object that scripts
 * and CI read. Durations are integer microseconds and every key with a unit says so (`Us`,
 * bytes under `bytes`). Key order is fixed by construction here, never by the RunResult's
 * shape, so adding a field to RunResult does not change this document; changing this document
 * on purpose bumps `schemaVersion`.
 */
import type { RunResult } from '../sim/index.ts';

/**
 * 2: adds commits.refused/aborted, recoveries[].completed/phases, faults (the schedule that
 * ran, chaos expanded, as scenario-file entries) and convergence.
 * 3: adds recoveries[].outcome: 'completed', 'abandoned' (a newer recovery superseded it) or
 * 'unfinished' (still running when the run ended); `completed` is true only for the first.
 *    Also in 3: faults also lists the faults triggers started (their real start, target resolved); adds
 * swarm (with chaos.swarm: the kinds and triggers the seed enabled, with their weights).
 * 4: adds recoveries[].attempts (fence/read rounds; more than 1 when a repair step gave up and
 * the writer recovered again in the next epoch) and phases.retriedUs (the rounds given up).
 * 5: adds commits.latencyHistogram { count, sumUs, maxUs, buckets: [[lowestUs, count], ...] }:
 * the commit-latency histogram's non-empty buckets, so the latencies of many runs merge exactly
 * (add the counts of equal buckets).
 */
export const RUN_JSON_SCHEMA_VERSION = 5;

/** Link classes in the order the document lists them; other classes follow, sorted by name. */
export const LINK_CLASS_ORDER = [
  'writerToStorage',
  'storageToWriter',
  'storageToStorage',
  'writerToReplica',
] as const;

/** A whole number, or null where the run has no value (e.g. a percentile of no samples). */
export type Int = number | null;

export interface RunJson {
  readonly schemaVersion: number;
  readonly tool: 'aurora-sim';
  readonly version: string;
  readonly scenario: string;
  readonly seed: number;
  readonly ok: boolean;
  readonly verdict: RunResult['verdict'];
  readonly traceHash: string;
  readonly simulated: { readonly durationUs: Int; readonly events: Int };
  readonly commits: {
    readonly submitted: Int;
    readonly acknowledged: Int;
    readonly lost: Int;
    readonly refused: Int;
    readonly aborted: Int;
    readonly latencyUs: { readonly p50: Int; readonly p99: Int; readonly p999: Int; readonly max: Int };
    readonly latencyHistogram: {
      readonly count: number;
      readonly sumUs: number;
      readonly maxUs: number;
      /** The non-empty buckets in increasing order: [the lowest µs value the bucket holds, count]. */
      readonly buckets: readonly (readonly [number, number])[];
    };
  };
  readonly vdl: { readonly final: Int; readonly monotonic: boolean };
  readonly availability: { readonly writeUnavailableUs: Int; readonly windows: readonly (readonly [Int, Int])[] };
  readonly recoveries: readonly {
    readonly kind: string;
    readonly startUs: Int;
    readonly durationUs: Int;
    readonly vdlBefore: Int;
    readonly vdlAfter: Int;
    readonly truncatedFrom: Int;
    readonly truncatedTo: Int;
    readonly completed: boolean;
    readonly outcome: RunResult['recoveries'][number]['outcome'];
    readonly attempts: number;
    readonly phases: { readonly detectUs: Int; readonly retriedUs: Int; readonly fenceAndReadUs: Int; readonly truncateAndRepairUs: Int };
  }[];
  readonly faults: readonly unknown[];
  readonly swarm?: RunResult['swarm'];
  readonly convergence?: { readonly healedAtUs: Int; readonly convergedAtUs?: Int; readonly ok: boolean; readonly detail: string };
  readonly replicas: readonly { readonly id: number; readonly lagUs: { readonly p50: Int; readonly p99: Int; readonly max: Int } }[];
  readonly network: { readonly bytes: Readonly<Record<string, Int>>; readonly ioPerCommit: number | null };
  readonly invariants: readonly {
    readonly name: string;
    readonly ok: boolean;
    readonly violations: Int;
    readonly first?: { readonly timeUs: Int; readonly message: string };
  }[];
  readonly expectations: readonly { readonly name: string; readonly ok: boolean; readonly detail: string }[];
  readonly replay: string;
}

export function runJson(result: RunResult, tool: { version: string }): RunJson {
  const { commits, simulated } = result;
  const latency = commits.latencyUs;
  return {
    schemaVersion: RUN_JSON_SCHEMA_VERSION,
    tool: 'aurora-sim',
    version: tool.version,
    scenario: result.scenario.name,
    seed: result.seed,
    ok: result.verdict === 'ok',
    verdict: result.verdict,
    traceHash: result.traceHash,
    simulated: { durationUs: int(simulated.durationUs), events: int(simulated.events) },
    commits: {
      submitted: int(commits.submitted),
      acknowledged: int(commits.acknowledged),
      lost: int(commits.lost),
      refused: int(commits.refused),
      aborted: int(commits.aborted),
      latencyUs: { p50: int(latency.p50), p99: int(latency.p99), p999: int(latency.p999), max: int(latency.max) },
      latencyHistogram: {
        count: commits.latencyHistogram.count,
        sumUs: commits.latencyHistogram.sum,
        maxUs: commits.latencyHistogram.max,
        buckets: commits.latencyHistogram.buckets,
      },
    },
    vdl: { final: int(result.vdl.final), monotonic: result.vdl.monotonic },
    availability: {
      writeUnavailableUs: int(result.availability.writeUnavailableUs),
      windows: result.availability.windows.map(([from, to]) => [int(from), int(to)] as const),
    },
    recoveries: result.recoveries.map((r) => ({
      kind: r.kind,
      startUs: int(r.startUs),
      durationUs: int(r.durationUs),
      vdlBefore: int(r.vdlBefore),
      vdlAfter: int(r.vdlAfter),
      truncatedFrom: int(r.truncatedFrom),
      truncatedTo: int(r.truncatedTo),
      completed: r.completed,
      outcome: r.outcome,
      attempts: r.attempts,
      phases: {
        detectUs: int(r.phases.detectUs),
        retriedUs: int(r.phases.retriedUs),
        fenceAndReadUs: int(r.phases.fenceAndReadUs),
        truncateAndRepairUs: int(r.phases.truncateAndRepairUs),
      },
    })),
    faults: result.faults,
    ...(result.swarm === undefined ? {} : { swarm: result.swarm }),
    ...(result.convergence === undefined ? {} : { convergence: convergenceJson(result.convergence) }),
    replicas: result.replicas.map((r) => ({
      id: r.id,
      lagUs: { p50: int(r.lagUs.p50), p99: int(r.lagUs.p99), max: int(r.lagUs.max) },
    })),
    network: { bytes: bytesByClass(result.network.bytes), ioPerCommit: ratio(result.network.ioPerCommit) },
    invariants: result.invariants.map((i) => ({
      name: i.name,
      ok: i.ok,
      violations: int(i.violations),
      ...(i.first === undefined ? {} : { first: { timeUs: int(i.first.timeUs), message: i.first.message } }),
    })),
    expectations: result.expectations.map((e) => ({ name: e.name, ok: e.ok, detail: e.detail })),
    replay: result.replay,
  };
}

function convergenceJson(c: NonNullable<RunResult['convergence']>): NonNullable<RunJson['convergence']> {
  return {
    healedAtUs: int(c.healedAtUs),
    ...(c.convergedAtUs === undefined ? {} : { convergedAtUs: int(c.convergedAtUs) }),
    ok: c.ok,
    detail: c.detail,
  };
}

/** Bytes per link class: the known classes first in a fixed order, then the rest by name. */
export function bytesByClass(bytes: Readonly<Record<string, number>>): Record<string, Int> {
  const known: readonly string[] = LINK_CLASS_ORDER;
  const rest = Object.keys(bytes)
    .filter((k) => !known.includes(k))
    .sort();
  const out: Record<string, Int> = {};
  for (const key of [...known, ...rest]) {
    const value = bytes[key];
    if (value !== undefined) out[key] = int(value);
  }
  return out;
}

/** Integers stay as they are; a fraction is rounded; NaN and infinities become null. */
function int(value: number): Int {
  return Number.isFinite(value) ? Math.round(value) : null;
}

/** A ratio, kept to three decimals so the document does not show float noise. */
function ratio(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null;
}
