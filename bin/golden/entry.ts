/**
 * One golden run: which run (a scenario file, relative to the repository root, and the `--set`
 * overrides it runs with) and what it came to. A shipped scenario's entry pins the order of its
 * events through `traceHash`, and a few key figures beside it so that a drift says at a glance
 * what moved: commits acknowledged, acknowledged commits lost, write-unavailable time,
 * recoveries and the names of the invariants it violated (a negative scenario's, on purpose).
 *
 * `seed` is the seed the run used: the file's own, unless a `sets` entry says `seed=N`. It is
 * determined by `file` and `sets`, so it is compared like a figure: a seed edited in the file
 * shows up as a drift, never as a silently different run.
 */
import type { RunResult, Verdict } from '../../sim/index.ts';

/** What a run came to, in the manifest's field order. */
export interface GoldenFigures {
  readonly seed: number;
  readonly traceHash: string;
  readonly verdict: Verdict;
  readonly commitsAcknowledged: number;
  readonly ackedCommitsLost: number;
  readonly writeUnavailableUs: number;
  readonly recoveries: number;
  /** Sorted by name. */
  readonly violatedInvariants: readonly string[];
}

export interface GoldenEntry extends GoldenFigures {
  readonly file: string;
  /** `path=value` overrides, in the order they apply. */
  readonly sets: readonly string[];
}

/** The figures in the order they are written and compared; `traceHash` first, see manifest.ts. */
export const FIGURE_FIELDS = [
  'seed',
  'traceHash',
  'verdict',
  'commitsAcknowledged',
  'ackedCommitsLost',
  'writeUnavailableUs',
  'recoveries',
  'violatedInvariants',
] as const satisfies readonly (keyof GoldenFigures)[];

export type FigureField = (typeof FIGURE_FIELDS)[number];

export function goldenFigures(result: RunResult): GoldenFigures {
  return {
    seed: result.seed,
    traceHash: result.traceHash,
    verdict: result.verdict,
    commitsAcknowledged: result.commits.acknowledged,
    ackedCommitsLost: result.commits.lost,
    writeUnavailableUs: result.availability.writeUnavailableUs,
    recoveries: result.recoveries.length,
    violatedInvariants: result.invariants.filter((i) => !i.ok).map((i) => i.name).sort(compareText),
  };
}

/** The run an entry stands for: its file and overrides, e.g. `scenarios/x.yaml --set seed=7`. */
export function entryLabel(entry: Pick<GoldenEntry, 'file' | 'sets'>): string {
  return [entry.file, ...entry.sets.map((s) => `--set ${s}`)].join(' ');
}

/** Two entries are the same run when file and overrides agree. */
export function sameRun(a: Pick<GoldenEntry, 'file' | 'sets'>, b: Pick<GoldenEntry, 'file' | 'sets'>): boolean {
  return a.file === b.file && a.sets.length === b.sets.length && a.sets.every((s, i) => s === b.sets[i]);
}

/** Manifest order: by file, then by overrides; code-unit order, the same on every machine. */
export function compareEntries(a: Pick<GoldenEntry, 'file' | 'sets'>, b: Pick<GoldenEntry, 'file' | 'sets'>): number {
  return compareText(a.file, b.file) || compareText(a.sets.join('\n'), b.sets.join('\n'));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
