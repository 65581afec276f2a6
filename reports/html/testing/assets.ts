/**
 * uPlot's files for report tests: the real ones, read from the installed package as the CLI
 * reads them, or small stand-ins for tests of the page's text.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChartAssets } from '../page.ts';

export function uplotAssets(): ChartAssets {
  const root = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');
  return { uplotJs: read('dist/uPlot.iife.min.js'), uplotCss: read('dist/uPlot.min.css'), uplotLicense: read('LICENSE') };
}

export const STAND_IN_ASSETS: ChartAssets = {
  uplotJs: '/*! uPlot stand-in */ var uPlot = function () {};',
  uplotCss: '.uplot { display: block; }',
  uplotLicense: 'The MIT License (MIT)\n\nCopyright (c) the stand-in',
};

/** The JSON block `id` of a page, parsed. */
export function jsonBlock(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, 's').exec(html);
  if (match === null) throw new Error(`no ${id} block`);
  return JSON.parse(match[1]!);
}
