/**
 * `aurora-sim durability`: the analytic cross-check of the failure model. For each layout (a
 * named preset, every preset by default, or one given by --azs/--segments-per-az/--write/
 * --read), the exact probability of losing the write quorum and the read quorum within the
 * mission, per PG, from the Markov chain, beside a Monte Carlo estimate of the same process
 * with its 95% interval, and AGREE or DISAGREE per line (`sim/durability/`; the report in
 * `reports/durability/`). `--is K` switches to importance sampling.
 *
 * Durations go through the scenario files' parser, plus `d` (24h) and `y` (365 days, 8760h)
 * for the long means this needs, and `never` for an MTBF. Exit 0 if every line agrees, 1 if
 * one disagrees, 2 for bad input.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { allAgree, durabilityJson, durabilityText } from '../../reports/durability/durability.ts';
import {
  crossCheck,
  layoutProblems,
  parseDuration,
  PRESETS,
  presetNamed,
  rateProblems,
  type DurabilityModel,
  type FailureRates,
  type Layout,
} from '../../sim/index.ts';
import { CliError, ExitCode } from '../exit.ts';
import { positiveInteger, wholeNumber } from '../options.ts';
import { print, printJson, type Session } from '../session.ts';

const HOUR_US = 3_600_000_000;
const LONG_UNITS: Readonly<Record<string, number>> = { d: 24, y: 8760 };

/**
 * A duration in microseconds: anything the scenario parser reads (`10m`, `1.5h`), or a number
 * of days or years (`30d`, `1y`), read as that many hours by the same parser and scaled, so no
 * float residue creeps in. Past 2^53 µs (285 years) the value is still a fine mean, if not exact.
 */
export function longDuration(value: string): number {
  const long = /^(.*\d)\s*([dy])$/.exec(value.trim());
  const parsed = parseDuration(long === null ? value : `${long[1]}h`);
  if (!parsed.ok) {
    const message = parsed.message
      .replace(`"${long?.[1]}h"`, `"${value}"`)
      .replace('like "250us" or "1.5s"', 'like "10m", "1.5h", "30d" or "1y"')
      .replace('ns, us, ms, s, m, h ', 'ns, us, ms, s, m, h, d, y ')
      .replace('ns, us, ms, s, m or h', 'ns, us, ms, s, m, h, d or y');
    throw new InvalidArgumentError(message);
  }
  const us = long === null ? parsed.value : parsed.value * LONG_UNITS[long[2]!]!;
  if (!(us > 0)) throw new InvalidArgumentError('expected a positive duration');
  return us;
}

/** An MTBF: a duration, or `never`. */
export function meanTimeBetweenFailures(value: string): number {
  return value.trim() === 'never' ? Infinity : longDuration(value);
}

/** A failure-rate factor for importance sampling: a number >= 1. */
export function biasFactor(value: string): number {
  const k = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || !(k >= 1) || !Number.isFinite(k)) throw new InvalidArgumentError('expected a factor of at least 1, e.g. 30 or 1000');
  return k;
}

export interface DurabilityFlags {
  readonly model?: readonly string[];
  readonly azs?: number;
  readonly segmentsPerAz?: number;
  readonly write?: number;
  readonly read?: number;
  readonly segmentMtbf: number;
  readonly azMtbf: number;
  readonly mttr: number;
  readonly azRestore?: number;
  readonly mission: number;
  readonly runs: number;
  readonly is?: number;
  readonly isAz?: number;
  readonly seed: number;
}

