/**
 * The grid: how `--grid` values are read, the order of configurations and tasks, and the rule
 * that a task's seed depends on nothing but the sweep seed, its own values and its repetition.
 */
import { describe, expect, it } from 'vitest';
import { configurations, gridProblem, parseAxis, planTasks, splitValues, taskSeed, type GridAxis } from './grid.ts';

const axis = (text: string): GridAxis => {
  const parsed = parseAxis(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('--grid values', () => {
  it('are split at commas outside brackets, braces and quotes', () => {
    expect(splitValues('3,4,5')).toEqual(['3', '4', '5']);
    expect(splitValues('[crash],[crash,pause]')).toEqual(['[crash]', '[crash,pause]']);
    expect(splitValues('{dist: constant, value: 1ms},"a,b"')).toEqual(['{dist: constant, value: 1ms}', '"a,b"']);
  });

  it('name a dotted path and at least one value, each once', () => {
    expect(axis('cluster.quorum.write=3,4')).toEqual({ path: 'cluster.quorum.write', values: ['3', '4'] });
    expect(parseAxis('cluster.quorum.write')).toMatch(/expected path=v1,v2/);
    expect(parseAxis('cluster..write=3')).toMatch(/malformed path/);
    expect(parseAxis('workload.rate=1/s,,2/s')).toMatch(/empty value/);
    expect(parseAxis('workload.rate=1/s,1/s')).toMatch(/listed twice/);
  });

  it('never vary the seed, which each task derives', () => {
    expect(parseAxis('seed=1,2')).toMatch(/seed cannot be a grid axis/);
  });

  it('may not name a path twice, or one that --set also sets', () => {
    expect(gridProblem([axis('a.b=1'), axis('a.b=2')], [])).toMatch(/given twice/);
    expect(gridProblem([axis('a.b=1')], ['a.b=3'])).toMatch(/both a grid axis and a --set/);
    expect(gridProblem([axis('a.b=1')], ['a.c=3'])).toBeUndefined();
  });
});

describe('configurations and tasks', () => {
  const grid = [axis('cluster.quorum.write=3,4'), axis('cluster.quorum.read=2,3,4')];

  it('take every combination, the first axis varying slowest', () => {
    expect(configurations(grid).map((c) => c.map(([, v]) => v).join('/'))).toEqual(['3/2', '3/3', '3/4', '4/2', '4/3', '4/4']);
    expect(configurations([])).toEqual([[]]);
  });

  it('number the tasks configuration by configuration, repetitions innermost', () => {
    const tasks = planTasks(grid, 2, 1);
    expect(tasks).toHaveLength(12);
    expect(tasks.map((t) => t.index)).toEqual([...Array(12).keys()]);
    expect(tasks.slice(0, 3).map((t) => [t.config.map(([, v]) => v).join('/'), t.repetition])).toEqual([['3/2', 0], ['3/2', 1], ['3/3', 0]]);
  });
});

describe('task seeds', () => {
  it('are whole numbers below 2^52, different for every task', () => {
    const tasks = planTasks([axis('a=1,2,3'), axis('b=x,y')], 20, 7);
    const seeds = new Set(tasks.map((t) => t.seed));
    expect(seeds.size).toBe(tasks.length);
    for (const seed of seeds) expect(Number.isSafeInteger(seed) && seed >= 0 && seed < 2 ** 52).toBe(true);
  });

  it('do not change when the grid gains values or axes order changes, or more repetitions are asked for', () => {
    const before = planTasks([axis('a=1,2'), axis('b=x')], 3, 7);
    const after = planTasks([axis('b=w,x'), axis('a=0,1,2')], 5, 7);
    const seedOf = (tasks: typeof before, a: string, b: string, rep: number): number | undefined =>
      tasks.find((t) => t.repetition === rep && t.config.some(([p, v]) => p === 'a' && v === a) && t.config.some(([p, v]) => p === 'b' && v === b))?.seed;
    for (const a of ['1', '2']) for (let rep = 0; rep < 3; rep++) expect(seedOf(after, a, 'x', rep)).toBe(seedOf(before, a, 'x', rep));
  });

  it('follow the documented derivation, and change with the sweep seed', () => {
    // SHA-256("aurora-sim/sweep/v1\0" + 1 + "\0" + "a=1\0b=x" + "\0" + 0), first 13 hex digits (Python's hashlib).
    expect(taskSeed(1, [['b', 'x'], ['a', '1']], 0)).toBe(2_254_919_017_659_822);
    expect(taskSeed(1, [['a', '1'], ['b', 'x']], 0)).toBe(2_254_919_017_659_822);
    expect(taskSeed(2, [['a', '1']], 0)).not.toBe(taskSeed(1, [['a', '1']], 0));
    expect(taskSeed(1, [['a', '1']], 1)).not.toBe(taskSeed(1, [['a', '1']], 0));
  });
});
