/**
 * What an HTML report needs from the disk, and writing it: uPlot's script, stylesheet and
 * licence, read from the installed package wherever the CLI runs (under tsx, compiled, or
 * bundled), and the report written to the path the user named, its folder created if missing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ChartAssets } from '../reports/html/page.ts';
import { renderRunReport, type RunReportInput } from '../reports/html/run-report.ts';
import { renderSweepReport } from '../reports/html/sweep-report.ts';
import type { SweepSummary } from '../reports/sweep/summary.ts';
import { CliError, errorReason } from './exit.ts';

let cached: ChartAssets | undefined;

export function chartAssets(): ChartAssets {
  if (cached !== undefined) return cached;
  const root = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');
  cached = { uplotJs: read('dist/uPlot.iife.min.js'), uplotCss: read('dist/uPlot.min.css'), uplotLicense: read('LICENSE') };
  return cached;
}

/** Fails early, before a long run, if the folder cannot be made; returns the path. */
export function prepareReportPath(path: string): string {
  try {
    mkdirSync(dirname(path), { recursive: true });
    return path;
  } catch (error) {
    throw new CliError('unwritable', `${path}: cannot write (${errorReason(error)})`);
  }
}

export function writeReport(path: string, html: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, html);
  } catch (error) {
    throw new CliError('unwritable', `${path}: cannot write (${errorReason(error)})`);
  }
}

export function writeSweepReport(path: string, summary: SweepSummary, tool: { readonly version: string }): void {
  writeReport(path, renderSweepReport(summary, tool, chartAssets()));
}

export function writeRunReport(path: string, input: RunReportInput): void {
  writeReport(path, renderRunReport(input, chartAssets()));
}
