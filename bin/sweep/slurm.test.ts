/**
 * A real Slurm job array: the shipped script (bin/sweep/examples/slurm-array.sh) submitted with
 * `sbatch --array=0-1 --wait` to a private single-node cluster, each array task taking its
 * shard from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, and the merge of their folders
 * equal, byte for byte, to the sweep run in one process. Where Slurm cannot run here (not
 * installed, not root, the daemons do not start), the test is skipped and says why.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, run, TINY_SCENARIO } from './testing/cli.ts';
import { startLocalSlurm, type LocalSlurm } from './testing/local-slurm.ts';

let cluster: LocalSlurm | string = 'not started';
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sbatch-'));
  cluster = await startLocalSlurm();
  if (typeof cluster === 'string') console.warn(`skipped: the sbatch --array test: ${cluster}`);
}, 120_000);

afterAll(() => {
  if (typeof cluster !== 'string') cluster.stop();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('a Slurm job array', () => {
  it('runs one shard per array task, and their merge is the unsharded sweep', async (context) => {
    if (typeof cluster === 'string') {
      context.skip(cluster);
      return;
    }
    const scenario = join(dir, 'tiny.yaml');
    writeFileSync(scenario, TINY_SCENARIO);
    const grid = ['--grid', 'workload.rate=200/s,400/s'];
    const job = {
      ...cluster.env,
      AURORA_SIM: `${process.execPath} --import tsx ${join(ROOT, 'bin/cli.ts')}`,
      SCENARIO: scenario,
      GRID: grid.join(' '),
      SEEDS: '3',
      OUT: join(dir, 'array'),
    };
    const submitted = await run('sbatch', ['--wait', '--array=0-1', '--cpus-per-task=1', `--output=${join(dir, 'slurm-%a.log')}`, 'bin/sweep/examples/slurm-array.sh'], job);
    const logs = readdirSync(dir).filter((f) => f.startsWith('slurm-')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(submitted.code, `${submitted.stderr}\n${logs.join('\n')}`).toBe(0);
    expect(logs.join('\n')).toContain('shard 1/2 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT): 3 of 6 tasks');
    expect(logs.join('\n')).toContain('shard 2/2 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT): 3 of 6 tasks');

    const [single, merged] = await Promise.all([
      cli(['sweep', scenario, ...grid, '--seeds', '3', '--out', join(dir, 'single')]),
      cli(['merge', join(dir, 'array', 'shard-0'), join(dir, 'array', 'shard-1'), '--out', join(dir, 'merged')]),
    ]);
    expect(single.code, single.stderr).toBe(0);
    expect(merged.code, merged.stderr).toBe(0);
    for (const file of ['summary.json', 'summary.csv', 'tasks.jsonl']) {
      expect(readFileSync(join(dir, 'merged', file), 'utf8'), file).toBe(readFileSync(join(dir, 'single', file), 'utf8'));
    }
  }, 240_000);
});