export function defineDurability(
  command: Command,
  context: { readonly session: Session; readonly pkg: { readonly version: string }; readonly done: (code: ExitCode) => void },
): Command {
  const names = PRESETS.map((p) => p.name);
  return command
    .description('cross-check the failure model: exact P(quorum lost) per PG beside a Monte Carlo estimate')
    .addOption(new Option('--model <name>', `a preset layout (repeatable; default: all of them)`).choices(names).argParser(collectModel(names)))
    .option('--azs <n>', 'a layout of your own: AZs', positiveInteger)
    .option('--segments-per-az <n>', 'a layout of your own: segments in each AZ', positiveInteger)
    .option('--write <n>', 'a layout of your own: the write quorum Vw', positiveInteger)
    .option('--read <n>', 'a layout of your own: the read quorum Vr', positiveInteger)
    .requiredOption('--segment-mtbf <duration>', "a segment's mean time between failures (e.g. 1y, 90d, or never)", meanTimeBetweenFailures)
    .requiredOption('--az-mtbf <duration>', "an AZ's mean time between outages (e.g. 50y, or never)", meanTimeBetweenFailures)
    .requiredOption('--mttr <duration>', 'mean time to re-replicate a failed segment (e.g. 10m, 1h)', longDuration)
    .option('--az-restore <duration>', "mean length of an AZ outage (default: the MTTR)", longDuration)
    .option('--mission <duration>', 'the span the probabilities are of', longDuration, 8760 * HOUR_US)
    .option('--runs <n>', 'Monte Carlo runs (missions) per model', positiveInteger, 100_000)
    .option('--is <k>', 'importance sampling: multiply failure rates by k while the PG is degraded', biasFactor)
    .option('--is-az <k>', 'importance sampling: the factor for AZ failures (default: --is)', biasFactor)
    .option('--seed <n>', 'root seed of the Monte Carlo', wholeNumber, 1)
    .action((opts: DurabilityFlags) => context.done(durabilityCommand(context.session, opts, context.pkg)));
}

function collectModel(names: readonly string[]): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    if (!names.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${names.join(', ')}.`);
    return [...(previous ?? []), value];
  };
}

export function durabilityCommand(session: Session, flags: DurabilityFlags, tool: { readonly version: string }): ExitCode {
  const rates: FailureRates = {
    segmentMtbf: flags.segmentMtbf,
    azMtbf: flags.azMtbf,
    mttr: flags.mttr,
    azRestore: flags.azRestore ?? flags.mttr,
    mission: flags.mission,
  };
  const problems = rateProblems(rates);
  if (problems.length > 0) throw new CliError('usage', problems.join('; '));
  const models = modelsOf(flags, rates);
  const segmentBias = flags.is ?? 1;
  const plan = { runs: flags.runs, segmentBias, azBias: flags.isAz ?? segmentBias };
  const run = { seed: flags.seed, checks: models.map((m) => crossCheck(m, plan, flags.seed)) };
  if (session.flags.json) printJson(session, durabilityJson(run, tool));
  else if (!session.flags.quiet) print(session, durabilityText(run, session.color));
  return allAgree(run) ? ExitCode.ok : ExitCode.failed;
}

function modelsOf(flags: DurabilityFlags, rates: FailureRates): DurabilityModel[] {
  const own = [flags.azs, flags.segmentsPerAz, flags.write, flags.read];
  if (own.some((v) => v !== undefined)) {
    if (flags.model !== undefined) throw new CliError('usage', '--model and a layout of your own (--azs, --segments-per-az, --write, --read) exclude each other');
    if (own.some((v) => v === undefined)) throw new CliError('usage', 'a layout of your own needs all of --azs, --segments-per-az, --write and --read');
    const layout: Layout = { azs: flags.azs!, segmentsPerAz: flags.segmentsPerAz!, write: flags.write!, read: flags.read! };
    const problems = layoutProblems(layout);
    if (problems.length > 0) throw new CliError('usage', problems.join('; '));
    return [{ name: `${layout.azs}x${layout.segmentsPerAz}-${layout.write}-${layout.read}`, layout, rates }];
  }
  const names = flags.model ?? PRESETS.map((p) => p.name);
  return [...new Set(names)].map((name) => ({ name, layout: presetNamed(name)!.layout, rates }));
}
