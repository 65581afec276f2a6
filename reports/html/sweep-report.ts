/**
 * The single-file HTML report of a sweep (`sweep --report FILE`, `merge --report FILE`), made
 * from its summary alone: what was swept, the summary table, the first two grid axes as heat
 * maps of P(an acknowledged commit is lost) and P(writes unavailable), and each metric against
 * the first axis with its 95% interval (`sweep-charts.ts`). A pure function of the summary, so
 * a merge of shards writes the same bytes as one machine's sweep.
 *
 * The page carries the summary (`summary.json`'s document) in its `aurora-sim-data` block
 * (ARCHITECTURE.md §4.8).
 */
import type { Proportion } from '../sweep/statistics.ts';
import type { ConfigSummary, SweepSummary } from '../sweep/summary.ts';
import { FIGURE_COLUMNS, figures } from '../sweep/table.ts';
import { count } from '../format.ts';
import { chartSection, escapeHtml as h, num, table, type Cell } from './markup.ts';
import { renderPage, REPORT_DATA_VERSION, type ChartAssets } from './page.ts';
import { sweepChartPlan } from './sweep-charts.ts';

/** Heat maps are drawn for at most this many combinations of the axes after the first two. */
export const MAX_HEAT_MAPS = 12;

export function renderSweepReport(summary: SweepSummary, tool: { readonly version: string }, assets: ChartAssets): string {
  const plan = sweepChartPlan(summary);
  const body = [
    header(summary),
    summaryTable(summary),
    heatMaps(summary),
    '<h2>Metrics against the first axis</h2>',
    `<p class="muted">Each point is one configuration, its bar the 95% interval where there is one; one line per value of the other axes. Lines are set apart sideways so their bars do not hide each other.</p>`,
    ...plan.charts.map(chartSection),
    `<h2>Methods</h2>\n<ul>${Object.entries(summary.methods).map(([k, v]) => `<li><b>${h(k)}</b>: ${h(v)}</li>`).join('')}</ul>`,
    `<p class="muted">aurora-sim ${h(tool.version)}</p>`,
  ];
  const data = { format: 'aurora-sim-report', version: REPORT_DATA_VERSION, kind: 'sweep', summary };
  return renderPage({ title: `sweep ${summary.scenario}`, body: body.join('\n'), data, charts: plan }, assets);
}

function header(s: SweepSummary): string {
  const crashed = s.configurations.reduce((n, c) => n + c.verdicts.crashed, 0);
  const grid = s.grid.length === 0 ? 'no grid' : s.grid.map((a) => `<span class="mono">${h(a.path)}</span> = ${h(a.values.join(', '))}`).join('; ');
  return [
    `<h1>Sweep: ${h(s.scenario)}</h1>`,
    `<p class="muted">${h(s.file)}${s.sets.length === 0 ? '' : ` with ${s.sets.map((x) => `<span class="mono">--set ${h(x)}</span>`).join(' ')}`} · sweep seed ${s.sweepSeed}</p>`,
    `<p>${count(s.configurations.length)} configuration(s) × ${count(s.seeds)} seed(s), ${count(s.tasks)} task(s). Grid: ${grid}.</p>`,
    ...(crashed > 0 ? [`<p class="fail">${count(crashed)} task(s) crashed (a simulator bug) and are left out of the figures.</p>`] : []),
  ].join('\n');
}

function summaryTable(s: SweepSummary): string {
  const paths = s.grid.map((a) => a.path);
  const head = [...paths.map(h), ...FIGURE_COLUMNS.map(h), 'ok / failed / inconclusive / crashed'];
  const rows = s.configurations.map((c): Cell[] => {
    const v = c.verdicts;
    const cells = [...paths.map((p) => h(c.config[p] ?? '')), ...figures(c).map((f) => num(h(f)))];
    const verdicts = num(`${v.ok} / ${v.failed} / ${v.inconclusive} / ${v.crashed}`);
    return c.ackedCommitLost.k > 0 ? [...cells.map(lost), lost(verdicts)] : [...cells, verdicts];
  });
  return `<h2>Summary</h2>\n<p class="muted">One row per configuration; rows that lost an acknowledged commit in red.</p>\n<div class="wide">${table(head, rows)}</div>`;
}

function lost(cell: Cell): Cell {
  return typeof cell === 'string' ? `<span class="lost">${cell}</span>` : num(`<span class="lost">${cell.num}</span>`);
}

/** The first two axes as a grid of cells, one map per combination of the others. */
function heatMaps(s: SweepSummary): string {
  if (s.grid.length < 2) return '';
  const [rows, cols, ...rest] = s.grid;
  const groups = new Map<string, ConfigSummary[]>();
  for (const c of s.configurations) {
    const key = rest.map((a) => `${a.path}=${c.config[a.path] ?? ''}`).join(', ');
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const shown = [...groups.entries()].slice(0, MAX_HEAT_MAPS);
  const more = groups.size - shown.length;
  const maps = (title: string, pick: (c: ConfigSummary) => Proportion): string =>
    shown.map(([key, configs]) => {
      const cell = (r: string, c: string): string => {
        const found = configs.find((x) => x.config[rows!.path] === r && x.config[cols!.path] === c);
        return heatCell(found === undefined ? undefined : pick(found));
      };
      const corner = `<th class="corner">${h(cols!.path)} →<br>${h(rows!.path)} ↓</th>`;
      const head = `<tr>${corner}${cols!.values.map((v) => `<th class="num">${h(v)}</th>`).join('')}</tr>`;
      const body = rows!.values.map((r) => `<tr><th>${h(r)}</th>${cols!.values.map((c) => cell(r, c)).join('')}</tr>`).join('\n');
      return `${key === '' ? '' : `<h3>${h(title)}, ${h(key)}</h3>\n`}<table class="heat">\n${head}\n${body}\n</table>`;
    }).join('\n');
  return [
    '<h2>Quorum grid</h2>',
    `<p class="muted">The first two axes as a map: each cell's share of tasks p, its Wilson 95% interval and k of n tasks. Darker is more likely.${more > 0 ? ` The first ${MAX_HEAT_MAPS} of ${groups.size} combinations of the other axes are shown.` : ''}</p>`,
    `<h3>P(an acknowledged commit is lost)</h3>`,
    maps('P(an acknowledged commit is lost)', (c) => c.ackedCommitLost),
    `<h3>P(writes unavailable)</h3>`,
    maps('P(writes unavailable)', (c) => c.writeUnavailable),
  ].join('\n');
}

function heatCell(p: Proportion | undefined): string {
  if (p === undefined || p.p === null) return '<td class="cell" style="background:#eceef1">-</td>';
  const style = `background:${heatColor(p.p)};color:${p.p > 0.55 ? '#fff' : '#1d2330'}`;
  return `<td class="cell" style="${style}"><div class="p">${p.p.toFixed(3)}</div><div class="ci">[${p.lo!.toFixed(3)}, ${p.hi!.toFixed(3)}]</div><div class="ci">${p.k} of ${p.n}</div></td>`;
}

/** From a pale grey at 0 to a deep red at 1, in whole RGB steps. */
export function heatColor(p: number): string {
  const low = [244, 246, 248];
  const high = [183, 28, 28];
  const mix = low.map((l, i) => Math.round(l + (high[i]! - l) * Math.min(1, Math.max(0, p))));
  return `rgb(${mix.join(',')})`;
}
