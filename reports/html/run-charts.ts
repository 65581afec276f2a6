/**
 * The charts of a run report, on one time axis with the fault windows shaded: consistency
 * points, SCL lag, commit latency, throughput, replica lag, and a lane chart of faults,
 * write-unavailable windows and recovery phases. Which series each chart draws and how they
 * look is decided here; the numbers come from the timeline and the RunResult.
 */
import type { RunResult } from '../../sim/index.ts';
import { union } from '../timeline/fault-windows.ts';
import type { Timeline, TimelineSeries } from '../timeline/timeline.ts';
import {
  colorAt, PRINT_WIDTH, roundSpan, seconds, SHADE_COLOR,
  type Chart, type ChartPlan, type KeyEntry, type LaneBox, type LaneChart, type SeriesRef, type TimeChart,
} from './chart-plan.ts';

/** Faults get a lane each up to this many distinct ones; the rest share one. */
export const MAX_FAULT_LANES = 16;
/** Lane names are cut to this many characters (the faults table has them whole). */
const LANE_NAME = 26;

const HEIGHT = 230;
/** The least room for a left axis: tick labels such as `125k` and the axis title. */
export const AXIS_WIDTH = 72;
const AZ_COLORS = ['#4e79a7', '#e15759', '#59a14f', '#b07aa1', '#f28e2b', '#9c755f', '#76b7b2', '#edc948'] as const;

export const LANE_COLORS = {
  fault: '#f28e2b',
  unavailable: '#e15759',
  detect: '#b07aa1',
  retried: '#9c755f',
  fenceAndRead: '#4e79a7',
  truncateAndRepair: '#76b7b2',
} as const;

export function runChartPlan(result: RunResult, timeline: Timeline): ChartPlan {
  const bucket = roundSpan(timeline.bucketUs);
  const laneChart = lanes(result, timeline);
  const charts: Chart[] = [
    consistencyPoints(timeline, bucket),
    sclLag(timeline, bucket),
    latency(bucket),
    throughput(timeline, bucket),
    ...replicaLag(timeline, bucket),
    laneChart,
  ];
  const longest = Math.max(...laneChart.lanes.map((n) => n.length));
  return {
    durationS: seconds(timeline.durationUs),
    shade: union(timeline.faults).map(([from, to]) => [seconds(from), seconds(to)] as const),
    shadeColor: SHADE_COLOR,
    axisWidth: Math.max(AXIS_WIDTH, 24 + 7 * longest),
    printWidth: PRINT_WIDTH,
    charts,
  };
}

function time(id: string, title: string, note: string, yLabel: string, series: readonly SeriesRef[], more: Partial<TimeChart> = {}): TimeChart {
  return { kind: 'time', id, title, note, key: [], yLabel, log: false, height: HEIGHT, liveLegend: series.length <= 8, series, ...more };
}

function consistencyPoints(t: Timeline, bucket: string): TimeChart {
  const pgcls = t.series.filter((s) => s.name.startsWith('pgcl/'));
  const series: SeriesRef[] = [
    ...pgcls.map((s, i) => ({ name: s.name, label: s.label, color: colorAt(i + 1), width: 1 })),
    { name: 'vcl', label: 'VCL', color: '#e15759', width: 1.5, dash: [6, 4] },
    { name: 'vdl', label: 'VDL', color: '#1d2330', width: 2.5 },
  ];
  const pgNote = pgcls.length === 1 && pgcls[0]!.name === 'pgcl/slowest'
    ? 'the slowest PG\'s PGCL (too many PGs for a line each)'
    : 'each PG\'s PGCL';
  return time('chart-points', 'Consistency points', `VDL, VCL and ${pgNote}, as LSNs at the end of each ${bucket} bucket. A flat stretch is a stall.`, 'LSN', series, {
    liveLegend: series.length <= 8,
    key: series.length <= 8 ? [] : [{ label: 'VDL', color: '#1d2330' }, { label: 'VCL', color: '#e15759' }, { label: 'PGCL (one colour per PG)', color: colorAt(1) }],
  });
}

function sclLag(t: Timeline, bucket: string): TimeChart {
  const lags = t.series.filter((s) => s.name.startsWith('scl-lag/'));
  const azOf = (s: TimelineSeries): number => (s.group ?? 'az-a').charCodeAt(3) - 'a'.charCodeAt(0);
  const azColor = (az: number): string => AZ_COLORS[az % AZ_COLORS.length]!;
  const azs = [...new Set(lags.map(azOf))].sort((a, b) => a - b);
  const key: KeyEntry[] = azs.map((az) => ({ label: `AZ ${String.fromCharCode(97 + az)}`, color: azColor(az) }));
  const perAz = lags.every((s) => /^scl-lag\/az-/.test(s.name));
  const what = perAz
    ? 'the largest lag among each AZ\'s segments (too many segments for a line each)'
    : 'each segment, coloured by its AZ; a gap is a time it was no member of its PG (replaced)';
  return time('chart-scl-lag', 'SCL lag', `How many LSNs a segment's SCL is behind its PG's PGCL, the largest in each ${bucket} bucket: ${what}.`, 'LSNs behind', lags.map((s) => ({
    name: s.name, label: s.label, color: azColor(azOf(s)), width: 1.25,
  })), { liveLegend: false, key });
}

