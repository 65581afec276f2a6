/**
 * The `failover:` and `repair:` sections: how the cluster reacts to lost hosts. Failover
 * promotes a read replica when the writer stops sending heartbeats for `detection` (otherwise
 * the writer restarts in place and recovers); repair replaces a segment unreachable for
 * `detection` with a new one, hydrated from its peers at `bandwidth` (A17 §2.2: a 10 GB
 * segment in about 10 s on 10 Gbps).
 *
 * Rule: failure detection must wait longer than one heartbeat interval, or every heartbeat
 * gap would look like a dead writer.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { bandwidth, flag, positiveDuration } from './fields.ts';
import { withRules } from './rule.ts';
import { formatDuration } from './units.ts';

const F = DEFAULTS.failover;
const R = DEFAULTS.repair;

export const failoverSchema = withRules(
  z.strictObject({
    enabled: flag('Promote a read replica when the writer is lost (otherwise the writer restarts in place).').prefault(F.enabled),
    heartbeatInterval: positiveDuration('Period of the writer’s heartbeats to the replicas.').prefault(F.heartbeatInterval),
    detection: positiveDuration('Time without a heartbeat after which a replica starts promotion.').prefault(F.detection),
  }),
  [
    {
      reads: [['heartbeatInterval'], ['detection']],
      check: (f, report) => {
        if (f.detection > f.heartbeatInterval) return;
        report(
          ['detection'],
          `detection (${formatDuration(f.detection)}) must be longer than the heartbeat interval (${formatDuration(f.heartbeatInterval)}), or every gap between heartbeats would look like a lost writer`,
        );
      },
    },
  ],
).meta({ description: 'Writer failover to a read replica.' });

export const repairSchema = z
  .strictObject({
    detection: positiveDuration('A segment unreachable this long is replaced by a new one on another node.').prefault(R.detection),
    bandwidth: bandwidth('Rate a new segment is filled from its peers at, e.g. "10Gbps".').prefault(R.bandwidth),
  })
  .meta({ description: 'Segment repair: replacing a lost segment.' });
