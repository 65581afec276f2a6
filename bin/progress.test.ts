/**
 * Progress on stderr: one line for run, fuzz, check, sweep and compare-configs, drawn only on
 * a terminal, never with --quiet or --json, only once the work has taken a second, in place and
 * at most ten times a second, and erased when done. The clock is a fake one the test moves.
 */
import { describe, expect, it } from 'vitest';
import type { ModelTrace } from '../sim/index.ts';
import { countText, Progress, RunProgress, runText } from './progress.ts';
import { openSession } from './session.ts';

function terminal(isTTY: boolean, args: string[] = []) {
  const written: string[] = [];
  const sink = { isTTY, write: (text: string) => written.push(text) };
  return { session: openSession(args, { stdout: sink, stderr: sink, env: {} }), written };
}

/** A trace that only records who subscribed to what. */
function fakeTrace() {
  const handlers = new Map<string, (time: number) => void>();
  const trace = { on: (h: Record<string, (time: number) => void>) => Object.entries(h).forEach(([k, f]) => handlers.set(k, f)) };
  return { trace: trace as unknown as ModelTrace, handlers };
}

describe('the progress text', () => {
  it('shows a bar, the count, those not ok, the rate and the time left', () => {
    const sweep = { label: 'sweep g', unit: 'task', total: 120 };
    expect(countText(sweep, { done: 30, bad: 2, seconds: 15 })).toBe('sweep g  [######------------------]  30/120  ✗2  2.0 task/s  eta 45s');
    expect(countText(sweep, { done: 120, bad: 0, seconds: 60 })).toBe('sweep g  [########################]  120/120  ✗0  2.0 task/s');
  });

  it('counts work done before this session in the bar but not in the rate', () => {
    const resumed = { label: 'sweep g', unit: 'task', total: 20, already: 10 };
    expect(countText(resumed, { done: 5, bad: 1, seconds: 1 })).toBe('sweep g  [##################------]  15/20  ✗1  5.0 task/s  eta 1s');
  });

  it('has no total and no bar for a fuzz bounded by time alone, and counts its time down', () => {
    const fuzz = { label: 'fuzz chaos', unit: 'run', total: Infinity };
    expect(countText(fuzz, { done: 412, bad: 3, seconds: 10, timeLeftS: 94.2 })).toBe('fuzz chaos  412  ✗3  41.2 run/s  eta 95s');
    expect(countText({ ...fuzz, total: 1000 }, { done: 412, bad: 3, seconds: 10, timeLeftS: 5 })).toMatch(/412\/1000 {2}✗3 {2}41\.2 run\/s {2}eta 5s$/);
  });

  it('shows a run by the simulated time it reached, its events per second and when it will end', () => {
    const run = { label: 'run chaos', durationUs: 15_000_000 };
    expect(runText(run, { simulatedUs: 4_230_000, events: 1_624_000, seconds: 2 })).toBe(
      'run chaos  [######------------------]  4.2 s of 15 s simulated  812k events/s  eta 6s',
    );
    expect(runText(run, { simulatedUs: 15_000_000, events: 2_500_000, seconds: 2 })).toMatch(/15 s of 15 s simulated {2}1\.3M events\/s$/);
  });
});

describe('the progress line', () => {
  it('draws nothing in the first second, then in place at most ten times a second, and erases itself', () => {
    const { session, written } = terminal(true);
    let now = 0;
    const progress = new Progress(session, () => now, { label: 'check', unit: 'run', total: 10 });
    now = 900;
    progress.update(1, 0);
    now = 1000;
    progress.update(2, 0);
    now = 1050;
    progress.update(3, 0);
    now = 1100;
    progress.update(4, 1);
    progress.clear();
    expect(written).toEqual([
      '\r\x1b[Kcheck  [####--------------------]  2/10  ✗0  2.0 run/s  eta 4s',
      '\r\x1b[Kcheck  [#########---------------]  4/10  ✗1  3.6 run/s  eta 2s',
      '\r\x1b[K',
    ]);
  });

  it('draws the last update whenever it comes, once the first second is over', () => {
    const { session, written } = terminal(true);
    let now = 0;
    const progress = new Progress(session, () => now, { label: 'check', unit: 'run', total: 2 });
    now = 1500;
    progress.update(1, 0);
    now = 1510;
    progress.update(2, 0);
    expect(written).toHaveLength(2);
  });

  it('stays silent off a terminal, and with --quiet or --json', () => {
    for (const [isTTY, args] of [[false, []], [true, ['--quiet']], [true, ['--json']]] as const) {
      const { session, written } = terminal(isTTY, [...args]);
      let now = 0;
      const progress = new Progress(session, () => now, { label: 'sweep g', unit: 'task', total: 2 });
      now = 5000;
      progress.update(1, 0);
      progress.clear();
      expect(written).toEqual([]);
    }
  });

  it('follows a run through its trace, looking at the clock every 1024 events', () => {
    const { session, written } = terminal(true);
    const { trace, handlers } = fakeTrace();
    let now = 0;
    const progress = new RunProgress(session, () => now, { label: 'run tiny', durationUs: 2_000_000 });
    progress.attach(trace);
    expect(handlers.has('scl') && handlers.has('fault') && handlers.has('phase')).toBe(true);
    now = 2000;
    for (let i = 1; i < 1024; i++) handlers.get('scl')!(500_000);
    expect(written).toEqual([]);
    handlers.get('commit')!(500_000);
    expect(written).toEqual(['\r\x1b[Krun tiny  [######------------------]  0.5 s of 2 s simulated  512 events/s  eta 6s']);
  });

  it('does not listen to a run it will not draw', () => {
    const { session } = terminal(false);
    const { trace, handlers } = fakeTrace();
    new RunProgress(session, () => 0, { label: 'run tiny', durationUs: 1 }).attach(trace);
    expect(handlers.size).toBe(0);
  });
});
