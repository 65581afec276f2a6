/**
 * `aurora-sim replay` end to end, each case a real CLI process, against a shipped regression
 * scenario with a crash during a recovery (at a low rate, so the trace stays small). What a
 * replay prints at event N is checked against what `run --trace` of the same run holds at
 * line N + 2: the event itself, and the writer's epoch and phase its recovery events imply.
 * `replay --diff` is checked on two traces of that run, one of them edited in one event, and
 * on a trace of another seed: the output starts with the event where they part.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLine } from '../reports/replay/event-line.ts';
import type { TraceEvent } from '../reports/trace-jsonl.ts';
import { cli } from './sweep/testing/cli.ts';

const SCENARIO = 'scenarios/regressions/crash-during-recovery.yaml';
const SETS = ['--set', 'workload.rate=50/s'];
const plain = new Chalk({ level: 0 });

let dir = '';
const at = (name: string): string => join(dir, name);
/** The events of `run --trace` of the scenario, by index (line index + 2 of the file). */
let trace: TraceEvent[] = [];
let traceText = '';

const indexOf = (kind: string, nth = 1, text?: string): number => {
  let seen = 0;
  const index = trace.findIndex((e) => e.kind === kind && (text === undefined || e.text === text) && ++seen === nth);
  expect(index).toBeGreaterThanOrEqual(0);
  return index;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-replay-'));
  const run = await cli(['run', SCENARIO, ...SETS, '--trace', at('a.jsonl')]);
  expect(run.code).toBe(0);
  traceText = readFileSync(at('a.jsonl'), 'utf8');
  trace = traceText.trimEnd().split('\n').slice(1).map((line) => JSON.parse(line) as TraceEvent);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('replay FILE --to-event N', () => {
  it('stops inside the recovery: the last event is the trace’s event N, and the writer is where the trace says', async () => {
    const n = indexOf('truncate') + 1;
    const truncate = trace[n - 1]!;
    const read = trace[n - 2]!;
    expect(read.kind).toBe('recovery.read');
    const { code, stdout, stderr } = await cli(['replay', SCENARIO, ...SETS, '--to-event', String(n), '--last', '3']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`crash-during-recovery, seed 42: the state after event #${n} (t=${seconds(trace[n]!.t)} s; --to-event ${n})`);
    expect(lines.slice(2, 6)).toEqual(['the last 3 events:', ...[n - 2, n - 1, n].map((i) => `  ${eventLine({ index: i, event: trace[i]! }, plain)}`)]);
    expect(stdout).toContain(`writer     host 0 (writer), epoch ${truncate.epoch}: repairing since t=${seconds(truncate.t)} s`);
    expect(stdout).toContain(`read at ${seconds(read.t)} s: VCL ${read.vcl}, VDL ${read.vdl}`);
    expect(stdout).toContain(`truncation (${truncate.from}, ${truncate.to}] recorded`);
  });

  it('during the second crash, keeps the phase of the recovery it cut short and lists the crash beside the writer', async () => {
    const n = indexOf('fault', 2, 'start crash writer');
    const started = trace[indexOf('recovery.start')]!;
    const { code, stdout } = await cli(['replay', SCENARIO, ...SETS, '--to-event', String(n)]);
    expect(code).toBe(0);
    expect(stdout).toContain(`writer     host 0 (writer), epoch ${started.epoch}: reading since t=${seconds(started.t)} s`);
    expect(stdout).toContain(`under crash writer since t=${seconds(trace[n]!.t)} s`);
  });

  it('prints the same bytes every time: a replay is a function of the scenario, seed and point', async () => {
    const args = ['replay', SCENARIO, ...SETS, '--to-event', String(indexOf('recovery.done')), '-v'];
    const [first, second] = await Promise.all([cli(args), cli(args)]);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stdout).toContain('pg 3 segment 5  SCL');
  });
});

