import { describe, expect, it } from 'vitest';
import { Truncations } from './truncations.ts';

describe('truncations: how far one LSN is behind another, past the jumps recoveries make', () => {
  it('is the plain difference with no truncation, and 0 for an LSN not behind', () => {
    const t = new Truncations();
    expect(t.distance(100, 250)).toBe(150);
    expect(t.distance(250, 100)).toBe(0);
  });

  it('does not count the LSNs a recovery truncated', () => {
    const t = new Truncations();
    t.add(3_210, 10_003_210); // the next epoch's records start above 10,003,210
    expect(t.distance(3_200, 10_003_215)).toBe(15);
    expect(t.distance(10_003_211, 10_003_215)).toBe(4);
    expect(t.distance(100, 3_210)).toBe(3_110);
  });

  it('counts overlapping truncations once', () => {
    const t = new Truncations();
    t.add(20, 30);
    t.add(20, 40);
    t.add(60, 70);
    expect(t.distance(0, 100)).toBe(100 - 20 - 10);
    expect(t.distance(25, 65)).toBe(65 - 25 - 15 - 5);
  });
});
