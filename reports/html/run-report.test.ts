import { describe, expect, it } from 'vitest';
import { failingRun, passingRun } from '../testing/fixture.ts';
import { recordedRun, SHORT_AZ_OUTAGE, type RecordedRun } from '../timeline/testing/recorded-run.ts';
import { TimelineRecorder } from '../timeline/timeline.ts';
import type { ChartPlan } from './chart-plan.ts';
import { REPORT_DATA_VERSION } from './page.ts';
import { renderRunReport } from './run-report.ts';
import { jsonBlock, STAND_IN_ASSETS, uplotAssets } from './testing/assets.ts';

const TOOL = { version: '9.9.9' };
const render = (run: RecordedRun, assets = STAND_IN_ASSETS): string => renderRunReport({ ...run, tool: TOOL }, assets);
const outage = recordedRun('scenarios/az-outage.yaml', SHORT_AZ_OUTAGE);
const html = render(outage);

/** A hand-made result with an empty timeline, for what the page says about it. */
function page(result: typeof passingRun): string {
  const timeline = new TimelineRecorder(result.scenario).timeline(result);
  return renderRunReport({ result, timeline, scenarioYaml: 'version: 1\n', tool: TOOL }, STAND_IN_ASSETS);
}

describe('run report: one HTML file per run', () => {
  it('is the same bytes for the same run', () => {
    expect(render(recordedRun('scenarios/az-outage.yaml', SHORT_AZ_OUTAGE))).toBe(html);
  });

  it('says the scenario and seed, then the verdict, before any chart', () => {
    const order = ['<h1>az-outage <span class="muted">seed 42</span>', '<h2>Verdict', 'Reproduce:', '<h3>Invariants', '<h3>Expectations', 'id="chart-'].map((s) => html.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<span class="verdict ok">OK</span>');
    for (const invariant of outage.result.invariants) expect(html).toContain(`<td>${invariant.name}</td>`);
  });

  it('shows what failed and the command that reproduces it', () => {
    const failed = page(failingRun);
    expect(failed).toContain('<span class="verdict failed">FAILED</span>');
    expect(failed).toContain(`<pre>${failingRun.replay}</pre>`);
    const broken = failingRun.invariants.find((i) => !i.ok)!;
    expect(failed).toMatch(new RegExp(`<span class="fail">✗</span></td><td>${broken.name}</td>`));
  });

  it('carries the run --json document and the timeline in its data block', () => {
    const data = jsonBlock(html, 'aurora-sim-data') as Record<string, any>;
    expect(data).toMatchObject({ format: 'aurora-sim-report', version: REPORT_DATA_VERSION, kind: 'run' });
    expect(data.run).toMatchObject({ scenario: 'az-outage', seed: 42, traceHash: outage.result.traceHash, version: '9.9.9' });
    expect(data.timeline).toEqual(JSON.parse(JSON.stringify(outage.timeline)));
  });

  it('draws every chart on the run\'s time axis, with the fault window shaded', () => {
    const plan = jsonBlock(html, 'aurora-sim-charts') as ChartPlan;
    expect(plan.durationS).toBe(5);
    expect(plan.shade).toEqual([[2, 4]]);
    expect(plan.charts.map((c) => c.id)).toEqual(['chart-points', 'chart-scl-lag', 'chart-latency', 'chart-throughput', 'chart-replica-lag', 'chart-lanes']);
    for (const chart of plan.charts) expect(html).toContain(`<div class="plot" id="${chart.id}"></div>`);
  });

  it('names every series a chart draws from the timeline', () => {
    const plan = jsonBlock(html, 'aurora-sim-charts') as ChartPlan;
    const names = new Set(outage.timeline.series.map((s) => s.name));
    for (const chart of plan.charts) if (chart.kind === 'time') for (const s of chart.series) expect(names, s.name).toContain(s.name);
  });

  it("inlines uPlot with its banner and its licence", () => {
    const real = render(outage, uplotAssets());
    expect(real).toContain('/*! https://github.com/leeoniya/uPlot');
    expect(real).toMatch(/uPlot's licence:\nThe MIT License \(MIT\)\n\nCopyright \(c\) \d+ Leon Sorokin/);
    expect(real).not.toMatch(/<(script|link)[^>]+src=/i);
  });

  it('escapes what a scenario says, so no text can end a script or add markup', () => {
    const hostile = '</script><img src=x onerror=alert(1)>';
    const result = { ...passingRun, scenario: { ...passingRun.scenario, description: hostile, name: hostile } };
    const text = page(result);
    expect(text).not.toContain('<img');
    expect(text.match(/<script/g)!.length).toBe(text.match(/<\/script>/g)!.length);
    expect((jsonBlock(text, 'aurora-sim-data') as { run: { scenario: string } }).run.scenario).toBe(hostile);
  });
});
