/**
 * A fuzz session's record of its campaign: the seeds that ran, in order, the counts per
 * verdict and the failing seeds, saved at most about once a second and when the session ends,
 * and picked up again by --resume. The clock is the test's.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCampaign, type CampaignRequest } from './campaign.ts';
import type { CampaignState } from './campaign-state.ts';
import type { SeedOutcome, SeedVerdict } from './outcome.ts';

let dir = '';
let t = 0;
const now = (): number => t;
const outcome = (seed: number, verdict: SeedVerdict): SeedOutcome => ({ seed, verdict, violations: [], reason: verdict === 'ok' ? '' : 'why' });
const saved = (): CampaignState => JSON.parse(readFileSync(join(dir, 'tiny.campaign.json'), 'utf8')) as CampaignState;

const request = (over: Partial<CampaignRequest> = {}): CampaignRequest => ({
  file: 'tiny.yaml',
  scenario: 'tiny',
  text: 'name: tiny\n',
  sets: ['duration=1s'],
  out: dir,
  firstSeed: 5,
  seeds: 10,
  resume: false,
  version: '0.0.0',
  ...over,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-campaign-record-'));
  t = 0;
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a campaign record', () => {
  it('plans the session from --first-seed, lazily, and bounds it by --seeds or not at all', () => {
    expect(openCampaign(request(), now).seeds).toMatchObject({ first: 5, length: 10 });
    expect(openCampaign(request({ seeds: undefined }), now).seeds.length).toBe(Number.MAX_SAFE_INTEGER - 4);
    expect(() => openCampaign(request({ firstSeed: Number.MAX_SAFE_INTEGER, seeds: 2 }), now)).toThrow(
      `--first-seed ${Number.MAX_SAFE_INTEGER} with --seeds 2 goes past the largest seed`,
    );
  });

  it('counts seeds in order, keeps the failing ones, and saves at most once a second while running', () => {
    const { record } = openCampaign(request(), now);
    record.save('running');
    t = 400;
    record.add(outcome(5, 'ok'), undefined);
    record.add(outcome(6, 'failed'), 'out/tiny-seed-6.yaml');
    expect(saved()).toMatchObject({ nextSeed: 5, counts: { seeds: 0 } });
    t = 1000;
    record.add(outcome(7, 'crashed'), 'out/tiny-seed-7.yaml');
    expect(saved()).toMatchObject({ firstSeed: 5, nextSeed: 8, status: 'running', counts: { seeds: 3, ok: 1, failed: 1, inconclusive: 0, crashed: 1 } });
    expect(saved().failures).toEqual([
      { seed: 6, verdict: 'failed', capsule: 'out/tiny-seed-6.yaml' },
      { seed: 7, verdict: 'crashed', capsule: 'out/tiny-seed-7.yaml' },
    ]);
    record.save('time');
    expect(saved().status).toBe('time');
    expect(readdirSync(dir)).toEqual(['tiny.campaign.json']);
  });

  it('turns a seed whose determinism re-run disagreed into a crash, in its place among the failures', () => {
    const { record } = openCampaign(request(), now);
    for (const [seed, verdict] of [[5, 'failed'], [6, 'ok'], [7, 'failed']] as const) record.add(outcome(seed, verdict), `c${seed}`);
    record.replace(outcome(6, 'ok'), outcome(6, 'crashed'), 'c6');
    record.replace(outcome(7, 'failed'), outcome(7, 'crashed'), 'c7');
    expect(record.state.counts).toEqual({ seeds: 3, ok: 0, failed: 1, inconclusive: 0, crashed: 2 });
    expect(record.state.failures.map((f) => [f.seed, f.verdict])).toEqual([[5, 'failed'], [6, 'crashed'], [7, 'crashed']]);
  });

  it('resumes from the next seed with the counts so far, ignoring --first-seed', () => {
    const first = openCampaign(request(), now).record;
    first.add(outcome(5, 'ok'), undefined);
    first.add(outcome(6, 'failed'), 'c6');
    first.save('interrupted');
    const { seeds, record } = openCampaign(request({ resume: true, firstSeed: 1, seeds: 3 }), now);
    expect(seeds).toMatchObject({ first: 7, length: 3 });
    record.add(outcome(7, 'ok'), undefined);
    record.save('all-seeds');
    expect(saved()).toMatchObject({ firstSeed: 5, nextSeed: 8, status: 'all-seeds', counts: { seeds: 3, ok: 2, failed: 1 }, failures: [{ seed: 6 }] });
  });

  it('refuses to resume without a state, with another text or with other --sets', () => {
    expect(() => openCampaign(request({ resume: true }), now)).toThrow(/no campaign to resume, .*tiny\.campaign\.json does not exist/);
    openCampaign(request(), now).record.save('all-seeds');
    expect(existsSync(join(dir, 'tiny.campaign.json'))).toBe(true);
    expect(() => openCampaign(request({ resume: true, text: 'name: tiny\n# edited\n' }), now)).toThrow('tiny.yaml has changed since the campaign');
    expect(() => openCampaign(request({ resume: true, sets: [] }), now)).toThrow('ran with --set duration=1s; resume it with the same --set list');
  });
});