function latency(bucket: string): TimeChart {
  return time('chart-latency', 'Commit latency', `p50 and p99 of the commits acknowledged in each ${bucket} bucket (log scale, within 3.2%); a gap is a bucket with no commit.`, 'ms', [
    { name: 'latency/p50', label: 'p50', color: '#4e79a7', factor: 0.001 },
    { name: 'latency/p99', label: 'p99', color: '#e15759', factor: 0.001 },
  ], { log: true });
}

function throughput(t: Timeline, bucket: string): TimeChart {
  const perSecond = 1_000_000 / t.bucketUs;
  const any = (name: string): boolean => t.series.find((s) => s.name === name)?.values.some((v) => v !== null && v > 0) === true;
  const series: SeriesRef[] = [
    { name: 'commits', label: 'acknowledged', color: '#59a14f', factor: perSecond },
    ...(any('refused') ? [{ name: 'refused', label: 'refused', color: '#e15759', factor: perSecond }] : []),
    ...(any('aborted') ? [{ name: 'aborted', label: 'aborted', color: '#f28e2b', factor: perSecond }] : []),
  ];
  return time('chart-throughput', 'Throughput', `Commits acknowledged per second in each ${bucket} bucket${series.length > 1 ? ', and transactions refused (no open writer) or aborted (their writer died)' : ''}.`, 'per second', series);
}

function replicaLag(t: Timeline, bucket: string): TimeChart[] {
  const lags = t.series.filter((s) => s.name.startsWith('replica-lag/'));
  if (lags.length === 0) return [];
  return [time('chart-replica-lag', 'Replica lag', `How many LSNs each replica was behind the writer's VDL when it applied, the largest in each ${bucket} bucket; a gap is a bucket in which it applied nothing (down, cut off, or promoted). The lag in time is in the table below.`, 'LSNs behind', lags.map((s, i) => ({
    name: s.name, label: s.label, color: colorAt(i), width: 1.25,
  })))];
}

function lanes(result: RunResult, t: Timeline): LaneChart {
  const names = ['writes unavailable', 'recoveries'];
  const boxes: LaneBox[] = [];
  const box = (lane: number, fromUs: number, toUs: number, color: string): void => {
    boxes.push({ lane, from: seconds(fromUs), to: seconds(toUs), color });
  };
  for (const [from, to] of result.availability.windows) box(0, from, to, LANE_COLORS.unavailable);
  for (const r of result.recoveries) {
    let at = r.startUs;
    const phases: [number, string][] = [
      [r.phases.detectUs, LANE_COLORS.detect],
      [r.phases.retriedUs, LANE_COLORS.retried],
      [r.phases.fenceAndReadUs, LANE_COLORS.fenceAndRead],
      [r.phases.truncateAndRepairUs, LANE_COLORS.truncateAndRepair],
    ];
    for (const [us, color] of phases) {
      if (us > 0) box(1, at, at + us, color);
      at += us;
    }
  }
  const laneOf = new Map<string, number>();
  for (const f of t.faults) {
    let lane = laneOf.get(f.key);
    if (lane === undefined) {
      if (laneOf.size < MAX_FAULT_LANES) {
        lane = names.length;
        names.push(shortened(f.key));
      } else {
        if (names.length === 2 + MAX_FAULT_LANES) names.push('other faults');
        lane = 2 + MAX_FAULT_LANES;
      }
      laneOf.set(f.key, lane);
    }
    box(lane, f.startUs, f.endUs, LANE_COLORS.fault);
  }
  return {
    kind: 'lanes', id: 'chart-lanes', title: 'Faults, write unavailability and recoveries',
    note: 'When each fault was active (shaded on every chart), when writes were unavailable to clients, and each recovery by phase. Phases shorter than a pixel are drawn a pixel wide.',
    key: [
      { label: 'fault', color: LANE_COLORS.fault },
      { label: 'writes unavailable', color: LANE_COLORS.unavailable },
      { label: 'detect', color: LANE_COLORS.detect },
      { label: 'rounds given up', color: LANE_COLORS.retried },
      { label: 'fence + read', color: LANE_COLORS.fenceAndRead },
      { label: 'truncate + repair', color: LANE_COLORS.truncateAndRepair },
    ],
    lanes: names,
    boxes,
  };
}

function shortened(name: string): string {
  return name.length <= LANE_NAME ? name : `${name.slice(0, LANE_NAME - 1)}…`;
}
