/**
 * What a shrink starts from: the invariant it follows first, every invariant the input
 * violated, and the others it may turn to — none when the user named one with --invariant.
 */
import { describe, expect, it } from 'vitest';
import { prepareShrink } from './input.ts';

const NEGATIVE = 'scenarios/negative/recovery-counts-empty-segments.yaml';

describe('prepareShrink', () => {
  const start = prepareShrink(NEGATIVE, { set: [] });

  it('follows the first invariant the input violates, and may turn to the others', () => {
    expect(start.violated.length).toBeGreaterThan(1);
    expect(start.invariant).toBe(start.violated[0]);
    expect(start.others).toEqual(start.violated.slice(1));
  });

  it('turns to none when --invariant names the one to follow', () => {
    const named = start.violated[1]!;
    const pinned = prepareShrink(NEGATIVE, { set: [], invariant: named });
    expect(pinned.invariant).toBe(named);
    expect(pinned.violated).toEqual(start.violated);
    expect(pinned.others).toEqual([]);
  });
});
