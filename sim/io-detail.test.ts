/**
 * The I/O detail level (`detail: 'io'`): a run asked for it tells its watchers of disk writes,
 * disk queues, the storage driver's batches and their acknowledgements, and is otherwise the
 * very same run: the same traceHash, the same verdict and result, the same trace lines. Asked to
 * make lines of its detail too, it adds them among the others and changes nothing else.
 */
import { describe, expect, it } from 'vitest';
import { IO_DETAIL_KINDS, type DetailKind } from './protocol/trace-kinds.ts';
import type { RunResult } from './result.ts';
import { parseScenario } from './scenario/parse.ts';
import { runScenario, type RunOptions } from './simulation.ts';

/** Faults that reach every detail kind: a node crash loses disk writes, a slow disk queues them. */
const SCENARIO = `
version: 1
name: io-detail
seed: 11
duration: 800ms
workload: { rate: 2000/s }
storage: { diskQueueDepth: 2 }
faults:
  - { at: 200ms, kind: slow-disk, target: node:2, for: 300ms, factor: 20 }
  - { at: 300ms, kind: crash, target: node:1, for: 200ms }
  - { at: 400ms, kind: crash, target: writer, for: 1s }
expect: {}
`;

function scenario() {
  const parsed = parseScenario(SCENARIO, { file: 'io-detail.yaml' });
  if (!parsed.ok) throw new Error('the test scenario does not parse');
  return parsed.scenario;
}

interface Watched {
  readonly result: RunResult;
  readonly detail: Partial<Record<DetailKind, number>>;
}

function run(options: Partial<RunOptions>): Watched {
  const detail: Partial<Record<DetailKind, number>> = {};
  const count = (kind: DetailKind) => () => void (detail[kind] = (detail[kind] ?? 0) + 1);
  const result = runScenario(scenario(), {
    source: 'io-detail.yaml', replay: '', keepTrace: true, ...options,
    watch: (trace) => trace.on(Object.fromEntries(IO_DETAIL_KINDS.map((kind) => [kind, count(kind)]))),
  });
  return { result, detail };
}

const plain = run({});
const io = run({ detail: 'io' });
const lines = run({ detail: 'io', detailLines: true });
const isDetail = (line: string) => (IO_DETAIL_KINDS as readonly string[]).includes(line.split(' ')[1]!);

describe('the io detail level', () => {
  it('tells its watchers of every detail kind, and a run without it of none', () => {
    expect(plain.detail).toEqual({});
    for (const kind of IO_DETAIL_KINDS) expect(io.detail[kind], kind).toBeGreaterThan(0);
    expect(io.detail['disk.start']).toBe(io.result.storage.diskWrites);
    expect(io.detail['batch.send']).toBe(io.result.network.writeBatches);
  });

  it('is the same run: the same traceHash, verdict, result and trace lines', () => {
    expect(io.result.traceHash).toBe(plain.result.traceHash);
    expect(io.result.verdict).toBe(plain.result.verdict);
    expect(io.result).toEqual(plain.result);
  });

  it('with detail lines, adds them among the trace lines and changes nothing else', () => {
    const all = lines.result.traceLines!;
    expect(all.filter(isDetail).length).toBe(Object.values(lines.detail).reduce((a, b) => a + b, 0));
    expect(all.filter((line) => !isDetail(line))).toEqual(plain.result.traceLines);
    expect(lines.result.traceHash).toBe(plain.result.traceHash);
    expect(lines.result.simulated).toEqual(plain.result.simulated);
  });
});
