/**
 * The `when:` of a triggered fault: the state that starts it instead of a time
 * (`faults/trigger.ts` says what each trigger matches).
 *
 *   - { when: { on: recovery.start, after: 500us }, kind: crash, target: writer, for: 1s }
 *   - { when: { lag: { records: 500, for: 100ms } }, kind: disk-loss, target: leading }
 *
 * `on: EVENT` or `lag: {records, for}` (one of the two); `occurrence` (the match that fires
 * first, 1 by default), `times` (how many faults at most, 1 by default), `after` (from the
 * match to the fault's start; at least 1us), the window `[from, to)` (the whole run by
 * default) outside which matches do not count, and `withinFailureModel` (start the fault only
 * if it keeps the failure model, as chaos does; a skipped start leaves the trigger listening).
 * Checked here: one condition, a lag with a threshold, and a window inside the run.
 */
import { z } from 'zod';
import { TRIGGER_EVENTS } from '../faults/trigger.ts';
import { count, duration, flag } from './fields.ts';
import type { DocPath } from './issue.ts';
import type { TriggerSpec } from './resolved.ts';
import type { Report } from './rule.ts';
import { formatDuration } from './units.ts';

const lag = z
  .strictObject({
    records: count('At least this many LSNs behind the highest SCL of its protection group (1 when omitted).', 1).optional(),
    for: duration('Lagging that much without a break for at least this long (at once when omitted).').optional(),
  })
  .meta({
    description:
      'A segment lags its protection group: a settled member, not empty, whose SCL is behind the highest SCL of the PG’s other such members. Its segment is the lagging one.',
  });

export const whenSchema = z
  .strictObject({
    on: z
      .enum(TRIGGER_EVENTS)
      .meta({
        description:
          'The trace event that starts the fault: recovery.start (a recovery’s fence/read phase begins), recovery.read (VCL/VDL computed), truncate (truncation recorded; repair phase begins), recovery.done, promote (a failover begins), membership (a membership change in progress; its segment is the incoming one), segment.wipe, segment.new, segment.hydrated (their segment is that one), writer.open.',
      })
      .optional(),
    lag: lag.optional(),
    occurrence: count('The match that starts the first fault (1: the first).', 1).prefault(1),
    times: count('Faults started at most, on that match and later ones (each after the previous one ended).', 1).prefault(1),
    after: duration('From the match to the start of the fault (the fault starts at least 1us later).').prefault('0s'),
    from: duration('Matches before this time do not count.').prefault('0s'),
    to: duration('Matches from this time on do not count (the end of the run when omitted).').optional(),
    withinFailureModel: flag(
      'Start the fault only if, over its whole window, it keeps every protection group within AZ+1 with a read quorum and the compute side to one fault, counting every other fault (as chaos does); otherwise skip that match and keep listening.',
    ).prefault(false),
  })
  .meta({
    description:
      'The state that starts the fault, instead of `at`. The target may be relative to the segment a lag, membership or segment trigger names: lagging, lagging-node, leading (the most advanced other member), leading-node.',
  });

export type WhenEntry = z.output<typeof whenSchema>;

/** Reports what is wrong with `when` at `path`; true when it is usable. */
export function checkWhen(when: WhenEntry, path: DocPath, runDuration: number, report: Report): boolean {
  let ok = true;
  const fail = (at: DocPath, message: string) => {
    report([...path, ...at], message);
    ok = false;
  };
  if ((when.on === undefined) === (when.lag === undefined)) {
    fail([], when.on === undefined ? 'give the state that starts the fault: `on: EVENT` or `lag: {records, for}`' : 'give `on` or `lag`, not both');
  }
  if (when.lag !== undefined && when.lag.records === undefined && when.lag.for === undefined) {
    fail(['lag'], 'lag needs `records` (how far behind), `for` (how long), or both');
  }
  const to = when.to ?? runDuration;
  if (to > runDuration) fail(['to'], `to (${formatDuration(to)}) must not be after the end of the run (${formatDuration(runDuration)})`);
  else if (when.from >= to) fail(['from'], `from (${formatDuration(when.from)}) must be before ${when.to === undefined ? 'the end of the run' : 'to'} (${formatDuration(to)})`);
  return ok;
}

/** A checked `when` as the contract's TriggerSpec. */
export function toTriggerSpec(when: WhenEntry, runDuration: number): TriggerSpec {
  const on: TriggerSpec['on'] =
    when.lag !== undefined ? { kind: 'lag', records: when.lag.records ?? 1, for: when.lag.for ?? 0 } : { kind: 'event', event: when.on! };
  return { on, occurrence: when.occurrence, times: when.times, after: when.after, from: when.from, to: when.to ?? runDuration };
}

/** A TriggerSpec as a file spells it, every field explicit. */
export function whenDocument(t: TriggerSpec): z.input<typeof whenSchema> {
  const on = t.on.kind === 'lag' ? { lag: { records: t.on.records, for: formatDuration(t.on.for) } } : { on: t.on.event };
  return { ...on, occurrence: t.occurrence, times: t.times, after: formatDuration(t.after), from: formatDuration(t.from), to: formatDuration(t.to) };
}
