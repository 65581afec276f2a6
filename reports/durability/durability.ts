/**
 * The `durability` command's outputs: the `--json` document (ARCHITECTURE.md §4.11) and the
 * text report, both pure functions of the cross-checks (`sim/durability/`).
 *
 * Each model gets one line per question: the exact probability from the Markov chain, the
 * Monte Carlo estimate with its 95% interval, its hits, effective sample size and relative
 * error, and AGREE or DISAGREE. An importance-sampling line whose guards fired says why its
 * interval is not to be trusted.
 */
import type { ChalkInstance } from 'chalk';
import { isPlain, QUESTIONS, type CrossCheck, type Estimate, type FailureRates, type QuestionCheck } from '../../sim/index.ts';
import { count } from '../format.ts';

export const DURABILITY_JSON_SCHEMA_VERSION = 1;

export interface DurabilityRun {
  readonly seed: number;
  readonly checks: readonly CrossCheck[];
}

/** Whether every line of every model agrees. */
export function allAgree(run: DurabilityRun): boolean {
  return run.checks.every((c) => QUESTIONS.every((q) => c.questions[q].agreement === 'agree'));
}

// ---------------------------------------------------------------------------------------------
// The --json document.

export function durabilityJson(run: DurabilityRun, tool: { readonly version: string }): object {
  return {
    schemaVersion: DURABILITY_JSON_SCHEMA_VERSION,
    tool: 'aurora-sim',
    version: tool.version,
    ok: allAgree(run),
    seed: run.seed,
    models: run.checks.map(modelJson),
  };
}

function modelJson(c: CrossCheck): object {
  const plain = isPlain(c.plan);
  return {
    name: c.model.name,
    layout: { azs: c.model.layout.azs, segmentsPerAz: c.model.layout.segmentsPerAz, write: c.model.layout.write, read: c.model.layout.read },
    rates: ratesJson(c.model.rates),
    sampling: {
      method: plain ? 'plain' : 'importance',
      runs: c.plan.runs,
      segmentBias: c.plan.segmentBias,
      azBias: c.plan.azBias,
      scope: c.plan.scope ?? 'degraded',
    },
    write: questionJson(c.questions.write),
    read: questionJson(c.questions.read),
    meanWeight: { mean: c.weights.mean, lo: c.weights.lo, hi: c.weights.hi },
  };
}

/** Microseconds, null for "never". */
function ratesJson(r: FailureRates): object {
  const us = (v: number): number | null => (Number.isFinite(v) ? v : null);
  return { segmentMtbfUs: us(r.segmentMtbf), azMtbfUs: us(r.azMtbf), mttrUs: r.mttr, azRestoreUs: r.azRestore, missionUs: r.mission };
}

function questionJson(q: QuestionCheck): object {
  const e = q.estimate;
  return {
    exact: q.exact,
    estimate: { p: e.p, lo: e.lo, hi: e.hi, hits: e.hits, ess: e.ess, relativeError: e.relativeError },
    agree: q.agreement === 'agree',
    unreliable: q.unreliable,
  };
}

// ---------------------------------------------------------------------------------------------
// The text report.

const HOUR = 3_600_000_000;
const SPANS: readonly (readonly [string, number])[] = [
  ['y', 8760 * HOUR],
  ['d', 24 * HOUR],
  ['h', HOUR],
  ['m', 60_000_000],
  ['s', 1_000_000],
];

/** A duration in the largest unit that writes it in at most three decimals: `1y`, `30d`, `10m`. */
export function spanText(us: number): string {
  if (!Number.isFinite(us)) return 'never';
  for (const [unit, size] of SPANS) {
    const value = us / size;
    if (value >= 1 && Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6) return `${Number(value.toFixed(3))}${unit}`;
  }
  return `${us}us`;
}

const sci = (p: number): string => (p === 0 ? '0' : p.toExponential(3));

export function durabilityText(run: DurabilityRun, chalk: ChalkInstance): string {
  const blocks = run.checks.map((c) => modelText(c, chalk));
  const lines = run.checks.length * QUESTIONS.length;
  const disagree = run.checks.reduce((n, c) => n + QUESTIONS.filter((q) => c.questions[q].agreement === 'disagree').length, 0);
  const verdict =
    disagree === 0
      ? chalk.green(`all ${lines} lines agree (seed ${run.seed})`)
      : chalk.red(`${disagree} of ${lines} lines disagree (seed ${run.seed}): each 95% interval misses 1 time in 20 by chance; one that misses again with more runs is a real disagreement`);
  return `${blocks.join('\n\n')}\n\n${verdict}`;
}

function modelText(c: CrossCheck, chalk: ChalkInstance): string {
  const { layout, rates } = c.model;
  const plain = isPlain(c.plan);
  const sampling = plain
    ? `plain Monte Carlo, ${count(c.plan.runs)} runs`
    : `importance sampling (failure rates ×${c.plan.segmentBias} segments, ×${c.plan.azBias} AZs while degraded), ${count(c.plan.runs)} runs`;
  const header = [
    chalk.bold(`${c.model.name}: ${layout.azs * layout.segmentsPerAz} copies, ${layout.segmentsPerAz} in each of ${layout.azs} AZs, write ${layout.write}, read ${layout.read}`),
    `  segment MTBF ${spanText(rates.segmentMtbf)}, AZ MTBF ${spanText(rates.azMtbf)}, MTTR ${spanText(rates.mttr)}, AZ restore ${spanText(rates.azRestore)}; P(lost within ${spanText(rates.mission)}) per PG`,
    `  ${sampling}`,
  ];
  const rows = QUESTIONS.map((q) => [`${q} quorum`, ...cells(c.questions[q])]);
  const table = align([['', 'exact (CTMC)', 'Monte Carlo', '95% interval', 'hits', 'ESS', 'rel. error'], ...rows.map((r) => r.slice(0, 7))]);
  const body = table.map((line, i) => {
    if (i === 0) return `  ${chalk.dim(line)}`;
    const check = c.questions[QUESTIONS[i - 1]!];
    const flag = check.agreement === 'agree' ? chalk.green('AGREE') : chalk.red('DISAGREE');
    const note = check.unreliable === null ? '' : chalk.yellow(`  (unreliable: ${check.unreliable})`);
    return `  ${line}  ${flag}${note}`;
  });
  const weight = plain ? [] : [`  mean weight ${c.weights.mean.toFixed(3)} [${c.weights.lo.toFixed(3)}, ${c.weights.hi.toFixed(3)}] (1 in expectation)`];
  return [...header, ...body, ...weight].join('\n');
}

function cells(q: QuestionCheck): string[] {
  const e: Estimate = q.estimate;
  return [
    sci(q.exact),
    sci(e.p),
    `[${sci(e.lo)}, ${sci(e.hi)}]`,
    count(e.hits),
    e.method === 'plain' ? '-' : e.ess.toFixed(1),
    e.relativeError === null ? '-' : `${(e.relativeError * 100).toFixed(1)}%`,
  ];
}

/** Pads each column to its widest cell: text columns left, the rest right. */
function align(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}
