/**
 * Which share of the tasks a process runs: `--shard i/n`, or the variables a Kubernetes
 * Indexed Job, a Slurm job array or a CI matrix sets, and that the shares of n shards cover
 * every task exactly once.
 */
import { describe, expect, it } from 'vitest';
import { CliError } from '../exit.ts';
import { chooseShard, parseShardOption, shardFromEnv, shareOf } from './shard.ts';

describe('--shard i/n', () => {
  it('is 1-based and needs 1 <= i <= n', () => {
    expect(parseShardOption('2/4')).toEqual({ index: 2, count: 4, source: '--shard' });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '-1/2']) expect(() => parseShardOption(bad)).toThrow(/expected i\/n/);
  });

  it('wins over the environment, and 1/1 means the whole sweep whatever the environment says', () => {
    const env = { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' };
    expect(chooseShard(parseShardOption('3/5'), env)).toMatchObject({ index: 3, count: 5 });
    expect(chooseShard(parseShardOption('1/1'), env)).toBeUndefined();
    expect(chooseShard(undefined, env)).toMatchObject({ index: 2, count: 4 });
    expect(chooseShard(undefined, {})).toBeUndefined();
  });
});

describe('the shard from a scheduler', () => {
  it('Kubernetes Indexed Job: the 0-based JOB_COMPLETION_INDEX and JOB_COMPLETIONS the manifest sets', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '3' })).toMatchObject({ index: 1, count: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '3' })).toMatchObject({ index: 3, count: 3 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0' })).toThrow(/JOB_COMPLETIONS is not/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3', JOB_COMPLETIONS: '3' })).toThrow(/not below the count 3/);
  });

  it('Slurm job array: the task id counted from the array minimum, in its steps', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 1, count: 4 });
    const oneBased = { SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_STEP: '1' };
    expect(shardFromEnv({ ...oneBased, SLURM_ARRAY_TASK_ID: '4' })).toMatchObject({ index: 4, count: 4 });
    const stepped = { SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_STEP: '5' };
    expect(shardFromEnv({ ...stepped, SLURM_ARRAY_TASK_ID: '20' })).toMatchObject({ index: 3, count: 3 });
    expect(() => shardFromEnv({ ...stepped, SLURM_ARRAY_TASK_ID: '12' })).toThrow(/not on the array's range/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '0' })).toThrow(/SLURM_ARRAY_TASK_COUNT is not/);
  });

  it('a CI matrix: AURORA_SIM_SHARD=i/n, or GitLab parallel jobs (CI_NODE_INDEX from 1, CI_NODE_TOTAL)', () => {
    expect(shardFromEnv({ AURORA_SIM_SHARD: '2/3' })).toMatchObject({ index: 2, count: 3, source: 'AURORA_SIM_SHARD' });
    expect(shardFromEnv({ CI_NODE_INDEX: '1', CI_NODE_TOTAL: '2' })).toMatchObject({ index: 1, count: 2 });
    expect(() => shardFromEnv({ AURORA_SIM_SHARD: '3/2' })).toThrow(CliError);
  });

  it('takes the first that is set: AURORA_SIM_SHARD, Kubernetes, Slurm, GitLab; empty variables are unset', () => {
    const all = {
      AURORA_SIM_SHARD: '1/5',
      JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '6',
      SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '7',
      CI_NODE_INDEX: '4', CI_NODE_TOTAL: '8',
    };
    expect(shardFromEnv(all)?.count).toBe(5);
    expect(shardFromEnv({ ...all, AURORA_SIM_SHARD: '' })?.count).toBe(6);
    expect(shardFromEnv({ ...all, AURORA_SIM_SHARD: undefined, JOB_COMPLETION_INDEX: undefined })?.count).toBe(7);
    expect(shardFromEnv({ CI_NODE_TOTAL: '1' })).toBeUndefined();
  });
});

describe('shares', () => {
  it('of n shards cover every task exactly once, task i going to shard (i mod n) + 1', () => {
    const tasks = Array.from({ length: 23 }, (_, index) => ({ index }));
    for (const count of [1, 2, 3, 7, 30]) {
      const taken = Array.from({ length: count }, (_, i) => shareOf(tasks, { index: i + 1, count, source: 'test' }).map((t) => t.index)).flat();
      expect(taken.sort((a, b) => a - b)).toEqual(tasks.map((t) => t.index));
    }
    expect(shareOf(tasks, { index: 2, count: 3, source: 'test' }).map((t) => t.index)).toEqual([1, 4, 7, 10, 13, 16, 19, 22]);
  });
});
