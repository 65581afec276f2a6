/**
 * How a run differs from its golden entry: one drift per field that moved, each read as
 * `scenarios/x.yaml: traceHash expected 3f2a…, got 91c0…`. The manifest and the scenario
 * folders can also disagree: a scenario file with no entry, or an entry whose file is gone.
 */
import { entryLabel, FIGURE_FIELDS, type FigureField, type GoldenEntry, type GoldenFigures } from './entry.ts';

export type Drift =
  | { readonly kind: 'field'; readonly run: string; readonly field: FigureField; readonly expected: string; readonly got: string }
  | { readonly kind: 'unlisted'; readonly run: string }
  | { readonly kind: 'gone'; readonly run: string };

/** Every field of `got` that differs from `entry`, in the manifest's field order. */
export function driftsOf(entry: GoldenEntry, got: GoldenFigures): Drift[] {
  const run = entryLabel(entry);
  return FIGURE_FIELDS.flatMap((field): Drift[] => {
    const expected = shown(entry[field]);
    const actual = shown(got[field]);
    return expected === actual ? [] : [{ kind: 'field', run, field, expected, got: actual }];
  });
}

export function describeDrift(drift: Drift): string {
  switch (drift.kind) {
    case 'field':
      return `${drift.run}: ${drift.field} expected ${drift.expected}, got ${drift.got}`;
    case 'unlisted':
      return `${drift.run}: not in the manifest (a scenario file without a golden entry)`;
    case 'gone':
      return `${drift.run}: the file is gone (the manifest still lists it)`;
  }
}

/** A figure as it is printed: arrays as `[a, b]`, everything else as its text. */
export function shown(value: GoldenFigures[FigureField]): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}
