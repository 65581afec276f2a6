/**
 * Small pieces of report HTML: escaping, tables, a chart's frame (title, note, key and the
 * element the drawing script fills).
 */
import type { Chart, KeyEntry } from './chart-plan.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A table cell: HTML, or a number's text, right-aligned. */
export type Cell = string | { readonly num: string };

export function num(text: string): Cell {
  return { num: text };
}

/** A column whose every cell is a number is right-aligned, its heading too. */
export function table(head: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'object'));
  const cell = (tag: 'th' | 'td', c: Cell | undefined, right: boolean): string => {
    const text = c === undefined ? '' : typeof c === 'string' ? c : c.num;
    return right || typeof c === 'object' ? `<${tag} class="num">${text}</${tag}>` : `<${tag}>${text}</${tag}>`;
  };
  const th = head.map((x, i) => cell('th', x, numeric[i]!)).join('');
  return `<table>\n<tr>${th}</tr>\n${rows.map((r) => `<tr>${head.map((_, i) => cell('td', r[i], false)).join('')}</tr>`).join('\n')}\n</table>`;
}

export function keyHtml(key: readonly KeyEntry[]): string {
  if (key.length === 0) return '';
  return `<div class="key">${key.map((k) => `<span><i style="background:${k.color}"></i>${escapeHtml(k.label)}</span>`).join('')}</div>`;
}

/** The chart's frame; the drawing script draws into the element with the chart's id. */
export function chartSection(chart: Chart): string {
  return [
    '<div class="chart">',
    `<h3>${escapeHtml(chart.title)}</h3>`,
    `<p class="note">${escapeHtml(chart.note)}</p>`,
    keyHtml(chart.key),
    `<div class="plot" id="${chart.id}"></div>`,
    '</div>',
  ].filter((x) => x !== '').join('\n');
}
