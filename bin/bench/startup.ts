/**
 * The start-up row's figures from its raw timings: how much longer a 1 ms `aurora-sim run`
 * takes than `node -e 0`, and what importing single modules adds to `node -e 0` (for the
 * reader, not judged). The commands run alternated, one of each per round, so a round's
 * difference is taken between neighbours in time and the median of those differences is
 * reported, as the bench's same-repetition ratios are (stats.ts).
 */
import { median } from './stats.ts';

export interface StartupSamples {
  /** `node -e 0`, ms per round. */
  readonly node: readonly number[];
  /** The simulator's command, ms per round. */
  readonly cli: readonly number[];
  /** `node -e "await import(X)"` by module label, ms per round. */
  readonly imports: Readonly<Record<string, readonly number[]>>;
}

export interface StartupFigures {
  readonly node_ms: number;
  readonly cli_ms: number;
  /** Median over rounds of cli - node: what the simulator adds to starting Node. */
  readonly added_ms: number;
  /** Median over rounds of import - node, by module label. */
  readonly imports_ms: Readonly<Record<string, number>>;
}

/** The figures, or undefined when there is no complete round. */
export function startupFigures(s: StartupSamples): StartupFigures | undefined {
  const rounds = Math.min(s.node.length, s.cli.length, ...Object.values(s.imports).map((v) => v.length));
  if (rounds === 0) return undefined;
  const over = (xs: readonly number[]): number => median(xs.slice(0, rounds).map((x, i) => x - s.node[i]!))!;
  const imports_ms: Record<string, number> = {};
  for (const [label, xs] of Object.entries(s.imports)) imports_ms[label] = over(xs);
  return {
    node_ms: median(s.node.slice(0, rounds))!,
    cli_ms: median(s.cli.slice(0, rounds))!,
    added_ms: over(s.cli),
    imports_ms,
  };
}
