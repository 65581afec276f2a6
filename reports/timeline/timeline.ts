/**
 * A run's timeline, recorded while it runs: `runScenario(scenario, { watch: recorder.watch })`
 * subscribes the recorder to the trace, and `recorder.timeline(result)` hands back plain data
 * for a report. Everything is bucketed on one time axis chosen from the scenario's duration
 * (`buckets.ts`), so memory is fixed before the first event and the same run gives the same
 * numbers.
 *
 * What it derives, and from which events:
 * - VDL, VCL and each PG's PGCL (`vdl`, `vcl`, `pgcl`), the value at the end of each bucket; an
 *   event of an older epoch than one seen (a superseded writer) is left out.
 * - each member segment's SCL lag: how many LSNs its SCL (`scl`, `segment.volume`,
 *   `segment.hydrated`; 0 after `segment.wipe` or `segment.new`) is behind its PG's PGCL, the
 *   largest in each bucket, membership from `membership` (`segment-lag.ts`).
 * - commits, refusals and aborts per bucket, and each bucket's commit latency p50 and p99
 *   (`commit` carries the latency; `latency-windows.ts`).
 * - each replica's lag in LSNs behind the writer's VDL when it applies (`replica.vdl`), the
 *   largest per bucket; none in a bucket where it applied nothing. The trace does not say when
 *   the writer reached an LSN without keeping every VDL step, so this is in LSNs, not time;
 *   the run's lag in time is in `RunResult.replicas`.
 * - the fault windows (`fault`, `fault-windows.ts`).
 * Left out: bytes per link over time (the trace carries only drops; the run's totals are in
 * `RunResult.network`), recovery phases and write-unavailable windows (the run's own
 * observers report them in RunResult).
 *
 * Lags count only the LSNs no recovery truncated (`truncate`; `truncations.ts`): the LSN
 * space jumps past each truncation, and a segment below the jump is not that far behind.
 *
 * Groups with more members than `MAX_LINES` show an extreme instead of a line each: the
 * slowest PG's PGCL, and the largest SCL lag of each AZ's segments.
 */
import type { ModelTrace, ResolvedScenario, RunResult } from '../../sim/index.ts';
import { bucketsFor, type Buckets } from './buckets.ts';
import { FaultWindows, type FaultWindow } from './fault-windows.ts';
import { Counter, GaugeGroup } from './gauges.ts';
import { LatencyWindows } from './latency-windows.ts';
import { SegmentLag } from './segment-lag.ts';
import { Truncations } from './truncations.ts';

/** A group draws one line per member up to this many. */
export const MAX_LINES = 48;

export type SeriesUnit = 'lsn' | 'us' | 'count';

/** How a bucket's value is made from what happened in it. */
export type SeriesPer = 'last' | 'max' | 'sample-max' | 'sum' | 'p50' | 'p99';

export interface TimelineSeries {
  /** Stable name, e.g. `vdl`, `pgcl/2`, `scl-lag/pg0/s3/az-b`, `scl-lag/az-b`, `replica-lag/1`. */
  readonly name: string;
  readonly label: string;
  readonly unit: SeriesUnit;
  readonly per: SeriesPer;
  /** What the series belongs to, for colouring (`az-a` for segments, `pg` for PGCLs). */
  readonly group?: string;
  /** One value per bucket; null where there is none (before the first event, a bucket with no sample). */
  readonly values: readonly (number | null)[];
}

export interface Timeline {
  readonly durationUs: number;
  readonly bucketUs: number;
  readonly buckets: number;
  readonly series: readonly TimelineSeries[];
  readonly faults: readonly FaultWindow[];
}

export class TimelineRecorder {
  private readonly buckets: Buckets;
  private readonly durationUs: number;
  private epoch = 0;
  private readonly vdl: GaugeGroup;
  private readonly vcl: GaugeGroup;
  private readonly pgcl: GaugeGroup;
  private readonly sclLag: SegmentLag;
  private readonly truncations = new Truncations();
  private readonly commits: LatencyWindows;
  private readonly refused: Counter;
  private readonly aborted: Counter;
  private readonly replicaLag: GaugeGroup;
  /** Replica id → member of `replicaLag`, in the order replicas first applied. */
  private readonly replicaSlots = new Map<number, number>();
  private readonly faults = new FaultWindows();
  private writerVdl = 0;

  constructor(scenario: ResolvedScenario) {
    const { cluster } = scenario;
    this.durationUs = scenario.duration;
    this.buckets = bucketsFor(scenario.duration);
    const b = this.buckets;
    this.vdl = new GaugeGroup(b, 1, 'last', 'each');
    this.vcl = new GaugeGroup(b, 1, 'last', 'each');
    const pgs = cluster.protectionGroups;
    this.pgcl = new GaugeGroup(b, pgs, 'last', pgs <= MAX_LINES ? 'each' : 'min');
    this.sclLag = new SegmentLag(b, { pgs, perPg: cluster.azs * cluster.segmentsPerAz, perAz: cluster.segmentsPerAz, azs: cluster.azs }, this.truncations);
    this.commits = new LatencyWindows(b);
    this.refused = new Counter(b);
    this.aborted = new Counter(b);
    this.replicaLag = new GaugeGroup(b, MAX_LINES, 'sample-max', 'each');
  }

