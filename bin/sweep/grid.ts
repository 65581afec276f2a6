/**
 * What a sweep runs: the grid (`--grid path=v1,v2,...`, repeatable), every combination of its
 * values (a configuration), each repeated `--seeds N` times (a task). Tasks are numbered
 * configuration-major in the order the grid was given (the first `--grid` varies slowest),
 * repetitions innermost; shards take tasks by that number (`shard.ts`).
 *
 * A task's seed depends only on the sweep seed, its own configuration and its repetition,
 * never on its number or on the other values of the grid, so adding a value to the grid (or
 * repetitions to the sweep) leaves the tasks already run exactly as they were:
 *
 *   seed = the first 13 hex digits (52 bits) of
 *          SHA-256("aurora-sim/sweep/v1\0" + sweepSeed + "\0" + pairs + "\0" + repetition)
 *
 * where `pairs` is the configuration's `path=value` pairs sorted by path and joined by "\0",
 * each value exactly as written on the command line.
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from 'commander';

export interface GridAxis {
  readonly path: string;
  readonly values: readonly string[];
}

/** One combination of grid values: [path, value] in grid order. */
export type Configuration = readonly (readonly [string, string])[];

export interface SweepTask {
  /** The task's number in the sweep. */
  readonly index: number;
  readonly config: Configuration;
  /** 0..seeds-1. */
  readonly repetition: number;
  readonly seed: number;
}

const PATH = /^(?:[A-Za-z_$][\w$-]*|\d+)(?:\.(?:[A-Za-z_$][\w$-]*|\d+))*$/;

/** `--grid path=v1,v2,...`, as a commander argParser collecting axes in order. */
export function collectGrid(text: string, previous: GridAxis[] | undefined): GridAxis[] {
  const axis = parseAxis(text);
  if (typeof axis === 'string') throw new InvalidArgumentError(axis);
  return [...(previous ?? []), axis];
}

/** An axis, or what is wrong with the text. */
export function parseAxis(text: string): GridAxis | string {
  const equals = text.indexOf('=');
  if (equals < 0) return 'expected path=v1,v2,..., e.g. cluster.quorum.write=3,4,5';
  const path = text.slice(0, equals).trim();
  if (!PATH.test(path)) return `malformed path "${path}"; expected dotted keys like cluster.quorum.write`;
  if (path === 'seed') return 'seed cannot be a grid axis: each task derives its own seed (use --seeds and --sweep-seed)';
  const values = splitValues(text.slice(equals + 1));
  if (values.some((v) => v.trim() === '')) return `an empty value in "${text}"`;
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return `the value ${value} is listed twice for ${path}`;
    seen.add(value);
  }
  return { path, values };
}

/**
 * Splits at the commas outside brackets, braces and quotes, so a value may be a YAML flow
 * collection: `chaos.kinds=[crash],[crash,pause]` has two values.
 */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      values.push(text.slice(start, i));
      start = i + 1;
    }
  }
  values.push(text.slice(start));
  return values;
}

/** Refuses an axis named twice or also set for every task; returns what is wrong, if anything. */
export function gridProblem(axes: readonly GridAxis[], sets: readonly string[]): string | undefined {
  const paths = axes.map((a) => a.path);
  const twice = paths.find((p, i) => paths.indexOf(p) !== i);
  if (twice !== undefined) return `--grid ${twice} is given twice; list all its values in one --grid`;
  const setPaths = new Set(sets.map((s) => s.slice(0, s.indexOf('=')).trim()));
  const both = paths.find((p) => setPaths.has(p));
  if (both !== undefined) return `${both} is both a grid axis and a --set; drop one`;
  return undefined;
}

/** Every combination of the axes' values, the first axis varying slowest. */
export function configurations(axes: readonly GridAxis[]): Configuration[] {
  let configs: Configuration[] = [[]];
  for (const axis of axes) configs = configs.flatMap((c) => axis.values.map((v): Configuration => [...c, [axis.path, v]]));
  return configs;
}

/** Every task of the sweep, in task order. */
export function planTasks(axes: readonly GridAxis[], seeds: number, sweepSeed: number): SweepTask[] {
  const tasks: SweepTask[] = [];
  for (const config of configurations(axes)) {
    for (let repetition = 0; repetition < seeds; repetition++) {
      tasks.push({ index: tasks.length, config, repetition, seed: taskSeed(sweepSeed, config, repetition) });
    }
  }
  return tasks;
}

export function taskSeed(sweepSeed: number, config: Configuration, repetition: number): number {
  const pairs = [...config].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([p, v]) => `${p}=${v}`);
  const digest = createHash('sha256').update(`aurora-sim/sweep/v1\0${sweepSeed}\0${pairs.join('\0')}\0${repetition}`).digest('hex');
  return Number.parseInt(digest.slice(0, 13), 16);
}

/** The configuration as `--set` overrides. */
export function configSets(config: Configuration): string[] {
  return config.map(([path, value]) => `${path}=${value}`);
}

/** A configuration's identity: its pairs in grid order, e.g. `cluster.quorum.write=3 cluster.quorum.read=2`. */
export function configLabel(config: Configuration): string {
  return config.length === 0 ? '(no grid)' : configSets(config).join(' ');
}

/** A task's identity within its sweep, whatever its number: configuration and repetition. */
export function taskKey(config: Configuration, repetition: number): string {
  return `${configSets(config).join('\0')}\0#${repetition}`;
}
