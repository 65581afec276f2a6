/**
 * The I/O detail level (`detail: 'io'`): a run asked for it tells its watchers of disk writes,
 * disk queues, the storage driver's batches and their acknowledgements, and is otherwise the
 * very same run: the same traceHash, the same verdict and result, the same trace lines. Asked to
 * make lines of its detail too, it adds them among the others and changes nothing else.
 */
import { readFileSync } from 'node:fs';
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

describe('the io detail level through a failover and a repair (regressions/io-detail-through-failover.yaml)', () => {
  const file = 'scenarios/regressions/io-detail-through-failover.yaml';
  const text = readFileSync(file, 'utf8');
  const parsed = parseScenario(text, { file });
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  const paths: Record<string, number> = {};
  const took = (path: string) => void (paths[path] = (paths[path] ?? 0) + 1);
  let recovering = false;
  let promoted = 0;
  const rebuilt = new Set<string>();
  const off = runScenario(parsed.scenario, { source: file, replay: '', keepTrace: false });
  const on = runScenario(parsed.scenario, {
    source: file, replay: '', keepTrace: false, detail: 'io',
    watch: (trace) => trace.on({
      'disk.lost': (_t, { writes }) => writes > 0 && took('a crash dropped disk writes'),
      'disk.start': (_t, { records }) => records === 0 && took('a volume-state write'),
      'recovery.start': () => void (recovering = true),
      'recovery.done': () => void (recovering = false),
      promote: (_t, { epoch }) => void (promoted = epoch),
      'ack.arrive': (_t, { epoch }) => {
        if (recovering) took('an ack during a recovery');
        if (promoted > 0 && epoch < promoted) took('an older epoch ack after the promotion');
      },
      'segment.new': (_t, { pg, segment }) => void rebuilt.add(`${pg}/${segment}`),
      'ack.send': (_t, { pg, segment }) => rebuilt.has(`${pg}/${segment}`) && took('an ack from a rebuilt segment'),
      'segment.hydrated': () => took('a hydration'),
    }),
  });

  it('takes every path the detail has bookkeeping for', () => {
    expect(Object.keys(paths).sort()).toEqual([
      'a crash dropped disk writes', 'a hydration', 'a volume-state write', 'an ack during a recovery',
      'an ack from a rebuilt segment', 'an older epoch ack after the promotion',
    ]);
  });

  it('is the same run with the detail as without it', () => {
    expect(on.verdict).toBe('ok');
    expect(on.traceHash).toBe(off.traceHash);
    expect(on).toEqual(off);
  });
});
