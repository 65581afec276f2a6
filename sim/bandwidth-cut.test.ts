/**
 * A bandwidth cut in a whole run: the writer's redo stream to a replica needs more than the
 * cut link carries, so the replica falls behind by most of the cut's length while the other
 * replica, on an uncut link, sees exactly what it saw without the fault.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from './result.ts';
import { parseScenario } from './scenario/index.ts';
import { runScenario } from './simulation.ts';

// The redo stream to each replica is a few Mbps; cut by 100, its 100 Mbps link carries 1 Mbps.
const BASE = `
version: 1
name: bandwidth-cut
seed: 1
duration: 3s
network: { bandwidth: 100Mbps }
workload: { rate: 400/s, recordsPerTxn: 2 }
`;
const CUT = `${BASE}faults:\n  - { at: 1s, kind: bandwidth-cut, target: "writer -> replica:1", for: 1s, factor: 100 }\n`;

function run(text: string): RunResult {
  const parsed = parseScenario(text, { file: 'bandwidth-cut.yaml' });
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return runScenario(parsed.scenario, { source: 'bandwidth-cut.yaml', replay: '', keepTrace: false });
}

describe('a bandwidth cut in a run', () => {
  it('holds back the redo stream on the cut link, and nothing on the others', () => {
    const cut = run(CUT);
    const whole = run(BASE);
    const lag = (r: RunResult, id: number) => r.replicas.find((replica) => replica.id === id)!.lagUs;
    expect(lag(whole, 1).max).toBeLessThan(10_000);
    expect(lag(cut, 1).max).toBeGreaterThan(500_000);
    expect(lag(cut, 2)).toEqual(lag(whole, 2));
    expect(cut.verdict).toBe('ok');
  });
});
