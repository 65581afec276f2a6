/**
 * The state file of a fuzz campaign, `<out>/<scenario-name>.campaign.json`: what `fuzz --resume`
 * continues from. A campaign is one scenario text and one `--set` list fuzzed over consecutive
 * seeds, possibly across many sessions; the file says where it started, which seed comes next,
 * the count per verdict of every seed run so far and where the capsules of those that were not
 * ok are. It is written whole to a temporary file and renamed over the old one, so a reader
 * (or a session killed mid-write) only ever sees a complete file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, errorReason } from '../exit.ts';
import type { SeedVerdict } from './outcome.ts';
import type { CampaignEnd } from './stop-rule.ts';

export const CAMPAIGN_SCHEMA_VERSION = 1;

/** Seeds run and how many of them came to each verdict. */
export interface CampaignCounts {
  readonly seeds: number;
  readonly ok: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly crashed: number;
}

/** A seed that was not ok, and its capsule (absent only if it could not be written). */
export interface CampaignFailure {
  readonly seed: number;
  readonly verdict: Exclude<SeedVerdict, 'ok'>;
  readonly capsule?: string;
}

export interface CampaignState {
  readonly schemaVersion: typeof CAMPAIGN_SCHEMA_VERSION;
  readonly tool: 'aurora-sim';
  /** The version that last wrote the file. */
  readonly version: string;
  readonly scenario: string;
  /** The scenario file as the campaign's first session was given it. */
  readonly file: string;
  /** SHA-256 of the scenario file's text: a resumed campaign must fuzz the same scenario. */
  readonly textSha256: string;
  readonly sets: readonly string[];
  readonly firstSeed: number;
  /** Every seed from `firstSeed` to `nextSeed − 1` has run. */
  readonly nextSeed: number;
  /** `running` while a session runs (or if it was killed), else how the last session ended. */
  readonly status: 'running' | CampaignEnd;
  readonly counts: CampaignCounts;
  /** In seed order. */
  readonly failures: readonly CampaignFailure[];
}

export const NO_SEEDS: CampaignCounts = { seeds: 0, ok: 0, failed: 0, inconclusive: 0, crashed: 0 };

/** Where a campaign's state lives: beside its capsules, named like them after the scenario. */
export function campaignStatePath(dir: string, scenario: string): string {
  return join(dir, `${scenario.replace(/[^A-Za-z0-9._-]+/g, '_')}.campaign.json`);
}

export function textSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes `state` atomically: a temporary file beside it, renamed over it. */
export function writeCampaignState(path: string, dir: string, state: CampaignState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    throw new CliError('unwritable', `${path}: cannot write the campaign state (${errorReason(error)})`);
  }
}

/** The state `--resume` continues, refused (exit 2) when missing, unreadable or not of this campaign. */
export function resumableState(path: string, campaign: { readonly text: string; readonly sets: readonly string[]; readonly file: string }): CampaignState {
  if (!existsSync(path)) {
    throw new CliError('usage', `--resume: no campaign to resume, ${path} does not exist (run without --resume to start one)`);
  }
  const state = readState(path);
  if (state.textSha256 !== textSha256(campaign.text)) {
    throw new CliError('usage', `--resume: ${campaign.file} has changed since the campaign in ${path} started; run without --resume to start a new campaign`);
  }
  if (!sameList(state.sets, campaign.sets)) {
    const ran = state.sets.length === 0 ? 'no --set' : state.sets.map((s) => `--set ${s}`).join(' ');
    throw new CliError('usage', `--resume: the campaign in ${path} ran with ${ran}; resume it with the same --set list, or run without --resume to start a new campaign`);
  }
  if (state.nextSeed > Number.MAX_SAFE_INTEGER) throw new CliError('usage', `--resume: the campaign in ${path} has run every seed up to 2^53 - 1`);
  return state;
}

function readState(path: string): CampaignState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError('unreadable', `${path}: cannot read the campaign state (${errorReason(error)})`);
  }
  const state = parsed as Partial<CampaignState> | null;
  const wellFormed =
    state?.schemaVersion === CAMPAIGN_SCHEMA_VERSION &&
    typeof state.textSha256 === 'string' &&
    Array.isArray(state.sets) &&
    Number.isSafeInteger(state.firstSeed) &&
    Number.isInteger(state.nextSeed) &&
    typeof state.counts === 'object' &&
    Array.isArray(state.failures);
  if (!wellFormed) throw new CliError('unreadable', `${path}: not a campaign state of schema version ${CAMPAIGN_SCHEMA_VERSION}`);
  return state as CampaignState;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
