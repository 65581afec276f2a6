/**
 * The kind table is the one vocabulary of fault kinds: README.md lists exactly its kinds,
 * families, targets and parameters; the families give the sets the budget reads; and every
 * kind, with the values chaos gives it, survives being written as a scenario entry and read
 * back, and prints its parameters on its trace line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { scenarioOf } from '../scenario/testing/fixtures.ts';
import { renderFaults } from '../scenario/faults.ts';
import { formatDuration } from '../scenario/units.ts';
import { REPO_ROOT } from '../testing/shipped-scenarios.ts';
import {
  chaosKindSpec,
  FAULT_KINDS,
  GRAY_KINDS,
  isDurationUnit,
  kindRow,
  magnitude,
  paramsOf,
  PARTITION_KINDS,
  PROCESS_KINDS,
  type ParamRow,
  type TargetShape,
} from './kinds.ts';

const BEGIN = '<!-- fault kinds: generated from sim/faults/kinds.ts (sim/faults/kinds.test.ts checks it) -->';
const END = '<!-- end of fault kinds -->';

const TARGETS: Readonly<Record<TargetShape, string>> = {
  host: 'one selector (a segment: its node)',
  storage: '`node:N`, `pg:N/segment:M` or `az:NAME`',
  az: '`az:NAME`',
  'two-way': '`"A <-> B"`',
  'one-way': '`"A -> B"`',
  link: '`"A <-> B"`, `"A -> B"`, or one selector (every link to and from it)',
};

const UNITS: Readonly<Record<ParamRow['unit'], string>> = {
  factor: 'a number > 1',
  probability: 'in (0, 1]',
  duration: 'a duration',
  span: 'a duration',
};

function paramText([, p]: [string, ParamRow]): string {
  const chaos = isDurationUnit(p.unit) ? formatDuration(p.chaos) : String(p.chaos);
  return `\`${p.yaml}\` (${UNITS[p.unit]}; chaos: ${chaos})`;
}

/** The README's list of fault kinds, as the table gives it. */
function faultKindList(): string {
  const rows = FAULT_KINDS.map((kind) => {
    const row = kindRow(kind);
    const params = paramsOf(kind).map(paramText).join(', ') || '—';
    return `| \`${kind}\` | ${row.family} | ${TARGETS[row.target]} | ${params} | ${row.description} |`;
  });
  return [BEGIN, '', '| kind | family | target | parameters | what it does |', '|---|---|---|---|---|', ...rows, '', END].join('\n');
}

describe('the fault kind table', () => {
  it('is the list of fault kinds in README.md', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const from = readme.indexOf(BEGIN);
    const to = readme.indexOf(END);
    expect(from, 'README.md has the fault-kind markers').toBeGreaterThanOrEqual(0);
    expect(readme.slice(from, to + END.length)).toBe(faultKindList());
  });

  it('gives the families the budget reads', () => {
    expect([...PROCESS_KINDS]).toEqual(['crash', 'disk-loss', 'az-outage', 'pause']);
    expect([...PARTITION_KINDS]).toEqual(['partition', 'one-way-partition']);
    expect(GRAY_KINDS.has('slow-disk') && GRAY_KINDS.has('packet-loss')).toBe(true);
    for (const kind of PARTITION_KINDS) expect(['two-way', 'one-way']).toContain(kindRow(kind).target);
  });

  it('prints each parameter on the start line, durations in µs', () => {
    expect(magnitude(chaosKindSpec('slow-disk'))).toBe(' factor=10');
    expect(magnitude(chaosKindSpec('latency-spike'))).toBe(' extra=5000us');
    expect(magnitude(chaosKindSpec('packet-loss'))).toBe(' p=0.1');
    expect(magnitude(chaosKindSpec('crash'))).toBe('');
  });

  it('reads back every kind with the values chaos gives it, written as a scenario entry', () => {
    const targets: Readonly<Record<TargetShape, string>> = {
      host: 'writer', storage: 'node:0', az: 'az:b', 'two-way': 'writer <-> az:b', 'one-way': 'writer -> az:b', link: 'az:b',
    };
    const RUN = 'version: 1\nname: kinds\nduration: 60s\n';
    for (const [i, kind] of FAULT_KINDS.entries()) {
      const spec = { ...chaosKindSpec(kind), at: 1_000_000 * (i + 1), for: 500_000, target: { kind: 'writer' } as const, label: targets[kindRow(kind).target] };
      const [written] = renderFaults([spec]);
      const [read] = scenarioOf(`${RUN}${stringify({ faults: [written] })}`).faults;
      expect({ ...read, target: undefined, peer: undefined, oneWay: undefined }, kind).toEqual({ ...spec, target: undefined });
    }
  });
});
