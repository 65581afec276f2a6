/**
 * End-to-end: `run --report`, `sweep --report` and `merge --report` as a user meets them, each
 * a real `node bin/cli.ts` process. The report is written where asked, its folder created; the
 * same run writes the same bytes from another process; a bad path fails before the run; a
 * shard writes no report and the merge of the shards writes the same page as one machine.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY_SCENARIO } from './sweep/testing/cli.ts';

let dir = '';
let scenario = '';
const at = (...parts: string[]): string => join(dir, ...parts);

/** The `aurora-sim-data` block of a report page. */
function data(path: string): Record<string, any> {
  const match = /<script type="application\/json" id="aurora-sim-data">(.*?)<\/script>/s.exec(readFileSync(path, 'utf8'));
  return JSON.parse(match![1]!) as Record<string, any>;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-report-'));
  scenario = at('tiny.yaml');
  writeFileSync(scenario, TINY_SCENARIO);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('run --report', () => {
  it('writes one HTML file, creating its folder, with the run --json document in it', async () => {
    const path = at('new', 'folder', 'run.html');
    const outcome = await cli(['run', scenario, '--report', path, '--json']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const report = data(path);
    expect(report).toMatchObject({ format: 'aurora-sim-report', version: 1, kind: 'run' });
    expect(report.run).toEqual(JSON.parse(outcome.stdout));
    expect(readFileSync(path, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('writes the same bytes for the same run from another process', async () => {
    const [a, b] = await Promise.all([
      cli(['run', scenario, '--seed', '7', '--report', at('a.html'), '--quiet']),
      cli(['run', scenario, '--seed', '7', '--report', at('b.html'), '--quiet']),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(at('a.html'), 'utf8')).toBe(readFileSync(at('b.html'), 'utf8'));
  });

  it('fails before the run when the report cannot be written (exit 2)', async () => {
    writeFileSync(at('a-file'), '');
    const outcome = await cli(['run', scenario, '--report', at('a-file', 'run.html')]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('cannot write');
  });
});

describe('sweep --report and merge --report', () => {
  const GRID = ['--grid', 'workload.rate=200/s,400/s', '--seeds', '2', '--jobs', '2'];

  it("write the sweep's page, and a merge of its shards the same bytes", async () => {
    const whole = await cli(['sweep', scenario, ...GRID, '--out', at('whole'), '--report', at('pages', 'sweep.html')]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(data(at('pages', 'sweep.html'))).toMatchObject({ kind: 'sweep', summary: JSON.parse(readFileSync(at('whole', 'summary.json'), 'utf8')) });

    const shards = await Promise.all([1, 2].map((i) => cli(['sweep', scenario, ...GRID, '--shard', `${i}/2`, '--out', at(`shard-${i}`), '--report', at(`shard-${i}.html`)])));
    for (const s of shards) {
      expect(s.code, s.stderr).toBe(0);
      expect(s.stderr).toContain('no report for a shard');
    }
    expect(existsSync(at('shard-1.html'))).toBe(false);

    const merged = await cli(['merge', at('shard-1'), at('shard-2'), '--out', at('merged'), '--report', at('merged.html'), '--quiet']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(at('merged.html'), 'utf8')).toBe(readFileSync(at('pages', 'sweep.html'), 'utf8'));
  });
});