  /** Pass as `runScenario`'s `watch`: subscribes to the trace, before anything runs. */
  readonly watch = (trace: ModelTrace): void => {
    trace.on({
      vdl: (t, { lsn, epoch }) => {
        if (!this.current(epoch)) return;
        this.writerVdl = lsn;
        this.vdl.set(t, 0, lsn);
      },
      vcl: (t, { lsn, epoch }) => void (this.current(epoch) && this.vcl.set(t, 0, lsn)),
      pgcl: (t, { pg, lsn, epoch }) => {
        if (!this.current(epoch)) return;
        this.pgcl.set(t, pg, lsn);
        this.sclLag.setPgcl(t, pg, lsn);
      },
      scl: (t, { pg, segment, lsn }) => this.sclLag.setScl(t, pg, segment, lsn),
      'segment.volume': (t, { pg, segment, scl }) => this.sclLag.setScl(t, pg, segment, scl),
      'segment.hydrated': (t, { pg, segment, scl }) => this.sclLag.setScl(t, pg, segment, scl),
      'segment.wipe': (t, { pg, segment }) => this.sclLag.setScl(t, pg, segment, 0),
      'segment.new': (t, { pg, segment }) => this.sclLag.setScl(t, pg, segment, 0),
      membership: (t, { pg, base, replacements }) => this.sclLag.setMembership(t, pg, base, replacements),
      truncate: (_t, { from, to }) => this.truncations.add(from, to),
      commit: (t, { latencyUs }) => this.commits.add(t, latencyUs),
      'txn.refused': (t) => this.refused.add(t),
      'txn.abort': (t) => this.aborted.add(t),
      'replica.vdl': (t, { replica, lsn }) => this.replicaApplied(t, replica, lsn),
      fault: (t, { text }) => this.faults.see(t, text),
    });
  };

  /** The timeline of the run that ended with `result`. */
  timeline(result: Pick<RunResult, 'simulated'>): Timeline {
    for (const g of [this.vdl, this.vcl, this.pgcl, this.replicaLag]) g.finish();
    this.sclLag.finish();
    return {
      durationUs: this.durationUs,
      bucketUs: this.buckets.widthUs,
      buckets: this.buckets.count,
      series: [
        series('vdl', 'VDL', 'lsn', 'last', this.vdl.series[0]!),
        series('vcl', 'VCL', 'lsn', 'last', this.vcl.series[0]!),
        ...this.pgclSeries(),
        ...this.sclLagSeries(),
        series('commits', 'commits', 'count', 'sum', this.commits.counts),
        series('refused', 'refused', 'count', 'sum', this.refused.counts),
        series('aborted', 'aborted', 'count', 'sum', this.aborted.counts),
        series('latency/p50', 'p50', 'us', 'p50', this.commits.percentile(50)),
        series('latency/p99', 'p99', 'us', 'p99', this.commits.percentile(99)),
        ...this.replicaSeries(),
      ],
      faults: this.faults.windows(Math.min(result.simulated.durationUs, this.durationUs)),
    };
  }

  /** Whether an event of `epoch` is the volume's current writer's (a newer epoch takes over). */
  private current(epoch: number): boolean {
    if (epoch < this.epoch) return false;
    this.epoch = epoch;
    return true;
  }

  private replicaApplied(t: number, replica: number, lsn: number): void {
    let slot = this.replicaSlots.get(replica);
    if (slot === undefined) {
      if (this.replicaSlots.size === MAX_LINES) return; // more replicas than lines: the rest are in RunResult only
      slot = this.replicaSlots.size;
      this.replicaSlots.set(replica, slot);
    }
    this.replicaLag.set(t, slot, this.truncations.distance(lsn, this.writerVdl));
  }

  private pgclSeries(): TimelineSeries[] {
    if (this.pgcl.aggregate !== 'each') return [series('pgcl/slowest', 'slowest PG\'s PGCL', 'lsn', 'last', this.pgcl.series[0]!, 'pg')];
    return this.pgcl.series.map((values, pg) => series(`pgcl/${pg}`, `PGCL pg ${pg}`, 'lsn', 'last', values, 'pg'));
  }

  private sclLagSeries(): TimelineSeries[] {
    const lines = this.sclLag.lineSeries();
    if (lines !== undefined && lines.length <= MAX_LINES) {
      return lines.map(({ pg, slot, az, values }) =>
        series(`scl-lag/pg${pg}/s${slot}/az-${azName(az)}`, `pg ${pg} slot ${slot} (AZ ${azName(az)})`, 'lsn', 'max', values, `az-${azName(az)}`),
      );
    }
    return this.sclLag.azSeries().map((values, az) =>
      series(`scl-lag/az-${azName(az)}`, `AZ ${azName(az)} (largest)`, 'lsn', 'max', values, `az-${azName(az)}`),
    );
  }

  private replicaSeries(): TimelineSeries[] {
    return [...this.replicaSlots.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([id, slot]) => series(`replica-lag/${id}`, `replica ${id}`, 'lsn', 'sample-max', this.replicaLag.series[slot]!));
  }
}

/** AZs are named a, b, c, ... as scenario files name them. */
function azName(az: number): string {
  return String.fromCharCode('a'.charCodeAt(0) + az);
}

function series(name: string, label: string, unit: SeriesUnit, per: SeriesPer, values: Float64Array, group?: string): TimelineSeries {
  return { name, label, unit, per, ...(group === undefined ? {} : { group }), values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)) };
}
