/**
 * `replay --diff`: what two traces' first difference is and how it is shown. The streaming is
 * the CLI's (bin/replay/diff.ts); here are the pure parts: which fields of two events differ,
 * what differs between the headers, and the text and JSON of the outcome.
 *
 * The text starts with the differing event, from both sides, so the line that matters is the
 * first one read; the common events before it and the next few on each side follow, then
 * which file is A and which B.
 */
import type { ChalkInstance } from 'chalk';
import type { TraceKinds } from '../../sim/index.ts';
import type { TraceEvent } from '../trace-jsonl.ts';
import { eventLine, indexWidth, type IndexedEvent } from './event-line.ts';

export const DIFF_FORMAT = 'aurora-sim-trace-diff';
export const DIFF_VERSION = 1;

/** What a trace's header says, and the file it came from. */
export interface TraceSide {
  readonly file: string;
  readonly scenario: string;
  readonly seed: number;
  readonly traceHash: string;
  /** The kinds of its events (detail kinds left out: their lines are passed over). */
  readonly kinds: TraceKinds;
  /** The file has detail lines (`run --trace-detail`): its line numbers are not its events' numbers + 2. */
  readonly detail?: boolean;
}

export interface FirstDifference {
  readonly index: number;
  /** The event on each side, or null where that trace ended first. */
  readonly a: TraceEvent | null;
  readonly b: TraceEvent | null;
  /** `t`, `kind` and the names of the fields that differ (every field when one side ended). */
  readonly fields: readonly string[];
}

export interface TraceDiff {
  readonly a: TraceSide;
  readonly b: TraceSide;
  /** Events read in step before the first difference, or in all when identical. */
  readonly common: number;
  readonly first: FirstDifference | null;
  /** Up to K common events before the difference, oldest first. */
  readonly before: readonly IndexedEvent[];
  /** The next few events after the difference on each side. */
  readonly afterA: readonly IndexedEvent[];
  readonly afterB: readonly IndexedEvent[];
  /** What differs between the headers, and whether their traceHash agrees with the events. */
  readonly notes: readonly string[];
}

/** The keys in which two events differ: `t`, `kind`, then fields by name, A's order first. */
export function differingFields(a: TraceEvent, b: TraceEvent): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((key) => a[key] !== b[key]);
}

/** What differs between the two headers, short of the events: scenario, seed, kind tables. */
export function headerNotes(a: TraceSide, b: TraceSide): string[] {
  const notes: string[] = [];
  if (a.scenario !== b.scenario) notes.push(`different scenarios: A is ${a.scenario}, B is ${b.scenario}`);
  if (a.seed !== b.seed) notes.push(`different seeds: A ${a.seed}, B ${b.seed}`);
  const kinds = kindsDifference(a.kinds, b.kinds);
  if (kinds !== '') notes.push(`the kind tables differ (${kinds}): events of those kinds may differ in name only`);
  return notes;
}

/** What the headers' traceHash says beside what the events showed. */
export function hashNote(a: TraceSide, b: TraceSide, identical: boolean): string | undefined {
  if (identical && a.traceHash !== b.traceHash) return 'the events are identical, but the headers carry different traceHash values: a header was changed';
  if (!identical && a.traceHash === b.traceHash) return 'both headers carry the same traceHash, but the events differ: a file was changed after run --trace wrote it';
  return undefined;
}

function kindsDifference(a: TraceKinds, b: TraceKinds): string {
  const onlyA = Object.keys(a).filter((kind) => b[kind] === undefined);
  const onlyB = Object.keys(b).filter((kind) => a[kind] === undefined);
  const changed = Object.keys(a).filter((kind) => b[kind] !== undefined && JSON.stringify(a[kind]) !== JSON.stringify(b[kind]));
  return [
    onlyA.length > 0 ? `only in A: ${onlyA.join(', ')}` : '',
    onlyB.length > 0 ? `only in B: ${onlyB.join(', ')}` : '',
    changed.length > 0 ? `other fields: ${changed.join(', ')}` : '',
  ].filter((part) => part !== '').join('; ');
}

export function renderDiffText(diff: TraceDiff, chalk: ChalkInstance): string {
  const legend = [`A: ${sideText(diff.a)}`, `B: ${sideText(diff.b)}`];
  const first = diff.first;
  if (first === null) return `${[`identical: ${diff.common} events in each`, ...legend].join('\n')}\n`;
  const shown = [...diff.before, ...diff.afterA, ...diff.afterB, { index: first.index, event: first.a ?? first.b! }];
  const width = indexWidth(shown);
  const side = (label: string, event: TraceEvent | null, events: number) =>
    `  ${chalk.bold(label)}  ${event === null ? chalk.dim(`(the trace ends here, after ${events} events)`) : eventLine({ index: first.index, event }, chalk, width)}`;
  const lines = [
    chalk.bold(`first difference at event #${first.index}${diff.a.detail === true || diff.b.detail === true ? '' : ` (line ${first.index + 2} of each file)`}:`),
    side('A', first.a, diff.common),
    side('B', first.b, diff.common),
    `  ${first.a === null ? 'A ends first' : first.b === null ? 'B ends first' : `differs in: ${first.fields.join(', ')}`}`,
  ];
  const block = (title: string, events: readonly IndexedEvent[], prefix: string) => {
    if (events.length === 0) return;
    lines.push('', title);
    for (const event of events) lines.push(`  ${prefix}${eventLine(event, chalk, width)}`);
  };
  block(`the ${diff.before.length} event${diff.before.length === 1 ? '' : 's'} before it, the same in both:`, diff.before, '   ');
  block('next in A:', diff.afterA, 'A  ');
  block('next in B:', diff.afterB, 'B  ');
  lines.push('', ...legend);
  return `${lines.join('\n')}\n`;
}

function sideText(side: TraceSide): string {
  return `${side.file} (${side.scenario}, seed ${side.seed})`;
}

/** The `replay --diff --json` document (ARCHITECTURE.md §4.8). */
export function diffJson(diff: TraceDiff) {
  const side = (s: TraceSide) => ({ file: s.file, scenario: s.scenario, seed: s.seed, traceHash: s.traceHash });
  return {
    format: DIFF_FORMAT,
    version: DIFF_VERSION,
    identical: diff.first === null,
    a: side(diff.a),
    b: side(diff.b),
    common: diff.common,
    first: diff.first === null ? null : { index: diff.first.index, a: diff.first.a, b: diff.first.b, fields: diff.first.fields },
    before: diff.before,
    after: { a: diff.afterA, b: diff.afterB },
    notes: diff.notes,
  };
}
