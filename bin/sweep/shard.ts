/**
 * Which share of a sweep's tasks this process runs: shard i of n takes the tasks whose number
 * is i − 1 modulo n (tasks are numbered as in `grid.ts`), so n shards cover every task once
 * whatever each task costs to run, and the split needs no coordination.
 *
 * `--shard i/n` (1-based) wins. Without it the shard comes from the environment a scheduler
 * sets, the first of these that is present:
 *
 *   AURORA_SIM_SHARD=i/n                       any CI matrix or script (1-based, as --shard)
 *   JOB_COMPLETION_INDEX + JOB_COMPLETIONS     a Kubernetes Indexed Job: Kubernetes sets the
 *                                              0-based index; the manifest sets JOB_COMPLETIONS
 *                                              to spec.completions (Kubernetes does not)
 *   SLURM_ARRAY_TASK_ID + SLURM_ARRAY_TASK_COUNT  a Slurm job array over a range
 *                                              (--array=0-3 or 1-4, a step allowed), read with
 *                                              SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_STEP
 *   CI_NODE_INDEX + CI_NODE_TOTAL              a GitLab CI job with `parallel: n` (1-based)
 *
 * `--shard 1/1` runs every task whatever the environment says.
 */
import { InvalidArgumentError } from 'commander';
import { CliError } from '../exit.ts';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  /** Where it came from: `--shard`, or the variables that gave it. */
  readonly source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `--shard i/n`, as a commander argParser. */
export function parseShardOption(text: string): Shard {
  const shard = parseShard(text, '--shard');
  if (typeof shard === 'string') throw new InvalidArgumentError(shard);
  return shard;
}

function parseShard(text: string, source: string): Shard | string {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    return `expected i/n with 1 <= i <= n (e.g. 2/4), got "${text}"`;
  }
  return { index, count, source };
}

/** The shard the flag or the environment asks for; undefined for the whole sweep. */
export function chooseShard(flag: Shard | undefined, env: Env): Shard | undefined {
  const shard = flag ?? shardFromEnv(env);
  return shard === undefined || shard.count === 1 ? undefined : shard;
}

export function shardFromEnv(env: Env): Shard | undefined {
  const set = (name: string): string | undefined => (env[name]?.trim() === '' ? undefined : env[name]?.trim());
  const generic = set('AURORA_SIM_SHARD');
  if (generic !== undefined) return orStop(parseShard(generic, 'AURORA_SIM_SHARD'), 'AURORA_SIM_SHARD');
  const k8s = set('JOB_COMPLETION_INDEX');
  if (k8s !== undefined) {
    const count = need(set('JOB_COMPLETIONS'), 'JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but JOB_COMPLETIONS is not: set it in the Job\'s env to spec.completions');
    return fromZeroBased(Number(k8s), whole(count, 'JOB_COMPLETIONS'), 'JOB_COMPLETION_INDEX/JOB_COMPLETIONS');
  }
  const slurm = set('SLURM_ARRAY_TASK_ID');
  if (slurm !== undefined) {
    const count = whole(need(set('SLURM_ARRAY_TASK_COUNT'), 'SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not'), 'SLURM_ARRAY_TASK_COUNT');
    const min = whole(set('SLURM_ARRAY_TASK_MIN') ?? '0', 'SLURM_ARRAY_TASK_MIN');
    const step = whole(set('SLURM_ARRAY_TASK_STEP') ?? '1', 'SLURM_ARRAY_TASK_STEP');
    const offset = whole(slurm, 'SLURM_ARRAY_TASK_ID') - min;
    if (step < 1 || offset % step !== 0) throw usage(`SLURM_ARRAY_TASK_ID ${slurm} is not on the array's range (min ${min}, step ${step}); submit with --array=0-N or 1-N`);
    return fromZeroBased(offset / step, count, 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT');
  }
  const gitlab = set('CI_NODE_INDEX');
  if (gitlab !== undefined) {
    const total = whole(need(set('CI_NODE_TOTAL'), 'CI_NODE_INDEX is set but CI_NODE_TOTAL is not'), 'CI_NODE_TOTAL');
    return fromZeroBased(whole(gitlab, 'CI_NODE_INDEX') - 1, total, 'CI_NODE_INDEX/CI_NODE_TOTAL');
  }
  return undefined;
}

function fromZeroBased(index: number, count: number, source: string): Shard {
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw usage(`${source}: shard ${index} (0-based) is not below the count ${count}`);
  return { index: index + 1, count, source };
}

function whole(text: string, name: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw usage(`${name} must be a whole number, got "${text}"`);
  return n;
}

function need(value: string | undefined, message: string): string {
  if (value === undefined) throw usage(message);
  return value;
}

function orStop(shard: Shard | string, name: string): Shard {
  if (typeof shard === 'string') throw usage(`${name}: ${shard}`);
  return shard;
}

function usage(message: string): CliError {
  return new CliError('usage', message);
}

/** The tasks of one shard, in task order. */
export function shareOf<T extends { readonly index: number }>(tasks: readonly T[], shard: Shard | undefined): T[] {
  return shard === undefined ? [...tasks] : tasks.filter((t) => t.index % shard.count === shard.index - 1);
}

/** `2/4`. */
export function describeShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
