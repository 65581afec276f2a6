/** LsnFlags remembers exactly the LSNs added, across chunk boundaries, far apart or negative. */
import { describe, expect, it } from 'vitest';
import { LsnFlags } from './lsn-flags.ts';

describe('LsnFlags', () => {
  it('holds exactly what was added', () => {
    const flags = new LsnFlags();
    const added = [-3, 1, 7, 8, 65_535, 65_536, 65_537, 10_040_012, 2 ** 40 + 3];
    for (const lsn of added) flags.add(lsn);
    for (const lsn of added) expect(flags.has(lsn)).toBe(true);
    for (const lsn of [0, 2, 6, 9, 65_534, 65_538, 10_040_011, 2 ** 40 + 2, -1, -4]) expect(flags.has(lsn)).toBe(false);
  });
});
