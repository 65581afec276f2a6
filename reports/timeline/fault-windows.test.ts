import { describe, expect, it } from 'vitest';
import { FaultWindows, union } from './fault-windows.ts';

describe('fault windows: when each fault was active, from the trace', () => {
  it("pairs a fault's start with its end by kind and target, parameters aside", () => {
    const f = new FaultWindows();
    f.see(100, 'start slow-disk node:7 factor=10');
    f.see(150, 'start partition writer <-> replica:1');
    f.see(300, 'end slow-disk node:7');
    f.see(400, 'end partition writer <-> replica:1');
    expect(f.windows(1_000)).toEqual([
      { startUs: 100, endUs: 300, label: 'slow-disk node:7 factor=10', key: 'slow-disk node:7' },
      { startUs: 150, endUs: 400, label: 'partition writer <-> replica:1', key: 'partition writer <-> replica:1' },
    ]);
  });

  it('ends the oldest of two like faults first, and runs one still active to the end', () => {
    const f = new FaultWindows();
    f.see(10, 'start crash writer');
    f.see(20, 'start crash writer');
    f.see(30, 'end crash writer');
    expect(f.windows(90)).toEqual([
      { startUs: 10, endUs: 30, label: 'crash writer', key: 'crash writer' },
      { startUs: 20, endUs: 90, label: 'crash writer', key: 'crash writer' },
    ]);
  });

  it('ignores an end with no start', () => {
    const f = new FaultWindows();
    f.see(10, 'end crash writer');
    expect(f.windows(90)).toEqual([]);
  });

  it('shades the union of overlapping windows once', () => {
    const w = (startUs: number, endUs: number) => ({ startUs, endUs });
    expect(union([w(50, 60), w(0, 10), w(5, 20), w(20, 30)])).toEqual([[0, 30], [50, 60]]);
  });
});
