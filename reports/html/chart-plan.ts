/**
 * The chart plan: what the page's drawing script (`client-script.ts`) draws, as plain data.
 * Titles, notes and keys are rendered into the page by the report; the script reads the rest.
 * Times are in seconds, the unit of every time axis.
 */

/** A line of a time chart: a timeline series by name, its values multiplied by `factor`. */
export interface SeriesRef {
  readonly name: string;
  readonly label: string;
  readonly color: string;
  readonly width?: number;
  readonly dash?: readonly number[];
  readonly factor?: number;
}

export interface KeyEntry {
  readonly label: string;
  readonly color: string;
}

interface ChartBase {
  /** The element the chart is drawn into. */
  readonly id: string;
  readonly title: string;
  /** One or two sentences under the title: what is drawn and how a bucket's value is made. */
  readonly note: string;
  /** A static key, for charts whose lines are too many for uPlot's live legend. */
  readonly key: readonly KeyEntry[];
}

export interface TimeChart extends ChartBase {
  readonly kind: 'time';
  readonly yLabel: string;
  readonly log: boolean;
  readonly height: number;
  /** uPlot's legend, with each line's value under the cursor. */
  readonly liveLegend: boolean;
  readonly series: readonly SeriesRef[];
}

export interface LaneBox {
  readonly lane: number;
  readonly from: number;
  readonly to: number;
  readonly color: string;
}

export interface LaneChart extends ChartBase {
  readonly kind: 'lanes';
  /** Top to bottom. */
  readonly lanes: readonly string[];
  readonly boxes: readonly LaneBox[];
}

export interface SweepLine {
  readonly label: string;
  readonly color: string;
  /** One value per x category; null where the configuration has none. */
  readonly mean: readonly (number | null)[];
  readonly lo: readonly (number | null)[];
  readonly hi: readonly (number | null)[];
}

export interface SweepChart extends ChartBase {
  readonly kind: 'sweep';
  readonly height: number;
  readonly x: { readonly label: string; readonly values: readonly string[] };
  /** `min`/`max` fix the axis (probabilities: 0 to 1); null lets the data decide. */
  readonly y: { readonly label: string; readonly min: number | null; readonly max: number | null };
  readonly series: readonly SweepLine[];
}

export type Chart = TimeChart | LaneChart | SweepChart;

export interface ChartPlan {
  /** The time axis of time and lane charts: [0, durationS]. */
  readonly durationS: number;
  /** Spans shaded on time and lane charts (fault windows), seconds. */
  readonly shade: readonly (readonly [number, number])[];
  readonly shadeColor: string;
  /** Room for every chart's left axis, CSS pixels: the same for all, so time axes line up. */
  readonly axisWidth: number;
  /** Chart width for printing, CSS pixels. */
  readonly printWidth: number;
  readonly charts: readonly Chart[];
}

/** Tableau 10: distinct hues that stay apart for most colour vision and in grey print. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

export function colorAt(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

export const SHADE_COLOR = 'rgba(242, 142, 43, 0.18)';
export const PRINT_WIDTH = 680;

/** A time span, as round bucket widths print: `20 ms`, `2 s`, `500 µs`. */
export function roundSpan(us: number): string {
  if (us >= 1_000_000 && us % 1_000_000 === 0) return `${us / 1_000_000} s`;
  if (us >= 1_000 && us % 1_000 === 0) return `${us / 1_000} ms`;
  return `${us} µs`;
}

/** µs to seconds for the plan: exact for whole microseconds up to 2^53. */
export function seconds(us: number): number {
  return us / 1_000_000;
}
