/**
 * The `replay --json` document (ARCHITECTURE.md §4.8): the point asked for and reached, the
 * last events, and the state there, every segment included (the text's compact view is for
 * people; scripts get it all). Key order is fixed here; changing the document on purpose bumps
 * `version`.
 */
import type { IndexedEvent } from './event-line.ts';
import type { ReplayState } from './state-types.ts';

export const REPLAY_FORMAT = 'aurora-sim-replay';
export const REPLAY_VERSION = 1;

export interface ReplayPoint {
  /** `--to-event N`, or `--until` in µs. */
  readonly toEvent?: number;
  readonly untilUs?: number;
}

export function replayJson(input: {
  readonly scenario: string;
  readonly seed: number;
  readonly file: string;
  readonly point: ReplayPoint;
  readonly state: ReplayState;
  readonly events: readonly IndexedEvent[];
  readonly hostName: (host: number) => string | undefined;
}) {
  const { state, hostName } = input;
  const named = (host: number | null) => (host === null ? null : hostName(host) ?? null);
  return {
    format: REPLAY_FORMAT,
    version: REPLAY_VERSION,
    scenario: input.scenario,
    seed: input.seed,
    file: input.file,
    point: input.point.toEvent !== undefined ? { toEvent: input.point.toEvent } : { untilUs: input.point.untilUs },
    at: { index: state.events - 1, timeUs: state.timeUs },
    events: input.events.map(({ index, event }) => ({ index, event })),
    state: {
      ...state,
      writer: withName(state.writer, named),
      formerWriters: state.formerWriters.map((w) => withName(w, named)),
    },
  };
}

/** The writer's record with its host's name right after its id. */
function withName<W extends { readonly host: number | null }>(writer: W, named: (host: number | null) => string | null) {
  const { host, ...rest } = writer;
  return { host, hostName: named(host), ...rest };
}
