/** The start-up row's figures from made-up timings (nothing is timed). */
import { describe, expect, it } from 'vitest';
import { startupFigures } from './startup.ts';

describe('start-up figures', () => {
  it('what the simulator adds is the median of per-round differences, so a slow round moves both commands alike', () => {
    // Round 2 is slow for everything (another process took the CPU); the differences stay 300 ms.
    const f = startupFigures({ node: [50, 250, 60], cli: [350, 550, 360], imports: { zod: [110, 330, 120] } })!;
    expect(f.added_ms).toBe(300);
    expect(f.imports_ms).toEqual({ zod: 60 });
    expect(f.node_ms).toBe(60);
    expect(f.cli_ms).toBe(360);
  });

  it('only complete rounds count, and none gives no figure', () => {
    expect(startupFigures({ node: [50, 60], cli: [350], imports: {} })?.added_ms).toBe(300);
    expect(startupFigures({ node: [], cli: [], imports: {} })).toBeUndefined();
  });
});