describe('replay FILE --until TIME', () => {
  it('stops at the last event at or before the time, whatever the unit it is written in', async () => {
    const n = trace.findLastIndex((e) => e.t <= 7_100_000);
    const { code, stdout } = await cli(['replay', SCENARIO, ...SETS, '--until', '7100ms', '--last', '1']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toContain(`the state after event #${n} (t=${seconds(trace[n]!.t)} s; the last event at or before --until 7.1s)`);
    expect(stdout).toContain(`  ${eventLine({ index: n, event: trace[n]! }, plain)}\n`);
  });
});

describe('replay --json', () => {
  it('is one document: the point, the last events as the trace holds them, and the state', async () => {
    const n = indexOf('recovery.done');
    const { code, stdout } = await cli(['replay', SCENARIO, ...SETS, '--to-event', String(n), '--last', '2', '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { at: unknown; events: unknown; state: { writer: unknown; pgs: { segments: unknown[] }[] } };
    expect(Object.keys(doc)).toEqual(['format', 'version', 'scenario', 'seed', 'file', 'point', 'at', 'events', 'state']);
    expect(doc).toMatchObject({ format: 'aurora-sim-replay', version: 1, scenario: 'crash-during-recovery', seed: 42, point: { toEvent: n } });
    expect(doc.at).toEqual({ index: n, timeUs: trace[n]!.t });
    expect(doc.events).toEqual([{ index: n - 1, event: trace[n - 1] }, { index: n, event: trace[n] }]);
    expect(Object.keys(doc.state)).toEqual([
      'timeUs', 'events', 'runPhase', 'writer', 'formerWriters', 'vcl', 'vdl', 'allocation', 'budget', 'commits', 'faults', 'pgs', 'replicas',
    ]);
    expect(doc.state.writer).toMatchObject({ host: 0, hostName: 'writer', epoch: trace[n]!.epoch, phase: 'open', recovery: { end: { outcome: 'done' } } });
    expect(doc.state.pgs[0]!.segments).toHaveLength(6);
  });
});

describe('replay: bad input exits 2 with a message that names the problem', () => {
  it('a missing scenario file', async () => {
    const { code, stderr } = await cli(['replay', at('missing.yaml'), '--to-event', '5']);
    expect(code).toBe(2);
    expect(stderr).toContain(`${at('missing.yaml')}: cannot read (ENOENT`);
  });

  it('an event past the end of the run, saying how many events it has', async () => {
    const { code, stdout, stderr } = await cli(['replay', SCENARIO, ...SETS, '--to-event', '99999999', '--json']);
    expect(code).toBe(2);
    expect(stderr).toContain(`--to-event 99999999: the run ended first, after event #${trace.length - 1}`);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
  });

  it('a time past the duration, without running', async () => {
    const { code, stderr } = await cli(['replay', SCENARIO, '--until', '11s']);
    expect(code).toBe(2);
    expect(stderr).toContain('--until 11s is past the end of the run (duration 10s)');
  });

  it('a time without a unit, in the words of the scenario parser', async () => {
    const { code, stderr } = await cli(['replay', SCENARIO, '--until', '5']);
    expect(code).toBe(2);
    expect(stderr).toContain("option '--until <time>' argument '5' is invalid");
    expect(stderr).toContain('unit');
  });

  it('no point to stop at, or two', async () => {
    const [none, both] = await Promise.all([cli(['replay', SCENARIO]), cli(['replay', SCENARIO, '--to-event', '5', '--until', '1s'])]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--to-event N or --until TIME');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot be used with');
  });
});

describe('replay --diff TRACE_A TRACE_B', () => {
  it('prints the one event that differs first, from both sides, then its context; exit 1', async () => {
    const n = indexOf('recovery.read');
    const edited = { ...trace[n]!, vdl: Number(trace[n]!.vdl) + 1 };
    const lines = traceText.split('\n');
    lines[n + 1] = JSON.stringify(edited);
    writeFileSync(at('edited.jsonl'), lines.join('\n'));
    const { code, stdout, stderr } = await cli(['replay', '--diff', at('a.jsonl'), at('edited.jsonl'), '--context', '3']);
    expect(code).toBe(1);
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      `first difference at event #${n} (line ${n + 2} of each file):`,
      `  A  ${eventLine({ index: n, event: trace[n]! }, plain)}`,
      `  B  ${eventLine({ index: n, event: edited }, plain)}`,
      '  differs in: vdl',
    ]);
    expect(stdout).toContain('the 3 events before it, the same in both:');
    expect(stderr).toContain('both headers carry the same traceHash, but the events differ');
  });

  it('finds where a run of another seed parts from this one, and says the seeds differ', async () => {
    expect((await cli(['run', SCENARIO, ...SETS, '--seed', '43', '--trace', at('seed-43.jsonl')])).code).toBe(0);
    const other = readFileSync(at('seed-43.jsonl'), 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as TraceEvent);
    const n = trace.findIndex((event, i) => JSON.stringify(event) !== JSON.stringify(other[i]));
    const { code, stdout, stderr } = await cli(['replay', '--diff', at('a.jsonl'), at('seed-43.jsonl')]);
    expect(code).toBe(1);
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      `first difference at event #${n} (line ${n + 2} of each file):`,
      `  A  ${eventLine({ index: n, event: trace[n]! }, plain)}`,
      `  B  ${eventLine({ index: n, event: other[n]! }, plain)}`,
    ]);
    expect(stderr).toContain('note: different seeds: A 42, B 43');
  });

  it('says which trace ends first when one is a prefix of the other', async () => {
    writeFileSync(at('prefix.jsonl'), `${traceText.split('\n').slice(0, 101).join('\n')}\n`);
    const { code, stdout } = await cli(['replay', '--diff', at('a.jsonl'), at('prefix.jsonl')]);
    expect(code).toBe(1);
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      'first difference at event #100 (line 102 of each file):',
      `  A  ${eventLine({ index: 100, event: trace[100]! }, plain)}`,
      '  B  (the trace ends here, after 100 events)',
      '  B ends first',
    ]);
  });

  it('exits 0 for two identical traces, and a JSON document says so', async () => {
    writeFileSync(at('copy.jsonl'), traceText);
    const { code, stdout } = await cli(['replay', '--diff', at('a.jsonl'), at('copy.jsonl'), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ format: 'aurora-sim-trace-diff', identical: true, common: trace.length, first: null, notes: [] });
  });

  it('exits 2 for a file that is not a trace, naming the file and the line', async () => {
    const lines = traceText.split('\n');
    writeFileSync(at('broken.jsonl'), [...lines.slice(0, 56), '{"t":1,"kind":"scl","pg":0}', ...lines.slice(57)].join('\n'));
    const [broken, yaml, missing] = await Promise.all([
      cli(['replay', '--diff', at('broken.jsonl'), at('a.jsonl')]),
      cli(['replay', '--diff', at('a.jsonl'), SCENARIO]),
      cli(['replay', '--diff', at('a.jsonl'), at('none.jsonl')]),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${at('broken.jsonl')}:57: scl event without its field "segment"`);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain(`${SCENARIO}:1: not a trace header: not a line of JSON`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${at('none.jsonl')}: cannot read (ENOENT`);
  });

  it('exits 2 for a version 1 trace, saying how to get one it reads', async () => {
    writeFileSync(at('v1.jsonl'), '{"format":"aurora-sim-trace","version":1,"scenario":"x","seed":1,"traceHash":"h"}\n{"t":0,"kind":"phase","f":["run"]}\n');
    const { code, stderr } = await cli(['replay', '--diff', at('v1.jsonl'), at('a.jsonl')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${at('v1.jsonl')}:1: a version 1 trace (unnamed fields, no kind table): replay --diff reads version 2`);
  });

  it('exits 2 when given one file, or options of a replay run', async () => {
    const [one, mixed] = await Promise.all([
      cli(['replay', '--diff', at('a.jsonl')]),
      cli(['replay', '--diff', at('a.jsonl'), at('copy.jsonl'), '--to-event', '3']),
    ]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('--diff takes two trace files, got 1');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--to-event does not apply');
  });
});

function seconds(us: number | string): string {
  const n = Number(us);
  return `${Math.floor(n / 1e6)}.${String(n % 1e6).padStart(6, '0')}`;
}
