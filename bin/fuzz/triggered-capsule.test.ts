/**
 * End-to-end, real processes: a fuzz capsule of a scenario with triggered faults (its own and
 * chaos-armed, swarm on) writes them as the timed faults they became, says what swarm enabled,
 * and replays in a fresh `aurora-sim run` process to the same trace hash.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

function cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
    execFile(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], { cwd: root, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

/** Fails on purpose (an impossible commit count), so every seed leaves a capsule. */
const SCENARIO = `version: 1
name: triggered-capsule
duration: 1500ms
cluster: { protectionGroups: 2, replicas: 2 }
workload: { rate: 300/s, recordsPerTxn: 2 }
failover: { heartbeatInterval: 100ms, detection: 400ms }
repair: { detection: 300ms }
storage: { segmentSize: 10MB }
faults:
  - { at: 300ms, kind: crash, target: writer, for: 100ms }
  - { when: { on: recovery.start, after: 200us }, kind: crash, target: writer, for: 50ms }
  - { when: { lag: { records: 20 }, from: 500ms }, kind: disk-loss, target: leading, for: 100ms }
chaos:
  from: 100ms
  to: 800ms
  meanInterval: 80ms
  kinds: [crash, disk-loss, pause, slow-disk]
  triggers: [recovery.start, truncate, membership, lag]
  faultDuration: { dist: uniform, min: 20ms, max: 200ms }
  swarm: true
convergeWithin: 600ms
expect: { commitsAcknowledged: { min: 1000000 } }
`;

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-triggered-'));
  writeFileSync(join(dir, 'triggered.yaml'), SCENARIO);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('fuzz capsules of triggered faults', () => {
  it('write them as timed faults with the swarm choice, and replay in a fresh process to the same trace hash', async () => {
    const out = join(dir, 'capsules');
    const fuzz = await cli(['fuzz', join(dir, 'triggered.yaml'), '--seeds', '3', '--jobs', '1', '--out', out, '--json']);
    expect(fuzz.code).toBe(1);
    const results = (JSON.parse(fuzz.stdout) as { results: { seed: number; traceHash: string; capsule: string }[] }).results;
    expect(results.map((r) => r.seed)).toEqual([1, 2, 3]);
    for (const result of results) {
      const yaml = readFileSync(result.capsule, 'utf8');
      expect(yaml).not.toMatch(/when:|^chaos:/m);
      expect(yaml).toMatch(/^# swarm: {4}kinds .*; triggers /m);
      expect(yaml).toContain('- { at: 400.2ms, kind: crash, target: writer, for: 50ms }');
      const json = JSON.parse(readFileSync(result.capsule.replace(/\.yaml$/, '.json'), 'utf8')) as { swarm: string; traceHash: string };
      expect(json.swarm).toMatch(/^kinds /);
      const replay = await cli(['run', result.capsule, '--json']);
      expect(replay.code).toBe(1);
      expect((JSON.parse(replay.stdout) as { traceHash: string }).traceHash, `seed ${result.seed}`).toBe(result.traceHash);
    }
  });
});
