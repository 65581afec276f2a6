/**
 * End-to-end: `aurora-sim sweep` and `aurora-sim merge` as a user and a scheduler meet them,
 * each case a real `node bin/cli.ts` process. A task is the run `run --seed K --set ...` gives;
 * adding a grid value leaves the tasks already run as they were; shards launched as separate
 * processes with a scheduler's variables merge into the same bytes as one machine's sweep;
 * merge names what is missing or duplicated; Ctrl-C stops a sweep cleanly and --resume
 * finishes an interrupted sweep into the same files; the CSV reads with Python's csv module; and the quorum grid shows the unsafe
 * cells losing commits and the safe ones none.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, cli, ROOT, TINY_SCENARIO, type Outcome } from './sweep/testing/cli.ts';

let dir = '';
let scenario = '';
const at = (...parts: string[]): string => join(dir, ...parts);
const read = (...parts: string[]): string => readFileSync(at(...parts), 'utf8');
const lines = (folder: string): Record<string, unknown>[] => read(folder, 'tasks.jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

const GRID = ['--grid', 'workload.rate=200/s,400/s', '--seeds', '3'];
let single: Outcome;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sweep-'));
  scenario = at('tiny.yaml');
  writeFileSync(scenario, TINY_SCENARIO);
  single = await cli(['sweep', scenario, ...GRID, '--jobs', '2', '--out', at('single')]);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('sweep', () => {
  it('runs every configuration times seeds and writes tasks, manifest, summary and CSV', () => {
    expect(single.code, single.stderr).toBe(0);
    const tasks = lines('single');
    expect(tasks.map((t) => t.task)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tasks.map((t) => (t.config as Record<string, string>)['workload.rate'])).toEqual(['200/s', '200/s', '200/s', '400/s', '400/s', '400/s']);
    expect(tasks.map((t) => t.repetition)).toEqual([0, 1, 2, 0, 1, 2]);
    const summary = JSON.parse(read('single', 'summary.json')) as { configurations: { config: object; tasks: number }[] };
    expect(summary.configurations.map((c) => [c.config, c.tasks])).toEqual([[{ 'workload.rate': '200/s' }, 3], [{ 'workload.rate': '400/s' }, 3]]);
    expect(read('single', 'summary.csv').split('\n')[0]).toMatch(/^workload\.rate,tasks,ok,failed,inconclusive,crashed,n,acked_lost_tasks,/);
    expect(single.stdout).toMatch(/^workload\.rate +n +P\(acked lost\) \[95% CI\]/m);
    expect(single.stdout).toMatch(/^200\/s +3 +0\.000 \[0\.000, 0\.561\]/m);
  });

  it("runs the file's sweep: section when no --grid is given: the same tasks as the flags", async () => {
    const withSection = at('tiny-with-sweep.yaml');
    writeFileSync(withSection, `${TINY_SCENARIO.trimEnd()}\nsweep:\n  grid:\n    workload.rate: [200/s, 400/s]\n  seeds: 3\n`);
    const fromFile = await cli(['sweep', withSection, '--jobs', '2', '--out', at('from-file')]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const keys = (folder: string) => lines(folder).map((t) => [t.config, t.seed, t.traceHash]);
    expect(keys('from-file')).toEqual(keys('single'));
    const replaced = await cli(['sweep', withSection, '--grid', 'workload.rate=300/s', '--seeds', '1', '--out', at('replaced')]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(lines('replaced').map((t) => t.config)).toEqual([{ 'workload.rate': '300/s' }]);
  });

  it('runs each task exactly as run --seed K --set path=v does', async () => {
    const task = lines('single')[4]!;
    const run = await cli(['run', scenario, '--seed', String(task.seed), '--set', 'workload.rate=400/s', '--json']);
    const doc = JSON.parse(run.stdout) as { traceHash: string; commits: { acknowledged: number; latencyHistogram: { buckets: unknown } } };
    expect(doc.traceHash).toBe(task.traceHash);
    expect(doc.commits.acknowledged).toBe(task.commitsAcknowledged);
    expect(doc.commits.latencyHistogram.buckets).toEqual((task.latencyHistogram as { buckets: unknown }).buckets);
  });

  it('leaves the tasks already run unchanged when the grid gains a value', async () => {
    const wider = await cli(['sweep', scenario, '--grid', 'workload.rate=200/s,300/s,400/s', '--seeds', '3', '--jobs', '2', '--out', at('wider')]);
    expect(wider.code, wider.stderr).toBe(0);
    const withoutNumber = (t: Record<string, unknown>): Record<string, unknown> => ({ ...t, task: undefined });
    const kept = lines('wider').filter((t) => ['200/s', '400/s'].includes((t.config as Record<string, string>)['workload.rate']!));
    expect(kept.map(withoutNumber)).toEqual(lines('single').map(withoutNumber));
  });

  it('stops before any task runs when a configuration does not parse, naming it', async () => {
    const bad = await cli(['sweep', scenario, '--grid', 'cluster.quorum.read=3,2', '--seeds', '1', '--out', at('bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/with cluster\.quorum\.read=2:\n .*write \+ read quorum \(4 \+ 2\) must exceed/);
    expect(() => read('bad', 'tasks.jsonl')).toThrow();
  });
});

describe('sharding and merge', () => {
  const shard = (name: string, env: Record<string, string>, extra: string[] = []): Promise<Outcome> =>
    cli(['sweep', scenario, ...GRID, '--jobs', '1', '--out', at(name), ...extra], env);

  let launched: Outcome[] = [];
  beforeAll(async () => {
    launched = await Promise.all([
      shard('k8s-0', { JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '2' }),
      shard('k8s-1', { JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '2' }),
      shard('flag-1', {}, ['--shard', '1/2']),
      shard('flag-2', {}, ['--shard', '2/2']),
      shard('slurm-1', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '2' }),
      shard('slurm-2', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '2' }),
    ]);
  }, 120_000);

  it('each shard process runs its share (task i mod n) and writes no summary', () => {
    for (const outcome of launched) expect(outcome.code, outcome.stderr).toBe(0);
    expect(lines('k8s-0').map((t) => t.task)).toEqual([0, 2, 4]);
    expect(lines('k8s-1').map((t) => t.task)).toEqual([1, 3, 5]);
    expect(lines('slurm-2').map((t) => t.task)).toEqual([1, 3, 5]);
    expect(launched[1]!.stderr).toMatch(/shard 2\/2 \(from JOB_COMPLETION_INDEX\/JOB_COMPLETIONS\): 3 of 6 tasks/);
    expect(() => read('k8s-0', 'summary.json')).toThrow();
  });

  it.each([
    ['Kubernetes Indexed Job', ['k8s-0', 'k8s-1']],
    ['--shard 1/2 and 2/2', ['flag-2', 'flag-1']],
    ['Slurm job array', ['slurm-1', 'slurm-2']],
  ])('merging the %s shards gives the unsharded sweep byte for byte', async (_name, folders) => {
    const out = `merged-${folders[0]}`;
    const merged = await cli(['merge', ...folders.map((f) => at(f)), '--out', at(out)]);
    expect(merged.code, merged.stderr).toBe(0);
    for (const file of ['summary.json', 'summary.csv', 'tasks.jsonl', 'sweep.json']) expect(read(out, file), file).toBe(read('single', file));
    expect(merged.stdout).toBe(single.stdout);
  });

  it('names the missing tasks with the shard that owed them, and the duplicated ones', async () => {
    const missing = await cli(['merge', at('slurm-1'), '--out', at('partial')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      'missing 3 of 6 task(s):\n  task 1 (workload.rate=200/s, repetition 1), owed by shard 2/2\n  task 3 (workload.rate=400/s, repetition 0), owed by shard 2/2',
    );
    const twice = await cli(['merge', at('k8s-0'), at('k8s-1'), at('flag-1'), '--out', at('twice')]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`duplicated 3 task(s):\n  task 0 (workload.rate=200/s, repetition 0) in ${at('k8s-0')}, ${at('flag-1')}`);
    expect(() => read('partial', 'summary.json')).toThrow();
  });

  it('refuses folders of different sweeps, naming what differs', async () => {
    const other = await cli(['merge', at('k8s-0'), at('wider'), '--out', at('mixed')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds another sweep than .*: grid .* vs .*; tasks 6 vs 9/);
  });
});

describe('--resume', () => {
  it('finishes an interrupted sweep into the same files, running only the tasks that are not there', async () => {
    cpSync(at('single'), at('resumed'), { recursive: true });
    rmSync(at('resumed', 'summary.json'));
    const [first, second, third] = read('resumed', 'tasks.jsonl').split('\n');
    // Killed while writing the third line: two whole lines and a torn one.
    writeFileSync(at('resumed', 'tasks.jsonl'), `${first}\n${second}\n${third!.slice(0, 40)}`);
    const refused = await cli(['sweep', scenario, ...GRID, '--out', at('resumed')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already holds 2 task\(s\): pass --resume/);
    const resumed = await cli(['sweep', scenario, ...GRID, '--jobs', '2', '--out', at('resumed'), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming: 2 task\(s\) already in .*, 4 to run/);
    for (const file of ['summary.json', 'summary.csv', 'tasks.jsonl']) expect(read('resumed', file), file).toBe(read('single', file));
  });

  it('stops on Ctrl-C after the tasks running, exits 130, and says how to continue', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/cli.ts', 'sweep', scenario, '--seeds', '200', '--jobs', '1', '--out', at('interrupted')], {
      cwd: ROOT, env: cleanEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (!existsSync(at('interrupted', 'tasks.jsonl')) || read('interrupted', 'tasks.jsonl') === '') await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const kept = lines('interrupted').length;
    expect(kept).toBeLessThan(200);
    expect(stderr).toContain(`interrupted: ${kept} of 200 task(s) in ${at('interrupted', 'tasks.jsonl')}; the same command with --resume continues`);
    expect(existsSync(at('interrupted', 'summary.json'))).toBe(false);
  });

  it('refuses to continue another sweep', async () => {
    const other = await cli(['sweep', scenario, '--grid', 'workload.rate=200/s', '--seeds', '3', '--out', at('single'), '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds another sweep: grid/);
  });
});

describe('the quorum grid over V = 6 under disk loss', () => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await cli([
      'sweep', 'bin/sweep/examples/quorum-grid.yaml', '--grid', 'cluster.quorum.write=3,4,5', '--grid', 'cluster.quorum.read=2,3,4',
      '--seeds', '2', '--jobs', '2', '--out', at('quorum'),
    ]);
  }, 120_000);

  it('loses acknowledged commits only where write + read <= 6', () => {
    expect(outcome.code, outcome.stderr).toBe(0);
    const summary = JSON.parse(read('quorum', 'summary.json')) as { configurations: { config: Record<string, string>; ackedCommitLost: { k: number; n: number } }[] };
    const losing = summary.configurations.filter((c) => c.ackedCommitLost.k > 0).map((c) => `${c.config['cluster.quorum.write']}/${c.config['cluster.quorum.read']}`);
    expect(losing).toEqual(['3/2', '3/3', '4/2']);
    for (const c of summary.configurations) {
      const unsafe = Number(c.config['cluster.quorum.write']) + Number(c.config['cluster.quorum.read']) <= 6;
      if (!unsafe) expect(c.ackedCommitLost.k, JSON.stringify(c.config)).toBe(0);
    }
  });

  it("writes a CSV that Python's csv module reads with every number a float", (context) => {
    const python = ['python3', 'python'].find((p) => {
      try {
        execFileSync(p, ['--version'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
    if (python === undefined) {
      context.skip('python3 is not installed: the CSV is not read with Python here');
      return;
    }
    const check = [
      'import csv, sys',
      'rows = list(csv.DictReader(open(sys.argv[1], newline="")))',
      'assert len(rows) == 9, len(rows)',
      'for row in rows:',
      '    for key, value in row.items():',
      '        assert key.replace(".", "_").isidentifier(), key',
      '        if value != "": float(value)',
      'print(sum(int(r["acked_lost_tasks"]) for r in rows), rows[0]["acked_lost_p"], rows[0]["acked_lost_lo"])',
    ].join('\n');
    const printed = execFileSync(python, ['-c', check, at('quorum', 'summary.csv')], { encoding: 'utf8' });
    expect(printed.trim()).toBe('5 1 0.34238');
  });
});
