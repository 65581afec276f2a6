/**
 * A fuzz session as part of a campaign: which seeds it runs (from `--first-seed`, or from where
 * the campaign stopped with `--resume`), how many at most (`--seeds`; unbounded with `--time`
 * alone), and the record of the campaign's state that it keeps up to date on disk as seeds
 * finish (`campaign-state.ts`). Seeds are recorded in seed order, so the state always
 * describes a gap-free range, and a session killed at any point leaves a state to resume from.
 */
import { CliError } from '../exit.ts';
import {
  CAMPAIGN_SCHEMA_VERSION,
  campaignStatePath,
  NO_SEEDS,
  resumableState,
  textSha256,
  writeCampaignState,
  type CampaignCounts,
  type CampaignFailure,
  type CampaignState,
} from './campaign-state.ts';
import type { SeedOutcome } from './outcome.ts';
import { seedRange, seedsFrom, type SeedRange } from './plan.ts';

/** While seeds run, the state is rewritten at most this often. */
const SAVE_EVERY_MS = 1000;

export interface CampaignRequest {
  readonly file: string;
  readonly scenario: string;
  readonly text: string;
  readonly sets: readonly string[];
  readonly out: string;
  /** Ignored with `resume`. */
  readonly firstSeed: number;
  /** How many seeds this session runs at most; undefined to run until stopped (`--time`). */
  readonly seeds: number | undefined;
  readonly resume: boolean;
  readonly version: string;
}

export interface CampaignSession {
  /** The seeds this session may run, lazily. */
  readonly seeds: SeedRange;
  readonly resumed: boolean;
  readonly record: CampaignRecord;
}

/** Reads the state to resume (or starts a new one) and plans this session's seeds; bad input exits 2. */
export function openCampaign(request: CampaignRequest, now: () => number): CampaignSession {
  const path = campaignStatePath(request.out, request.scenario);
  const start: CampaignState = request.resume
    ? { ...resumableState(path, request), version: request.version, status: 'running' }
    : {
        schemaVersion: CAMPAIGN_SCHEMA_VERSION,
        tool: 'aurora-sim',
        version: request.version,
        scenario: request.scenario,
        file: request.file,
        textSha256: textSha256(request.text),
        sets: [...request.sets],
        firstSeed: request.firstSeed,
        nextSeed: request.firstSeed,
        status: 'running',
        counts: NO_SEEDS,
        failures: [],
      };
  const first = start.nextSeed;
  // Compared without adding: first + seeds − 1 past 2^53 is rounded, and may look safe.
  if (request.seeds !== undefined && first > Number.MAX_SAFE_INTEGER - (request.seeds - 1)) {
    const from = request.resume ? `the campaign's next seed ${first}` : `--first-seed ${first}`;
    throw new CliError('usage', `${from} with --seeds ${request.seeds} goes past the largest seed`);
  }
  const seeds = request.seeds === undefined ? seedsFrom(first) : seedRange(first, request.seeds);
  return { seeds, resumed: request.resume, record: new CampaignRecord(path, request.out, start, now) };
}

/** The campaign's state as this session changes it, saved atomically and at most once a second. */
export class CampaignRecord {
  readonly path: string;
  private readonly dir: string;
  private readonly now: () => number;
  private readonly start: CampaignState;
  private readonly counts: Record<keyof CampaignCounts, number>;
  /** In seed order; grows in place, a long campaign can fail many seeds. */
  private readonly failures: CampaignFailure[];
  private nextSeed: number;
  private status: CampaignState['status'];
  private savedAtMs = -Infinity;

  constructor(path: string, dir: string, start: CampaignState, now: () => number) {
    this.path = path;
    this.dir = dir;
    this.now = now;
    this.start = start;
    this.counts = { ...start.counts };
    this.failures = [...start.failures];
    this.nextSeed = start.nextSeed;
    this.status = start.status;
  }

  get state(): CampaignState {
    const { start, nextSeed, status } = this;
    return { ...start, nextSeed, status, counts: { ...this.counts }, failures: [...this.failures] };
  }

  /** The next seed's outcome (seeds come in order), and its capsule if it has one. */
  add(outcome: SeedOutcome, capsule: string | undefined): void {
    this.nextSeed = outcome.seed + 1;
    this.counts.seeds++;
    this.counts[outcome.verdict]++;
    if (outcome.verdict !== 'ok') this.failures.push(failure(outcome, capsule));
    if (this.now() - this.savedAtMs >= SAVE_EVERY_MS) this.save('running');
  }

  /** A seed already recorded came to another verdict (its determinism re-run disagreed). */
  replace(before: SeedOutcome, after: SeedOutcome, capsule: string | undefined): void {
    this.counts[before.verdict]--;
    this.counts[after.verdict]++;
    const at = this.failures.findIndex((f) => f.seed >= after.seed);
    const end = at === -1 ? this.failures.length : at;
    const replaced = this.failures[end]?.seed === after.seed ? 1 : 0;
    this.failures.splice(end, replaced, ...(after.verdict === 'ok' ? [] : [failure(after, capsule)]));
  }

  /** Writes the state now; `status` stays `running` until the session ends. */
  save(status: CampaignState['status']): void {
    this.status = status;
    writeCampaignState(this.path, this.dir, this.state);
    this.savedAtMs = this.now();
  }
}

function failure(outcome: SeedOutcome, capsule: string | undefined): CampaignFailure {
  const verdict = outcome.verdict as CampaignFailure['verdict'];
  return { seed: outcome.seed, verdict, ...(capsule === undefined ? {} : { capsule }) };
}
