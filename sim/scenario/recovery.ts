/**
 * The `failover:` and `repair:` sections: how the cluster reacts to lost hosts. Failover
 * promotes a read replica when the writer stops sending heartbeats for `detection` (otherwise
 * the writer restarts in place and recovers); repair replaces a segment unreachable for
 * `detection` with a new one, hydrated from its peers at `bandwidth` (A17 §2.2: a 10 GB
 * segment in about 10 s on 10 Gbps).
 *
 * Rule: failure detection must wait longer than one heartbeat interval, or every heartbeat
 * gap would look like a dead writer. Broken by a value the file gives against the other's
 * default, it is reported at the value given and names the default.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { bandwidth, flag, positiveDuration } from './fields.ts';
import { withRules } from './rule.ts';
import { formatDuration } from './units.ts';

const F = DEFAULTS.failover;
const R = DEFAULTS.repair;
const DEFAULT_HEARTBEAT = positiveDuration('').parse(F.heartbeatInterval);
const DEFAULT_DETECTION = positiveDuration('').parse(F.detection);

export const failoverSchema = withRules(
  z.strictObject({
    enabled: flag('Promote a read replica when the writer is lost (otherwise the writer restarts in place).').prefault(F.enabled),
    heartbeatInterval: positiveDuration('Period of the writer’s heartbeats to the replicas.').optional().meta({ default: F.heartbeatInterval }),
    detection: positiveDuration('Time without a heartbeat after which a replica starts promotion.').optional().meta({ default: F.detection }),
  }),
  [
    {
      reads: [['heartbeatInterval'], ['detection']],
      check: (f, report) => {
        const interval = f.heartbeatInterval ?? DEFAULT_HEARTBEAT;
        const detection = f.detection ?? DEFAULT_DETECTION;
        if (detection > interval) return;
        const why = 'or every gap between heartbeats would look like a lost writer';
        if (f.detection === undefined) {
          report(
            ['heartbeatInterval'],
            `the heartbeat interval (${formatDuration(interval)}) must be shorter than detection (${formatDuration(detection)}, the default), ${why}; set detection too`,
          );
          return;
        }
        const shown = `${formatDuration(interval)}${f.heartbeatInterval === undefined ? ', the default' : ''}`;
        report(['detection'], `detection (${formatDuration(detection)}) must be longer than the heartbeat interval (${shown}), ${why}`);
      },
    },
  ],
)
  .transform((f) => ({ enabled: f.enabled, heartbeatInterval: f.heartbeatInterval ?? DEFAULT_HEARTBEAT, detection: f.detection ?? DEFAULT_DETECTION }))
  .meta({ description: 'Writer failover to a read replica.' });

export const repairSchema = z
  .strictObject({
    detection: positiveDuration('A segment unreachable this long is replaced by a new one on another node.').prefault(R.detection),
    bandwidth: bandwidth('Rate a new segment is filled from its peers at, e.g. "10Gbps".').prefault(R.bandwidth),
  })
  .meta({ description: 'Segment repair: replacing a lost segment.' });
