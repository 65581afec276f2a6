/**
 * The sweep's progress bar: drawn only on a terminal and never with --quiet or --json, with the
 * tasks finished (resumed ones included), those not ok, the rate of this run and the ETA.
 */
import { describe, expect, it } from 'vitest';
import { openSession } from '../session.ts';
import { ProgressBar, progressLine } from './progress-bar.ts';

function session(isTTY: boolean, args: string[] = []) {
  const written: string[] = [];
  const sink = { isTTY, write: (text: string) => written.push(text) };
  return { session: openSession(args, { stdout: sink, stderr: sink, env: {} }), written };
}

describe('sweep progress', () => {
  it('shows a bar, the count, the tasks not ok, the rate and the time left', () => {
    expect(progressLine('sweep g', 30, 120, 2, 20, 10)).toBe('sweep g  [######------------------]  30/120  ✗2  2.0 task/s  eta 45s');
    expect(progressLine('sweep g', 120, 120, 0, 120, 60)).toBe('sweep g  [########################]  120/120  ✗0  2.0 task/s');
  });

  it('draws on a terminal, in place, and erases itself', () => {
    const { session: s, written } = session(true);
    let now = 0;
    const bar = new ProgressBar(s, 'sweep g', { already: 10, total: 20 }, () => now);
    now = 1000;
    bar.update(5, 1);
    bar.clear();
    expect(written).toEqual(['\r\x1b[Ksweep g  [##################------]  15/20  ✗1  5.0 task/s  eta 1s', '\r\x1b[K']);
  });

  it('stays silent off a terminal, and with --quiet or --json', () => {
    for (const [isTTY, args] of [[false, []], [true, ['--quiet']], [true, ['--json']]] as const) {
      const { session: s, written } = session(isTTY, [...args]);
      const bar = new ProgressBar(s, 'sweep g', { already: 0, total: 2 }, () => 0);
      bar.update(1, 0);
      bar.clear();
      expect(written).toEqual([]);
    }
  });
});
