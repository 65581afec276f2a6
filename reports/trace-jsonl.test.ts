/**
 * `--trace` output: a header with the kind table, then one JSON object per canonical trace
 * line with its fields named as the table names them, from which the hashed text (and so the
 * traceHash) can be rebuilt byte for byte. ARCHITECTURE.md §4.4 lists every kind's fields; it
 * is checked against the table here, so the contract cannot drift from the code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IO_DETAIL_KINDS, TRACE_KINDS, type TraceKinds } from '../sim/index.ts';
import { canonicalLine, traceEvent, traceJsonLines, type TraceEvent } from './trace-jsonl.ts';
import { passingRun } from './testing/fixture.ts';

const canonical = [
  '0 phase run',
  '150 scl 0 3 1234',
  '151 commit 7 1234 650 1 0',
  '152 lal.stall 10 -1',
  '2000 fault start az-outage az:a for 20s',
  '2001 budget 0',
  '2002 phase ',
  '2003 vdl 0.5 1e+21',
  '2004 vdl NaN 9007199254740993',
];

const lines = (kinds?: TraceKinds): string[] => [...traceJsonLines({ ...passingRun, traceLines: canonical }, kinds === undefined ? {} : { kinds })];

describe('trace JSON Lines', () => {
  it('starts with a header naming the format, scenario, seed, trace hash and every hashed kind with its fields', () => {
    const [header] = lines();
    const hashed = Object.fromEntries(Object.entries(TRACE_KINDS).filter(([kind]) => !(IO_DETAIL_KINDS as readonly string[]).includes(kind)));
    expect(JSON.parse(header ?? '')).toEqual({
      format: 'aurora-sim-trace', version: 2, scenario: 'az-outage', seed: 42, traceHash: passingRun.traceHash,
      kinds: JSON.parse(JSON.stringify(hashed)),
    });
  });

  it('names the detail kinds, and which they are, only in a trace that has their lines', () => {
    const detailLine = '153 disk.start 4 17 0 3 2';
    const [header, ...events] = [...traceJsonLines({ ...passingRun, traceLines: [...canonical, detailLine] }, { detail: true })];
    const parsed = JSON.parse(header ?? '') as { kinds: TraceKinds; detail: string[] };
    expect(parsed.kinds).toEqual(JSON.parse(JSON.stringify(TRACE_KINDS)));
    expect(parsed.detail).toEqual([...IO_DETAIL_KINDS]);
    expect(events.at(-1)).toBe('{"t":153,"kind":"disk.start","node":4,"write":17,"pg":0,"segment":3,"records":2}\n');
  });

  it('writes one line per trace event, each a JSON object ending in a newline', () => {
    const all = lines();
    expect(all).toHaveLength(canonical.length + 1);
    for (const line of all) expect(line.endsWith('\n') && !line.slice(0, -1).includes('\n')).toBe(true);
  });

  it('names each field as the kind table does, in its order, after t and kind', () => {
    const [, , scl, commit, stall] = lines();
    expect(scl).toBe('{"t":150,"kind":"scl","pg":0,"segment":3,"lsn":1234}\n');
    expect(commit).toBe('{"t":151,"kind":"commit","txn":7,"lsn":1234,"latencyUs":650,"epoch":1,"pg":0}\n');
    expect(stall).toBe('{"t":152,"kind":"lal.stall","lsn":10,"vdl":-1}\n');
  });

  it('gives the textual kinds their text', () => {
    expect(traceEvent('2000 fault start az-outage az:a for 20s')).toEqual({ t: 2000, kind: 'fault', text: 'start az-outage az:a for 20s' });
    expect(traceEvent('2002 phase ')).toEqual({ t: 2002, kind: 'phase', text: '' });
  });

  it('copies numbers exactly, and writes a token JSON would not give back exactly as a string', () => {
    expect(traceEvent('2003 vdl 0.5 1e+21')).toEqual({ t: 2003, kind: 'vdl', lsn: 0.5, epoch: 1e21 });
    expect(traceEvent('2004 vdl NaN 9007199254740993')).toEqual({ t: 2004, kind: 'vdl', lsn: 'NaN', epoch: '9007199254740993' });
  });

  it('reads any kind table, such as the one in the header', () => {
    const kinds = { ping: ['from', 'to'], note: 'text' } as const;
    expect(traceEvent('5 ping 1 2', kinds)).toEqual({ t: 5, kind: 'ping', from: 1, to: 2 });
    expect(traceEvent('6 note hi there', kinds)).toEqual({ t: 6, kind: 'note', text: 'hi there' });
  });

  it('rebuilds the canonical text exactly, so the trace hash can be checked from the file alone', () => {
    const [headerLine, ...events] = lines();
    const { kinds } = JSON.parse(headerLine ?? '') as { kinds: TraceKinds };
    const rebuilt = events.map((line) => `${canonicalLine(JSON.parse(line) as TraceEvent, kinds)}\n`).join('');
    const original = canonical.map((l) => `${l}\n`).join('');
    expect(rebuilt).toBe(original);
    expect(createHash('sha256').update(rebuilt).digest('hex')).toBe(createHash('sha256').update(original).digest('hex'));
  });

  it('rejects a line that does not fit its kind', () => {
    expect(() => traceEvent('start 1 2')).toThrow(/undeclared kind "1"/);
    expect(() => traceEvent('12')).toThrow(/no time and kind/);
    expect(() => traceEvent('12 scl 1 2')).toThrow(/2 fields where its kind declares 3/);
    expect(() => traceEvent('12 phase')).toThrow(/no text/);
  });
});

describe('ARCHITECTURE.md §4.4', () => {
  it('lists every kind with its fields, in the order and with the names the kind table declares', () => {
    const doc = readFileSync(new URL('../ARCHITECTURE.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### 4.4'), doc.indexOf('### 4.5'));
    const documented = [...section.matchAll(/^\| `([^`]+)` \| ([^|]*?) \|/gm)].map(([, kind, fields]) => `${kind}: ${fields}`);
    const declared = Object.entries(TRACE_KINDS as TraceKinds).map(([kind, fields]) =>
      `${kind}: ${fields === 'text' ? '`text`' : fields.length === 0 ? '(none)' : fields.map((f) => `\`${f}\``).join(', ')}`);
    expect(documented).toEqual(declared);
  });
});
