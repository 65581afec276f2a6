/**
 * The scheduler examples shipped in bin/sweep/examples/ say what the sweep's shard contract
 * needs: the Kubernetes Job is Indexed and tells the pods the same count it runs, the GitHub
 * workflow gives each matrix job i/n from its matrix, the Slurm script is a bash array job, and
 * each writes one folder per shard with the sweep the README describes.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const examples = join(dirname(fileURLToPath(import.meta.url)), 'examples');
const text = (name: string): string => readFileSync(join(examples, name), 'utf8');

describe('scheduler examples', () => {
  it('Kubernetes: an Indexed Job whose pods get JOB_COMPLETIONS = spec.completions and one folder per index', () => {
    const job = parse(text('kubernetes-indexed-job.yaml')) as {
      kind: string;
      spec: { completionMode: string; completions: number; template: { spec: { containers: { env: { name: string; value: string }[]; args: string[] }[] } } };
    };
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0]!;
    expect(container.env).toContainEqual({ name: 'JOB_COMPLETIONS', value: String(job.spec.completions) });
    expect(container.args[0]).toMatch(/aurora-sim sweep .* --out \S*shard-\$JOB_COMPLETION_INDEX --resume$/);
  });

  it('GitHub Actions: each matrix job sets AURORA_SIM_SHARD to its shard of the matrix, and a merge job follows', () => {
    const workflow = parse(text('github-actions-sweep.yml')) as {
      jobs: { shard: { strategy: { matrix: { shard: number[] } }; env: Record<string, string> }; merge: { needs: string; steps: { run?: string }[] } };
    };
    expect(workflow.jobs.shard.strategy.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(workflow.jobs.shard.env.AURORA_SIM_SHARD).toBe('${{ matrix.shard }}/${{ strategy.job-total }}');
    expect(workflow.jobs.merge.needs).toBe('shard');
    expect(workflow.jobs.merge.steps.some((s) => s.run?.includes('aurora-sim merge shards/*') === true)).toBe(true);
  });

  it('Slurm: a bash job array writing one folder per array task', () => {
    const script = text('slurm-array.sh');
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toMatch(/^#SBATCH --array=0-3$/m);
    expect(script).toContain('--out "$OUT/shard-$SLURM_ARRAY_TASK_ID" --resume');
  });
});
