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

  it('lets a watcher see every event by name, from the first', () => {
    let commits = 0;
    let events = 0;
    const result = runScenario(SCENARIO, {
      ...OPTIONS,
      onTraceLine: () => void events++,
      watch: (trace) => trace.on({ commit: () => void commits++ }),
    });
    expect(commits).toBe(result.commits.acknowledged);
    expect(events).toBe(result.simulated.traceEvents);
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
