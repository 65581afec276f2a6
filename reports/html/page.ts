/**
 * One self-contained HTML page: the styles, uPlot's script and stylesheet inlined with their
 * licence, the report's data and chart plan as JSON blocks, and the script that draws the
 * charts. It opens from a file with no server and no network. The output is a pure function
 * of its input: no time, no random id, so the same input gives the same bytes.
 */
import { CLIENT_SCRIPT } from './client-script.ts';
import { escapeHtml } from './markup.ts';

/** The version of the reports' `aurora-sim-data` block (ARCHITECTURE.md §4.8); bump it when the block changes. */
export const REPORT_DATA_VERSION = 1;

/** uPlot's files, read by the caller (reports/ touches no files): its minified script and stylesheet, and its licence. */
export interface ChartAssets {
  readonly uplotJs: string;
  readonly uplotCss: string;
  readonly uplotLicense: string;
}

export interface Page {
  readonly title: string;
  /** The body's HTML, already escaped. */
  readonly body: string;
  /** The `aurora-sim-data` block: results for readers of the file (ARCHITECTURE.md §4.8). */
  readonly data: unknown;
  /** The `aurora-sim-charts` block: what the drawing script draws, not a contract. */
  readonly charts: unknown;
}

export function renderPage(page: Page, assets: ChartAssets): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>\n${assets.uplotCss.trim()}\n</style>`,
    `<style>\n${STYLE.trim()}\n</style>`,
    '</head>',
    '<body>',
    page.body.trim(),
    jsonBlock('aurora-sim-data', page.data),
    jsonBlock('aurora-sim-charts', page.charts),
    `<script>\n/*! uPlot's licence:\n${commentSafe(assets.uplotLicense.trim())}\n*/\n${scriptSafe(assets.uplotJs.trim())}\n</script>`,
    `<script>\n${CLIENT_SCRIPT.trim()}\n</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * A JSON block the page reads with JSON.parse. Every `<` is written `\u003c`, still the same
 * JSON, so no string in the data can close the script element.
 */
function jsonBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

function commentSafe(text: string): string {
  return text.replace(/\*\//g, '* /');
}

/** A script may not contain `</script` (any case): break the tag without changing the code. */
function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/** Screen and print: readable on a laptop, charts kept whole on paper. */
const STYLE = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5b6475; --line: #d9dde5; --ok: #1a7f37; --bad: #c62828; --warn: #a15c00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1240px; padding: 20px 28px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 18px 0 2px; }
p, ul { margin: 6px 0; }
.muted { color: var(--muted); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
pre { background: #f6f7f9; border: 1px solid var(--line); padding: 10px 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 700; letter-spacing: 0.04em; color: #fff; }
.verdict.ok { background: var(--ok); } .verdict.failed { background: var(--bad); } .verdict.inconclusive { background: var(--warn); }
.pass { color: var(--ok); font-weight: 700; } .fail { color: var(--bad); font-weight: 700; } .expected { color: var(--warn); font-weight: 700; }
table { border-collapse: collapse; margin: 6px 0 10px; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; border-bottom: 1px solid #eef0f3; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.checks { display: flex; flex-wrap: wrap; gap: 0 48px; align-items: flex-start; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 2px 24px; margin: 8px 0; }
.figures div { display: flex; justify-content: space-between; gap: 8px; border-bottom: 1px solid #eef0f3; padding: 2px 0; }
.figures span:first-child { color: var(--muted); }
.figures span:last-child { white-space: nowrap; }
.chart { margin: 14px 0 4px; break-inside: avoid; page-break-inside: avoid; }
.chart h3 { margin-bottom: 0; }
.chart .note { color: var(--muted); font-size: 12.5px; margin: 0 0 4px; }
.key { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12.5px; color: var(--muted); margin: 2px 0; }
.key i { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
.plot { min-height: 60px; }
.bar { display: inline-block; height: 11px; background: #4e79a7; vertical-align: -1px; }
.wide { overflow-x: auto; }
.wide table { font-size: 12.5px; }
.wide td, .wide th { white-space: nowrap; }
.lost { color: var(--bad); }
.heat th { vertical-align: middle; }
.heat th.corner { font-weight: 600; font-size: 12px; line-height: 1.3; }
.heat td.cell { text-align: center; min-width: 110px; padding: 6px 8px; border: 1px solid #fff; }
.heat .p { font-weight: 700; font-size: 14px; }
.heat .ci { font-size: 11.5px; }
details summary { cursor: pointer; color: var(--muted); }
.uplot .u-title { display: none; }
.uplot .u-legend { font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11.5px; }
  h2 { break-after: avoid; page-break-after: avoid; }
  details { display: block; }
  .u-cursor-x, .u-cursor-y, .u-select { display: none !important; }
  .no-print { display: none; }
  .wide { overflow: visible; }
  .wide table { font-size: 9px; }
}
`;
