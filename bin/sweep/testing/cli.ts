/**
 * Running the CLI as a user does, in a fresh process, for the sweep tests: without colour, and
 * without the variables by which a scheduler picks a shard, since the tests may themselves run
 * under one (a CI matrix, a Slurm job) and must say which shard they mean.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const SHARD_VARIABLES = [
  'AURORA_SIM_SHARD', 'JOB_COMPLETION_INDEX', 'JOB_COMPLETIONS', 'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_COUNT',
  'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_MAX', 'SLURM_ARRAY_TASK_STEP', 'CI_NODE_INDEX', 'CI_NODE_TOTAL',
];

/** The environment of this process, without colour and shard variables, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, AURORA_SIM_PROGRAM: undefined };
  for (const name of SHARD_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

/** `aurora-sim ARGS` from the repository root through tsx. */
export function cli(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return run(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], env);
}

export function run(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd: ROOT, env: cleanEnv(env), encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A scenario small enough that a sweep of a few tasks takes seconds: one PG, a crash, 300 ms. */
export const TINY_SCENARIO = [
  'version: 1',
  'name: tiny-sweep',
  'seed: 1',
  'duration: 300ms',
  'cluster: { protectionGroups: 1, replicas: 0 }',
  'workload: { rate: 300/s }',
  'faults:',
  '  - { at: 100ms, kind: crash, target: "node:0", for: 50ms }',
  'convergeWithin: 150ms',
  '',
].join('\n');
