/** The long run's fault schedule and the scenario file that spells it out (nothing is run or timed). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDuration } from '../../sim/index.ts';
import { loadScenario } from '../scenario-file.ts';
import { faultSchedule, faultsFlow, type BenchFault } from './fault-schedule.ts';

const S = 1_000_000;
const HOUR_FILE = join(import.meta.dirname, 'hour-with-faults.yaml');
const us = (text: string): number => {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe('the long run with faults', () => {
  it('one hour: a fault every five minutes, mid-period, a writer crash, an AZ outage and a disk loss in turn', () => {
    const faults = faultSchedule(3600 * S);
    expect(faults).toHaveLength(12);
    expect(faults.map((f) => f.at)).toEqual(Array.from({ length: 12 }, (_, k) => (150 + 300 * k) * S));
    expect(faults.slice(0, 6).map((f) => `${f.kind} ${f.target}`)).toEqual([
      'crash writer', 'az-outage az:b', 'disk-loss node:0', 'crash writer', 'az-outage az:c', 'disk-loss node:1',
    ]);
    expect(new Set(faults.map((f) => `${f.kind} ${f.for}`))).toEqual(new Set([`crash ${2 * S}`, `az-outage ${10 * S}`, `disk-loss ${60 * S}`]));
  });

  it('a shorter run gets the same mix squeezed: at least four faults, each over within a quarter of its period', () => {
    for (const duration of [30 * S, 600 * S]) {
      const faults = faultSchedule(duration);
      const period = Math.min(300 * S, duration / 4);
      expect(faults.length).toBeGreaterThanOrEqual(4);
      expect(faults.slice(0, 3).map((f) => f.kind)).toEqual(['crash', 'az-outage', 'disk-loss']);
      for (const f of faults) expect(f.for).toBeLessThanOrEqual(period / 4);
      const last = faults[faults.length - 1]!;
      expect(last.at + last.for).toBeLessThan(duration);
    }
  });

  it('the scenario file holds exactly the one-hour schedule', () => {
    const doc = parse(readFileSync(HOUR_FILE, 'utf8')) as { duration: string; faults: Record<string, string>[] };
    const fromFile: BenchFault[] = doc.faults.map((f) => ({ at: us(f['at']!), kind: f['kind'] as BenchFault['kind'], target: f['target']!, for: us(f['for']!) }));
    expect(us(doc.duration)).toBe(3600 * S);
    expect(fromFile).toEqual(faultSchedule(3600 * S));
  });

  it('the file is a valid scenario, and so is a squeezed schedule given with --set', () => {
    expect(loadScenario(HOUR_FILE).ok).toBe(true);
    const squeezed = loadScenario(HOUR_FILE, ['duration=30s', `faults=${faultsFlow(faultSchedule(30 * S))}`]);
    expect(squeezed.ok && squeezed.scenario.faults.map((f) => f.at)).toEqual(faultSchedule(30 * S).map((f) => f.at));
  });
});
