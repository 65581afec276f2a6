/**
 * The reports as a person sees them: rendered in headless Chromium (Debian's `chromium`,
 * driven by playwright-core), every chart must have drawn its data, the fault window must be
 * shaded on every time chart, and the page must log no error. Screenshots are written to
 * out/report-browser/ for a person to look at.
 *
 * Skipped, saying why, where /usr/bin/chromium is missing; under CI (`CI=true`, where .ci/run
 * installs it) a missing browser fails instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedRun, SHORT_AZ_OUTAGE } from '../timeline/testing/recorded-run.ts';
import { SHADE_COLOR, type ChartPlan } from './chart-plan.ts';
import { renderRunReport } from './run-report.ts';
import { renderSweepReport } from './sweep-report.ts';
import { jsonBlock, uplotAssets } from './testing/assets.ts';
import { quorumGridSummary } from './testing/sweep-summary.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUT = fileURLToPath(new URL('../../out/report-browser/', import.meta.url));
const present = existsSync(CHROMIUM);

/** What the page's script leaves in `window.auroraReport.charts`. */
interface Drawn {
  readonly id: string;
  readonly kind: 'time' | 'lanes' | 'sweep';
  readonly points: number;
  readonly shaded: readonly (readonly [number, number])[];
  readonly boxes?: readonly (readonly [number, number, number])[];
  readonly colors?: readonly string[];
  readonly plot: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
}

interface Opened {
  readonly page: Page;
  readonly errors: string[];
  readonly charts: Drawn[];
  readonly plan: ChartPlan;
}

/** The little of the page's DOM the checks read (this project type-checks without the DOM library). */
interface PageGlobals {
  readonly auroraReport: { readonly charts: Drawn[] };
  readonly document: {
    querySelector(selector: string): { getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
  };
}

let context: BrowserContext | undefined;
let profile = '';

async function open(name: string, html: string): Promise<Opened> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${name}.html`);
  writeFileSync(file, html);
  const page = await context!.newPage();
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(e.message));
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-drawn]', { timeout: 20_000 });
  const charts = await page.evaluate(() => (globalThis as unknown as PageGlobals).auroraReport.charts);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  return { page, errors, charts, plan: jsonBlock(html, 'aurora-sim-charts') as ChartPlan };
}

/** The RGBA pixels of a vertical line of a chart's canvas, from `top` for `height` device pixels. */
function column(page: Page, id: string, x: number, top: number, height: number): Promise<number[][]> {
  return page.evaluate(({ id, x, top, height }) => {
    const canvas = (globalThis as unknown as PageGlobals).document.querySelector(`#${id} canvas`);
    const data = canvas.getContext('2d').getImageData(x, top, 1, height).data;
    const out: number[][] = [];
    for (let i = 0; i < data.length; i += 4) out.push([data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!]);
    return out;
  }, { id, x, top, height });
}

/** How many pixels of a chart's plot area are drawn, opaque, in one of `colors` (#rrggbb). */
function pixelsIn(page: Page, id: string, plot: Drawn['plot'], colors: readonly string[]): Promise<number> {
  return page.evaluate(({ id, plot, colors }) => {
    const canvas = (globalThis as unknown as PageGlobals).document.querySelector(`#${id} canvas`);
    const data = canvas.getContext('2d').getImageData(plot.left, plot.top, plot.width, plot.height).data;
    const rgb = colors.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3]! < 250) continue;
      if (rgb.some(([r, g, b]) => Math.abs(data[i]! - r!) < 24 && Math.abs(data[i + 1]! - g!) < 24 && Math.abs(data[i + 2]! - b!) < 24)) n++;
    }
    return n;
  }, { id, plot, colors });
}

/** The shade's colour as the canvas holds it: its RGB at its own alpha (the canvas is transparent beneath). */
const SHADE = (/rgba\((\d+), (\d+), (\d+), ([\d.]+)\)/.exec(SHADE_COLOR) ?? []).slice(1).map(Number);
const isShade = ([r, g, b, a]: number[]): boolean =>
  Math.abs(r! - SHADE[0]!) <= 3 && Math.abs(g! - SHADE[1]!) <= 3 && Math.abs(b! - SHADE[2]!) <= 3 && Math.abs(a! - Math.round(SHADE[3]! * 255)) <= 3;

const title = present ? 'reports in headless Chromium' : `reports in headless Chromium (skipped: ${CHROMIUM} is missing; apt-get install chromium)`;

describe.skipIf(!present && process.env.CI !== 'true')(title, () => {
  let run: Opened;
  let sweep: Opened;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: .ci/run installs Debian's chromium`).toBe(true);
    profile = mkdtempSync(join(tmpdir(), 'aurora-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1,
    });
    const assets = uplotAssets();
    const outage = recordedRun('scenarios/az-outage.yaml', SHORT_AZ_OUTAGE);
    run = await open('run-report', renderRunReport({ ...outage, tool: { version: 'test' } }, assets));
    sweep = await open('sweep-report', renderSweepReport(quorumGridSummary(), { version: 'test' }, assets));
  });

  afterAll(async () => {
    await context?.close();
    if (profile !== '') rmSync(profile, { recursive: true, force: true });
  });

  it('logs no error on either page', () => {
    expect(run.errors).toEqual([]);
    expect(sweep.errors).toEqual([]);
  });

  it('draws every chart of the run report, each with its data on the canvas', async () => {
    expect(run.charts.map((c) => c.id)).toEqual(run.plan.charts.map((c) => c.id));
    for (const chart of run.charts) {
      expect(chart.points, chart.id).toBeGreaterThan(0);
      const colors = chart.kind === 'lanes' ? ['#f28e2b'] : chart.colors!;
      expect(await pixelsIn(run.page, chart.id, chart.plot, colors), chart.id).toBeGreaterThan(20);
    }
  });

  it('shades the fault window, and only it, on every chart of the run', async () => {
    for (const chart of run.charts) {
      expect(chart.shaded, chart.id).toHaveLength(1);
      const [x0, x1] = chart.shaded[0]!;
      const { top, height, left, width } = chart.plot;
      const inside = await column(run.page, chart.id, Math.round((x0 + x1) / 2) + 3, top, height);
      const before = await column(run.page, chart.id, left + Math.round(width / 10), top, height);
      // Inside, every pixel no line covers is shade; outside, none is.
      expect(inside.filter(isShade).length / height, chart.id).toBeGreaterThan(0.3);
      expect(inside.filter(([, , , a]) => a === 0), chart.id).toEqual([]);
      expect(before.filter(isShade), chart.id).toEqual([]);
    }
  });

  it('draws the fault where the run had it: from 2 s to 4 s of 5', () => {
    for (const chart of run.charts) {
      const [x0, x1] = chart.shaded[0]!;
      const at = (s: number): number => chart.plot.left + (chart.plot.width * s) / 5;
      expect(Math.abs(x0 - at(2)), chart.id).toBeLessThanOrEqual(2);
      expect(Math.abs(x1 - at(4)), chart.id).toBeLessThanOrEqual(2);
    }
  });

  it('draws every metric of the sweep report with its points', () => {
    expect(sweep.charts.map((c) => c.id)).toEqual(sweep.plan.charts.map((c) => c.id));
    for (const chart of sweep.charts) expect(chart.points, chart.id).toBeGreaterThan(0);
  });

  it('leaves a screenshot of each page for a person to look at', () => {
    for (const name of ['run-report', 'sweep-report']) expect(statSync(join(OUT, `${name}.png`)).size).toBeGreaterThan(50_000);
  });
});
