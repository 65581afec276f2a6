/**
 * `sweep.json`: what a sweep folder holds the tasks of — the scenario (by name, path and the
 * SHA-256 of its text), the `--set`s, the grid, the repetitions, the sweep seed, the tool
 * version and the shard. `--resume` continues a folder only for the same sweep and shard, and
 * `merge` combines folders only of the same sweep; each names the fields that differ.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, errorReason } from '../exit.ts';
import type { GridAxis } from './grid.ts';
import type { Shard } from './shard.ts';

export const MANIFEST_FILE = 'sweep.json';
export const TASKS_FILE = 'tasks.jsonl';
export const SUMMARY_JSON = 'summary.json';
export const SUMMARY_CSV = 'summary.csv';

export interface SweepManifest {
  readonly format: 'aurora-sim-sweep';
  readonly version: 1;
  /** The aurora-sim version that ran the tasks. */
  readonly tool: string;
  readonly scenario: string;
  readonly file: string;
  readonly scenarioSha256: string;
  readonly sets: readonly string[];
  readonly grid: readonly GridAxis[];
  readonly seeds: number;
  readonly sweepSeed: number;
  /** Tasks in the whole sweep, every shard's. */
  readonly tasks: number;
  /** The share this folder holds; null for the whole sweep. */
  readonly shard: { readonly index: number; readonly count: number } | null;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function manifestShard(shard: Shard | undefined): SweepManifest['shard'] {
  return shard === undefined ? null : { index: shard.index, count: shard.count };
}

export function manifestJson(manifest: SweepManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The manifest in `dir`, undefined if there is none; a malformed one stops the command. */
export function readManifest(dir: string): SweepManifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError('invalid-manifest', `${path}: cannot read (${errorReason(error)})`);
  }
  const problem = shapeProblem(value);
  if (problem !== undefined) throw new CliError('invalid-manifest', `${path}: not a sweep manifest (${problem})`);
  return value as SweepManifest;
}

const FIELDS = ['tool', 'scenario', 'file', 'scenarioSha256', 'sets', 'grid', 'seeds', 'sweepSeed', 'tasks'] as const;

function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const m = value as Record<string, unknown>;
  if (m.format !== 'aurora-sim-sweep') return 'format is not "aurora-sim-sweep"';
  if (m.version !== 1) return `version ${String(m.version)} is not 1`;
  for (const key of ['tool', 'scenario', 'file', 'scenarioSha256'] as const) if (typeof m[key] !== 'string') return `${key} is not a string`;
  for (const key of ['seeds', 'sweepSeed', 'tasks'] as const) if (!Number.isSafeInteger(m[key])) return `${key} is not a whole number`;
  if (!Array.isArray(m.sets) || !m.sets.every((s) => typeof s === 'string')) return 'sets is not a list of strings';
  const axisOk = (a: unknown): boolean =>
    typeof a === 'object' && a !== null && typeof (a as GridAxis).path === 'string' && Array.isArray((a as GridAxis).values) && (a as GridAxis).values.every((v) => typeof v === 'string');
  if (!Array.isArray(m.grid) || !m.grid.every(axisOk)) return 'grid is not a list of { path, values }';
  const shard = m.shard as { index?: unknown; count?: unknown } | null | undefined;
  if (shard !== null && (typeof shard !== 'object' || !Number.isSafeInteger(shard.index) || !Number.isSafeInteger(shard.count))) return 'shard is not null or { index, count }';
  return undefined;
}

/** The fields in which two manifests describe different sweeps (the shard aside unless asked). */
export function differences(a: SweepManifest, b: SweepManifest, withShard: boolean): string[] {
  const fields: string[] = FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
  if (withShard && JSON.stringify(a.shard) !== JSON.stringify(b.shard)) fields.push('shard');
  return fields;
}

/** `sets ["a=1"] vs ["a=2"]`, for a message. */
export function describeDifference(field: string, a: SweepManifest, b: SweepManifest): string {
  const value = (m: SweepManifest): string => JSON.stringify((m as unknown as Record<string, unknown>)[field]);
  return `${field} ${value(a)} vs ${value(b)}`;
}
