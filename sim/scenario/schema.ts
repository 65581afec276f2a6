/**
 * The scenario file format, version 1, as one zod schema: the structure, the defaults (from
 * `defaults.ts`), the unit parsing and the cross-field rules. Validation, the TypeScript types
 * of the file and the JSON Schema for editors all come from it. Every object is strict: an
 * unknown key is an error, never silently ignored.
 *
 * Its output still has the file's shape (`bandwidth`, `rate`); `resolve.ts` maps it onto
 * `ResolvedScenario`.
 */
import { z } from 'zod';
import { chaosRule, chaosSchema } from './chaos.ts';
import { clusterSchema } from './cluster.ts';
import { DEFAULTS } from './defaults.ts';
import { distribution } from './distribution.ts';
import { expectSchema } from './expectations.ts';
import { faultsRule, faultsSchema } from './faults.ts';
import { bandwidth, count, duration, positiveDuration, positiveSize, probability, size, text } from './fields.ts';
import { failoverSchema, repairSchema } from './recovery.ts';
import type { Bug } from './resolved.ts';
import { CONTROL_PLANE_BUGS } from '../compute/control-plane.ts';
import { WRITER_BUGS } from '../compute/writer-options.ts';
import { STORAGE_BUGS } from '../storage/storage-node-options.ts';
import { withRules } from './rule.ts';
import { sweepSchema } from './sweep.ts';
import { MAX_DRAWN_SPAN } from './limits.ts';
import { formatDuration } from './units.ts';
import { describeValue } from './value-description.ts';
import { workloadSchema } from './workload.ts';

const network = z
  .strictObject({
    sameAz: distribution('One-way latency between two hosts in the same AZ.').prefault(DEFAULTS.network.sameAz),
    crossAz: distribution('One-way latency between hosts in different AZs.').prefault(DEFAULTS.network.crossAz),
    bandwidth: bandwidth('Per-link bandwidth, e.g. "10Gbps" (serialization delay and queueing).').prefault(DEFAULTS.network.bandwidth),
    loss: probability('Probability that a message is lost, in [0, 1).').prefault(DEFAULTS.network.loss),
    headerBytes: size('Framing overhead added to every message.').prefault(DEFAULTS.network.headerBytes),
  })
  .meta({ description: 'Links between hosts.' });

const storage = z
  .strictObject({
    diskWrite: distribution('Latency of one durable write (one batch) on a storage node’s disk.').prefault(DEFAULTS.storage.diskWrite),
    diskQueueDepth: count('Writes a node’s disk serves at once; more wait in FIFO order.', 1).prefault(DEFAULTS.storage.diskQueueDepth),
    segmentSize: positiveSize('Size of one segment, e.g. "10GB".').prefault(DEFAULTS.storage.segmentSize),
    gossipInterval: positiveDuration('How often each segment exchanges its SCL with one peer to fill gaps.', MAX_DRAWN_SPAN).prefault(
      DEFAULTS.storage.gossipInterval,
    ),
    gossipMaxRecords: count('Most records one gossip reply carries.', 1).prefault(DEFAULTS.storage.gossipMaxRecords),
  })
  .meta({ description: 'Storage nodes.' });

const writer = z
  .strictObject({
    sendCost: duration('CPU time the storage driver spends per network send (one batch to one segment).').prefault(
      DEFAULTS.writer.sendCost,
    ),
  })
  .meta({ description: 'The writer instance.' });

const measure = z
  .strictObject({
    warmup: duration('Commits submitted before this time are left out of latency statistics.').prefault(DEFAULTS.measure.warmup),
  })
  .meta({ description: 'What the statistics include.' });

/** Every defect, with what it breaks: each model's own table (the Record type makes the list complete). */
const BUGS: Readonly<Record<Bug, string>> = { ...WRITER_BUGS, ...CONTROL_PLANE_BUGS, ...STORAGE_BUGS };

const bugNames = Object.keys(BUGS) as [Bug, ...Bug[]];

const bugs = z
  .array(z.enum(bugNames).meta({ description: bugNames.map((name) => `${name}: ${BUGS[name]}`).join(' ') }))
  .meta({ description: 'Deliberate protocol defects, for negative scenarios that prove a checker fires.' });

const shape = z.strictObject({
  $schema: text('JSON Schema of this file, for editors; ignored by the simulator.').optional(),
  version: z
    .literal(1, { error: (issue) => (issue.input === undefined ? undefined : `the scenario format version must be 1, got ${describeValue(issue.input)}`) })
    .meta({ description: 'Scenario format version; must be 1.' }),
  name: text('Short name, used in reports and reproduce commands.').min(1),
  description: text('What the scenario shows.').prefault(DEFAULTS.description),
  seed: count('Root seed: one seed and one scenario fix every event of a run.', 0).prefault(DEFAULTS.seed),
  duration: positiveDuration('Simulated time to run, e.g. "10s".'),
  cluster: clusterSchema.prefault({}),
  network: network.prefault({}),
  storage: storage.prefault({}),
  writer: writer.prefault({}),
  workload: workloadSchema.prefault({}),
  measure: measure.prefault({}),
  faults: faultsSchema.prefault([...DEFAULTS.faults]),
  chaos: chaosSchema.optional(),
  failover: failoverSchema.prefault({}),
  repair: repairSchema.prefault({}),
  convergeWithin: positiveDuration('After the last fault ends the cluster must converge within this, or the run is inconclusive.').prefault(
    DEFAULTS.convergeWithin,
  ),
  expect: expectSchema.prefault({}),
  bugs: bugs.prefault([...DEFAULTS.bugs]),
  maxEvents: count('Livelock guard: the run stops, inconclusive, after this many events.', 1).prefault(DEFAULTS.maxEvents),
  sweep: sweepSchema.optional(),
});

export const scenarioSchema = withRules(shape, [
  {
    reads: [['duration'], ['measure', 'warmup']],
    check: (s, report) => {
      if (s.measure.warmup < s.duration) return;
      report(['measure', 'warmup'], `warmup (${formatDuration(s.measure.warmup)}) must be shorter than the duration (${formatDuration(s.duration)})`);
    },
  },
  faultsRule,
  chaosRule,
  {
    reads: [['cluster', 'lal'], ['workload', 'recordsPerMtr']],
    check: (s, report) => {
      const mtr = s.workload.recordsPerMtr;
      if (mtr === undefined || s.cluster.lal >= mtr) return;
      report(
        ['cluster', 'lal'],
        `lal (${s.cluster.lal}) is smaller than one mini-transaction (workload.recordsPerMtr: ${mtr}): an MTR's LSNs are allocated together and only up to VDL + lal, so the writer would never allocate one`,
      );
    },
  },
  {
    reads: [['duration'], ['expect', 'writesAvailable']],
    check: (s, report) => {
      const w = s.expect.writesAvailable;
      if (w === undefined || w.to <= s.duration) return;
      report(['expect', 'writesAvailable', 'to'], `to (${formatDuration(w.to)}) must not be after the end of the run (${formatDuration(s.duration)})`);
    },
  },
]).meta({
  title: 'aurora-sim scenario',
  description: 'A scenario for aurora-sim, the deterministic simulator of Aurora-style quorum storage (format version 1).',
});

/** What a scenario file holds (input side: units as written, defaults optional). */
export type ScenarioDocument = z.input<typeof scenarioSchema>;
/** The validated file: units parsed, defaults applied, shape still the file's. */
export type ScenarioOutput = z.output<typeof scenarioSchema>;
