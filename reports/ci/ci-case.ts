/**
 * What a CI system is told about one command (`run`, `fuzz`, `check`): one case per scenario
 * and seed, as plain data. The commands build it from their own results (`bin/ci/`); the
 * renderers beside this file turn it into JUnit XML, a Markdown summary and GitHub
 * annotations, and read nothing else. Wall times are the only figures that differ between two
 * runs of the same command, and every renderer keeps them out of what it says about a case.
 */
import { at, readableDurations } from '../format.ts';

/**
 * `ok`, `failed` and `inconclusive` are a run's verdicts; `crashed` is a simulator bug (exit
 * 70); `drifted` is a golden run that no longer matches its manifest entry; `invalid` a
 * scenario that no longer parses.
 */
export type CaseVerdict = 'ok' | 'failed' | 'inconclusive' | 'crashed' | 'drifted' | 'invalid';

/** The figures a verdict table shows beside the verdict. */
export interface KeyFigures {
  readonly commitsAcknowledged: number;
  /** Acknowledged commits the clients could not read back. */
  readonly ackedCommitsLost: number;
  readonly writeUnavailableUs: number;
  /** The longest recovery (crash recovery or failover), µs; null when there was none. */
  readonly longestRecoveryUs: number | null;
}

/** A place in the scenario file, 1-based. */
export interface Place {
  readonly line: number;
  readonly col: number;
}

/** One reason a case is not ok. */
export interface Finding {
  readonly kind: 'invariant' | 'expectation' | 'inconclusive' | 'drift';
  /** The checker, expectation or manifest field. */
  readonly name: string;
  readonly message: string;
  /** An invariant's first violation, simulated µs, and how many there were. */
  readonly timeUs?: number;
  readonly count?: number;
  /** The scenario field the finding is about (`['expect', 'recoveryTime']`), if any. */
  readonly path?: readonly string[];
  /** Where that field is written in the scenario file; only ever read from the file. */
  readonly place?: Place;
}

/** An exception: a simulator bug, or a scenario that would not parse. */
export interface CaseError {
  /** The error's class (`SimulatorBug`), or what went wrong (`non-deterministic`). */
  readonly type: string;
  readonly message: string;
  /** The stack, or one issue per line. */
  readonly detail?: string;
}

export interface CiCase {
  /** The scenario file as the user gave it (the JUnit classname). */
  readonly file: string;
  /** The scenario's name; the file when it could not be read. */
  readonly scenario: string;
  readonly seed?: number;
  /** `--set path=value` overrides the case ran with. */
  readonly sets: readonly string[];
  readonly verdict: CaseVerdict;
  readonly figures?: KeyFigures;
  readonly traceHash?: string;
  /** Empty for an ok case; in order of importance, the first is the headline. */
  readonly findings: readonly Finding[];
  readonly error?: CaseError;
  /** The command that reproduces the case. */
  readonly reproduce?: string;
  /** The command that accepts a deliberate change (check drift). */
  readonly accept?: string;
  /** The command that replays a file the command left behind (a fuzz capsule). */
  readonly capsule?: string;
  /** Wall time, ms: shown only where CI expects a time. */
  readonly wallMs?: number;
}

export interface CiReport {
  readonly command: 'run' | 'fuzz' | 'check';
  readonly cases: readonly CiCase[];
  /** Wall time of the whole command, ms. */
  readonly wallMs?: number;
}

/** `az-outage seed 42`, with the overrides when there are any. */
export function caseName(c: Pick<CiCase, 'scenario' | 'seed' | 'sets'>): string {
  const seed = c.seed === undefined ? '' : ` seed ${c.seed}`;
  const sets = c.sets.length === 0 ? '' : ` (${c.sets.map((s) => `--set ${s}`).join(' ')})`;
  return `${c.scenario}${seed}${sets}`;
}

/** A failure is ours to report; an error is a bug or input that stopped the run. */
export function outcomeOf(c: Pick<CiCase, 'verdict'>): 'passed' | 'failure' | 'error' {
  if (c.verdict === 'ok') return 'passed';
  return c.verdict === 'crashed' || c.verdict === 'invalid' ? 'error' : 'failure';
}

/** One line: `acked-commit-durable: commit 12 lost (first at 1.25 s, 3 violations)`. */
export function describeFinding(f: Finding): string {
  const when = f.timeUs === undefined ? [] : [`first at ${at(f.timeUs)}`];
  const many = f.count === undefined ? [] : [`${f.count} violation${f.count === 1 ? '' : 's'}`];
  const extra = [...when, ...many];
  return `${f.name}: ${readableDurations(oneLine(f.message))}${extra.length === 0 ? '' : ` (${extra.join(', ')})`}`;
}

/** The headline of a case that is not ok: its first finding, or its error. */
export function headline(c: CiCase): { readonly type: string; readonly message: string } {
  const first = c.findings[0];
  if (c.error !== undefined) return { type: c.error.type, message: oneLine(c.error.message) };
  if (first === undefined) return { type: c.verdict, message: c.verdict };
  return { type: first.kind === 'drift' ? 'golden-drift' : first.name, message: describeFinding(first) };
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
