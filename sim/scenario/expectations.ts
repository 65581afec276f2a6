/**
 * The `expect:` section: what a run must show to pass. Every key is optional. Bounds are
 * `{min, max}` (either or both); latency and time bounds are durations, the others plain
 * numbers. `writesAvailable` is a window `{from, to}` in which writes must never be
 * unavailable. `violations` names the invariants a negative scenario must break (and no others).
 */
import { z } from 'zod';
import { count, duration, text } from './fields.ts';
import { withRules } from './rule.ts';
import { formatDuration } from './units.ts';

function bounds<T extends z.ZodType<number>>(leaf: () => T, show: (value: number) => string, description: string) {
  const shape = z.strictObject({ min: leaf().optional(), max: leaf().optional() });
  return withRules(shape, [
    {
      reads: [['min'], ['max']],
      check: (b, report) => {
        const { min, max } = b as { min?: number; max?: number };
        if (min === undefined && max === undefined) report([], 'give min, max or both');
        if (min !== undefined && max !== undefined && max < min) report(['max'], `max (${show(max)}) must be at least min (${show(min)})`);
      },
    },
  ]).meta({ description });
}

const window = withRules(
  z.strictObject({
    from: duration('Start of the window.'),
    to: duration('End of the window (exclusive).'),
  }),
  [
    {
      reads: [['from'], ['to']],
      check: (w, report) => {
        if (w.from >= w.to) report(['to'], `to (${formatDuration(w.to)}) must be after from (${formatDuration(w.from)})`);
      },
    },
  ],
).meta({ description: 'Writes must never be unavailable in [from, to), e.g. {from: 10s, to: 30s}.' });

const time = (what: string, description: string) => bounds(() => duration(`${what} bound.`), formatDuration, description);

const latency = (what: string) =>
  bounds(() => duration(`${what} commit latency bound.`), formatDuration, `Bounds on the ${what} commit latency (durations).`);

export const expectSchema = z
  .strictObject({
    ackedCommitsLost: count('Most acknowledged commits that may be lost (normally 0).', 0).optional(),
    commitsAcknowledged: bounds(() => count('Acknowledged commits.', 0), String, 'Bounds on the number of acknowledged commits.').optional(),
    commitLatencyP50: latency('median').optional(),
    commitLatencyP99: latency('99th-percentile').optional(),
    ioPerCommit: bounds(() => z.number().min(0).meta({ description: 'Network I/Os per commit.' }), String, 'Bounds on network I/Os per commit.').optional(),
    writesAvailable: window.optional(),
    writeUnavailable: time('Write-unavailable time', 'Bounds on the total time writes were unavailable (durations).').optional(),
    recoveryTime: time('Recovery time', 'Bounds on the duration of every recovery, crash recovery or failover (durations); one abandoned for a newer recovery is not counted.').optional(),
    replicaLagMax: time(
      'Replica lag',
      'Bounds on the largest replica lag of any replica (durations): the time from the acknowledgement of a commit to its becoming visible there. A commit a running replica has received but not made visible by the end counts with its age then, so a replica that stopped applying fails it.',
    ).optional(),
    recoveries: bounds(() => count('Recoveries.', 0), String, 'Bounds on the number of recoveries begun (crash recoveries and failovers, abandoned ones included).').optional(),
    membershipChanges: bounds(
      () => count('Membership changes.', 0), String,
      'Bounds on the number of PG membership changes (each step of a segment replacement, begun, completed or reverted, is one).',
    ).optional(),
    violations: z
      .array(text('An invariant name, e.g. acked-commit-durable.').min(1))
      .meta({ description: 'Negative scenario: exactly these invariants must be violated. Without it, every invariant must hold.' })
      .optional(),
  })
  .meta({ description: 'What the run must show to pass; every key is optional.' });
