/**
 * The console summary: readable facts in a fixed order, colour only when the CLI asks for it,
 * and on failure the reproduce line last.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderText, summaryLine } from './text.ts';
import { failingRun, inconclusiveRun, passingRun } from './testing/fixture.ts';

const ANSI = /\u001b\[/;
const plain = new Chalk({ level: 0 });

describe('text report', () => {
  it('has no ANSI codes at colour level 0', () => {
    expect(renderText(failingRun, { chalk: plain })).not.toMatch(ANSI);
  });

  it.each([1, 2, 3] as const)('is coloured at level %i', (level) => {
    expect(renderText(failingRun, { chalk: new Chalk({ level }) })).toMatch(ANSI);
  });

  it('opens with the scenario, seed, simulated time, events and the trace hash, saying it is one', () => {
    const lines = renderText(passingRun, { chalk: plain }).split('\n');
    expect(lines[0]).toContain('az-outage');
    expect(lines[0]).toContain('seed 42');
    expect(lines[1]).toMatch(/simulated\s+2 s, 1,234,567 events/);
    expect(lines[2]).toBe(`trace hash   sha256 ${passingRun.traceHash}`);
  });

  it('counts refused and aborted commits only when there are some', () => {
    expect(renderText(failingRun, { chalk: plain })).toContain('10,012 submitted, 10,004 acknowledged, 3 lost, 120 refused, 7 aborted');
    expect(renderText(passingRun, { chalk: plain })).toMatch(/0 lost\n/);
  });

  it('shows commit latency percentiles in the one style of durations, exact to the microsecond', () => {
    expect(renderText(passingRun, { chalk: plain })).toMatch(
      /p50 1\.234 ms {2}p99 3\.456 ms {2}p99\.9 4\.321 ms {2}max 6\.789 ms/,
    );
  });

  it("shows the model's own durations (`3456us`) in the same style as the rest", () => {
    const text = renderText(passingRun, { chalk: plain });
    expect(text).toContain('commitLatencyP99  3.456 ms (expected at most 5 ms)');
    expect(text).not.toMatch(/\dus\b/);
  });

  it('shows network bytes by link class, io per commit and replica lag', () => {
    const text = renderText(passingRun, { chalk: plain });
    expect(text).toMatch(/writerToStorage\s+50\.0 MiB/);
    expect(text).toMatch(/io\/commit\s+6\.00 writes sent to segments per commit acknowledged\n/);
    expect(text).toMatch(/r1 {2}p50 640 us {2}p99 2\.1 ms {2}max 3\.05 ms/);
  });

  it('marks kept invariants with ✓ and a broken one with ✗ and its first violation', () => {
    const text = renderText(failingRun, { chalk: plain });
    expect(text).toContain('✓ vdl-monotonic');
    expect(text).toContain(
      '✗ acked-commits-durable  3 violations; first at 1.0255 s: commit 40012 acknowledged at 0.812000 s is missing',
    );
    expect(text).toContain('✗ ackedCommitsLost  3 lost, want 0');
  });

  it('marks a violation that a negative scenario expects as expected', () => {
    const negative = {
      ...failingRun,
      verdict: 'ok' as const,
      scenario: { ...failingRun.scenario, expect: { violations: ['acked-commits-durable'] } },
    };
    expect(renderText(negative, { chalk: plain })).toContain('✗ acked-commits-durable  3 violations (expected); first at');
  });

  it('ends a passing run with the verdict and no reproduce line', () => {
    const text = renderText(passingRun, { chalk: plain });
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/verdict\s+OK$/);
    expect(text).not.toContain('reproduce');
  });

  it('ends a failing run with the line that reproduces it', () => {
    const lines = renderText(failingRun, { chalk: plain }).trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/verdict\s+FAILED/);
    expect(lines.at(-1)).toBe(`reproduce    ${failingRun.replay}`);
  });

  it('says why an inconclusive run is inconclusive, then how to reproduce it', () => {
    const lines = renderText(inconclusiveRun, { chalk: plain }).trimEnd().split('\n');
    expect(lines.at(-2)).toContain('INCONCLUSIVE  event budget of 50000000 ran out at 1.250000 s');
    expect(lines.at(-1)).toContain(inconclusiveRun.replay);
  });

  it('lists the faults that ran, recoveries with their phases, and write-unavailability windows', () => {
    const text = renderText(failingRun, { chalk: plain });
    expect(text).toMatch(/faults\s+crash writer at 1 s for 500 ms\n\s+slow-disk node:3 at 1\.2 s for 2 s factor=10/);
    expect(text).toContain(
      'crash-recovery at 1 s took 25.5 ms (detect 0 us, fence+read 20 ms, truncate+repair 5.5 ms); ' +
        'VDL 40,016 -> 40,010, truncated 40,011..50,010',
    );
    expect(text).toMatch(/converged\s+yes; all segments caught up/);
    expect(text).toMatch(/writes down\s+1\.25 s \(0\.5 s\.\.1\.75 s\)/);
  });
  it('says which recoveries were abandoned for a newer one and which were still running at the end', () => {
    const first = failingRun.recoveries[0]!;
    const abandoned = { ...first, completed: false, outcome: 'abandoned' as const, durationUs: 1_050_000 };
    const unfinished = { ...first, startUs: 2_050_000, completed: false, outcome: 'unfinished' as const, durationUs: 950_000 };
    const text = renderText({ ...failingRun, recoveries: [abandoned, unfinished] }, { chalk: plain });
    expect(text).toMatch(/recoveries\s+crash-recovery at 1 s abandoned after 1\.05 s for a newer recovery \(/);
    expect(text).toMatch(/\n\s+crash-recovery at 2\.05 s unfinished after 950 ms \(/);
  });

  it('says what swarm enabled, above the faults, only when the run used swarm', () => {
    const swarm = { kinds: [{ name: 'crash' as const, weight: 3 }, { name: 'pause' as const, weight: 1 }], triggers: [] };
    expect(renderText({ ...failingRun, swarm }, { chalk: plain })).toMatch(/swarm\s+kinds crash×3, pause×1; triggers none\nfaults\s+crash writer/);
    expect(renderText(failingRun, { chalk: plain })).not.toContain('swarm');
  });
});

describe('summary line', () => {
  it('names the verdict, scenario, seed and what broke', () => {
    expect(summaryLine(failingRun)).toBe('FAILED az-outage seed 8812: acked-commits-durable, ackedCommitsLost');
    expect(summaryLine(passingRun)).toBe('OK az-outage seed 42');
    expect(summaryLine(inconclusiveRun)).toBe('INCONCLUSIVE az-outage seed 42: event budget of 50000000 ran out at 1.250000 s');
  });
});
