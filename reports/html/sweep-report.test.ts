import { describe, expect, it } from 'vitest';
import type { SweepSummary } from '../sweep/summary.ts';
import type { ChartPlan, SweepChart } from './chart-plan.ts';
import { sweepLayout, SWEEP_METRICS } from './sweep-charts.ts';
import { heatColor, renderSweepReport } from './sweep-report.ts';
import { jsonBlock, STAND_IN_ASSETS } from './testing/assets.ts';
import { quorumGridSummary } from './testing/sweep-summary.ts';

const TOOL = { version: '9.9.9' };
const summary = quorumGridSummary();
const html = renderSweepReport(summary, TOOL, STAND_IN_ASSETS);
const plan = jsonBlock(html, 'aurora-sim-charts') as ChartPlan;
const chart = (id: string): SweepChart => plan.charts.find((c) => c.id === `chart-${id}`) as SweepChart;

describe('sweep report: one HTML file per sweep, from its summary', () => {
  it('is the same bytes for the same summary', () => {
    expect(renderSweepReport(quorumGridSummary(), TOOL, STAND_IN_ASSETS)).toBe(html);
  });

  it('carries the summary document in its data block', () => {
    expect(jsonBlock(html, 'aurora-sim-data')).toEqual({ format: 'aurora-sim-report', version: 1, kind: 'sweep', summary: JSON.parse(JSON.stringify(summary)) });
  });

  it('draws each metric against the first axis, one line per value of the others', () => {
    expect(plan.charts.map((c) => c.id)).toEqual(SWEEP_METRICS.map((m) => `chart-${m.id}`));
    const lost = chart('acked-lost');
    expect(lost.x).toEqual({ label: 'cluster.quorum.write', values: ['3', '4'] });
    expect(lost.series.map((s) => s.label)).toEqual(['cluster.quorum.read=2', 'cluster.quorum.read=3']);
    expect(lost.y).toMatchObject({ min: 0, max: 1 });
  });

  it('gives each point its 95% interval where the summary has one', () => {
    const at32 = summary.configurations.find((c) => c.config['cluster.quorum.write'] === '3' && c.config['cluster.quorum.read'] === '2')!;
    const lost = chart('acked-lost').series[0]!;
    expect([lost.mean[0], lost.lo[0], lost.hi[0]]).toEqual([at32.ackedCommitLost.p, at32.ackedCommitLost.lo, at32.ackedCommitLost.hi]);
    const time = chart('unavailable-time').series[0]!;
    expect(time.mean[0]).toBe(at32.writeUnavailableUs.mean! / 1000);
    expect(time.lo[0]).toBe(Math.max(0, at32.writeUnavailableUs.lo! / 1000));
    const p99 = chart('latency-p99').series[0]!;
    expect(p99.mean[0]).toBe(at32.commitLatencyUs.p99! / 1000);
    expect([p99.lo[0], p99.hi[0]]).toEqual([null, null]);
  });

  it('maps the quorum grid: P(loss) per cell, darker where commits were lost', () => {
    expect(html).toContain('<h2>Quorum grid</h2>');
    const cell = (p: number) => `<td class="cell" style="background:${heatColor(p)}`;
    const at = (w: string, r: string) => summary.configurations.find((c) => c.config['cluster.quorum.write'] === w && c.config['cluster.quorum.read'] === r)!;
    for (const [w, r] of [['3', '2'], ['3', '3'], ['4', '2'], ['4', '3']] as const) expect(html).toContain(cell(at(w, r).ackedCommitLost.p!));
    expect(at('3', '2').ackedCommitLost.k).toBeGreaterThan(0);
    expect(at('4', '3').ackedCommitLost.k).toBe(0);
    expect(heatColor(0)).toBe('rgb(244,246,248)');
    expect(heatColor(1)).toBe('rgb(183,28,28)');
  });

  it('draws no map and one line for a sweep of one axis', () => {
    const oneAxis: SweepSummary = { ...summary, grid: [summary.grid[0]!], configurations: summary.configurations.filter((c) => c.config['cluster.quorum.read'] === '2').map((c) => ({ ...c, config: { 'cluster.quorum.write': c.config['cluster.quorum.write']! } })) };
    expect(sweepLayout(oneAxis).lines).toEqual(['all tasks']);
    expect(renderSweepReport(oneAxis, TOOL, STAND_IN_ASSETS)).not.toContain('Quorum grid');
  });
});
