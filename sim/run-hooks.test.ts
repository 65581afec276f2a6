/**
 * What a reader of a run may do through `runScenario`'s options: stream the trace line by line,
 * watch its events by name, and end it early. None of them changes the run it reads.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type RunOptions } from './simulation.ts';
import { withScenario } from './testing/base-scenario.ts';

const SCENARIO = withScenario({ duration: 200_000 });
const OPTIONS: RunOptions = { source: 'test.yaml', replay: 'replay', keepTrace: false };

describe('reading a run from outside', () => {
  it('streams the same lines it would keep, without changing the trace hash', () => {
    const kept = runScenario(SCENARIO, { ...OPTIONS, keepTrace: true });
    const streamed: string[] = [];
    const plain = runScenario(SCENARIO, { ...OPTIONS, onTraceLine: (line) => streamed.push(line) });
    expect(streamed).toEqual(kept.traceLines);
    expect(streamed.length).toBe(plain.simulated.traceEvents);
    expect(plain.traceHash).toBe(kept.traceHash);
    expect(plain.traceLines).toBeUndefined();
  });

  it('lets a watcher see every event by name, from the first (the writer opening while the world is built)', () => {
    let commits = 0;
    const opened: number[] = [];
    const result = runScenario(SCENARIO, {
      ...OPTIONS,
      keepTrace: true,
      watch: (trace) => trace.on({ commit: () => void commits++, 'writer.open': (t, { epoch }) => void opened.push(t, epoch) }),
    });
    expect(commits).toBe(result.commits.acknowledged);
    expect(result.traceLines?.[0]).toMatch(/^0 writer\.open /);
    expect(opened.slice(0, 2)).toEqual([0, 1]);
  });

  it('ends the run before its first loop event when the watcher stops it while subscribing', () => {
    const result = runScenario(SCENARIO, { ...OPTIONS, watch: (_trace, control) => control.stop() });
    expect(result.simulated.events).toBe(0);
    expect(result.simulated.durationUs).toBe(0);
    expect(result.inconclusive).toMatch(/stopped early/);
  });

  it('ends the run once the watcher stops it, as an inconclusive run that says why', () => {
    let stoppedAt = -1;
    const result = runScenario(SCENARIO, {
      ...OPTIONS,
      watch: (trace, control) =>
        trace.on({
          commit: (t) => {
            if (stoppedAt < 0 && t >= 50_000) {
              stoppedAt = t;
              control.stop();
            }
          },
        }),
    });
    expect(stoppedAt).toBeGreaterThan(0);
    expect(result.simulated.durationUs).toBe(stoppedAt);
    expect(result.verdict).toBe('inconclusive');
    expect(result.inconclusive).toMatch(/stopped early/);
  });
});
