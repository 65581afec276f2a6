/**
 * `--trace` output: a header, then one exact JSON object per canonical trace line, from which
 * the hashed text (and so the traceHash) can be rebuilt byte for byte.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalLine, traceJsonLines, traceRecord, type TraceRecord } from './trace-jsonl.ts';
import { passingRun } from './testing/fixture.ts';

const canonical = [
  '0 start',
  '150 send 1 2 3 4 5',
  '151 ack -1 0',
  '2000 fault az-outage az:a for 20s',
  '2001 big 9007199254740993',
  '2002 note ',
];

describe('trace JSON Lines', () => {
  it('starts with a header naming the format, scenario, seed and trace hash', () => {
    const [header] = [...traceJsonLines({ ...passingRun, traceLines: canonical })];
    expect(JSON.parse(header ?? '')).toEqual({
      format: 'aurora-sim-trace', version: 1, scenario: 'az-outage', seed: 42, traceHash: passingRun.traceHash,
    });
  });

  it('writes one line per trace event, each a JSON object ending in a newline', () => {
    const lines = [...traceJsonLines({ ...passingRun, traceLines: canonical })];
    expect(lines).toHaveLength(canonical.length + 1);
    for (const line of lines) expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n')).toBe(true);
  });

  it('renders integer events as t, kind and integer fields', () => {
    expect(traceRecord('150 send 1 2 3 4 5')).toEqual({ t: 150, kind: 'send', f: [1, 2, 3, 4, 5] });
    expect(traceRecord('151 ack -1 0')).toEqual({ t: 151, kind: 'ack', f: [-1, 0] });
    expect(traceRecord('0 start')).toEqual({ t: 0, kind: 'start', f: [] });
  });

  it('keeps textual events, and integers JSON cannot carry exactly, as text', () => {
    expect(traceRecord('2000 fault az-outage az:a for 20s')).toEqual({ t: 2000, kind: 'fault', text: 'az-outage az:a for 20s' });
    expect(traceRecord('2001 big 9007199254740993')).toEqual({ t: 2001, kind: 'big', text: '9007199254740993' });
  });

  it('rebuilds the canonical text exactly, so the trace hash can be checked from the file', () => {
    const records = [...traceJsonLines({ ...passingRun, traceLines: canonical })]
      .slice(1)
      .map((line) => JSON.parse(line) as TraceRecord);
    const rebuilt = records.map((r) => `${canonicalLine(r)}\n`).join('');
    const original = canonical.map((l) => `${l}\n`).join('');
    expect(rebuilt).toBe(original);
    expect(createHash('sha256').update(rebuilt).digest('hex')).toBe(createHash('sha256').update(original).digest('hex'));
  });

  it('rejects a line that is not a canonical trace line', () => {
    expect(() => traceRecord('start 1 2')).toThrow(/integer time/);
    expect(() => traceRecord('12')).toThrow(/integer time/);
  });
});
