/**
 * The `cluster:` section: AZs, segments, quorum sizes, nodes, replicas. Its rules are the ones a
 * quorum researcher most often breaks on purpose, so each says what overlap is lost and how to
 * allow it (`allowUnsafeQuorum: true`) for a negative experiment.
 *
 * V = azs × segmentsPerAz. Rules: 1 <= Vw, Vr <= V; unless unsafe, Vw + Vr > V (every read
 * quorum meets every write quorum) and 2·Vw > V (two write quorums meet); storage nodes spread
 * round-robin give every AZ at least segmentsPerAz nodes (else two segments of one protection
 * group share a node); the writer's AZ exists.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { count, flag, text } from './fields.ts';
import { withRules, type Report, type Rule } from './rule.ts';
import { didYouMean } from './suggestion.ts';
import { listOf, quote } from './value-description.ts';

/** AZs are named by letter. */
export const MAX_AZS = 26;

export function azNames(azs: number): string[] {
  return Array.from({ length: azs }, (_, i) => String.fromCharCode('a'.charCodeAt(0) + i));
}

const D = DEFAULTS.cluster;

const quorum = z
  .strictObject({
    write: count('Vw: segments that must acknowledge a record before it is durable.', 1).prefault(D.quorum.write),
    read: count('Vr: segments read to establish the durable state during recovery.', 1).prefault(D.quorum.read),
  })
  .meta({ description: 'Quorum sizes out of V = azs × segmentsPerAz segments per protection group.' });

const shape = z.strictObject({
  azs: count('Availability zones, named a, b, c, ...', 1, MAX_AZS).prefault(D.azs),
  segmentsPerAz: count('Segments of each protection group in each AZ; V = azs × segmentsPerAz.', 1).prefault(D.segmentsPerAz),
  quorum: quorum.prefault({}),
  allowUnsafeQuorum: flag('Accept quorums that do not overlap (Vw + Vr <= V or 2·Vw <= V), for negative experiments.').prefault(
    D.allowUnsafeQuorum,
  ),
  protectionGroups: count('Protection groups (segments of the volume), each replicated V ways.', 1).prefault(D.protectionGroups),
  storageNodes: count('Storage nodes, spread round-robin over the AZs; segments are spread over them.', 1).prefault(D.storageNodes),
  replicas: count('Read replicas, spread round-robin over the AZs after the writer’s.', 0).prefault(D.replicas),
  lal: count('LSN allocation limit: no LSN above VDL + lal is allocated.', 1).prefault(D.lal),
  writerAz: text('AZ of the writer instance: a, b, c, ...').prefault(D.writerAz),
});

type Cluster = z.output<typeof shape>;

const voters = (c: Cluster): number => c.azs * c.segmentsPerAz;
const describeV = (c: Cluster): string => `V = ${voters(c)} (${c.azs} AZs × ${c.segmentsPerAz} segments)`;
const UNSAFE_HINT = 'set allowUnsafeQuorum: true to study quorums that do not overlap';

const rules: readonly Rule<Cluster>[] = [
  {
    reads: [['azs'], ['segmentsPerAz'], ['quorum', 'write']],
    check: (c, report) => {
      if (c.quorum.write > voters(c)) report(['quorum', 'write'], `write quorum ${c.quorum.write} exceeds ${describeV(c)}`);
    },
  },
  {
    reads: [['azs'], ['segmentsPerAz'], ['quorum', 'read']],
    check: (c, report) => {
      if (c.quorum.read > voters(c)) report(['quorum', 'read'], `read quorum ${c.quorum.read} exceeds ${describeV(c)}`);
    },
  },
  {
    reads: [['azs'], ['segmentsPerAz'], ['quorum'], ['allowUnsafeQuorum']],
    check: (c, report) => overlap(c, report),
  },
  {
    reads: [['azs'], ['segmentsPerAz'], ['storageNodes']],
    check: (c, report) => placement(c, report),
  },
  {
    reads: [['azs'], ['writerAz']],
    check: (c, report) => {
      const names = azNames(c.azs);
      if (names.includes(c.writerAz)) return;
      report(['writerAz'], `${quote(c.writerAz)} is not one of the ${c.azs} AZs (${listOf(names)})${didYouMean(c.writerAz, names)}`);
    },
  },
];

/** Read/write and write/write quorum intersection. */
function overlap(c: Cluster, report: Report): void {
  const { write, read } = c.quorum;
  const v = voters(c);
  if (c.allowUnsafeQuorum || write > v || read > v) return;
  if (write + read <= v) {
    report(['quorum', 'read'], `write + read quorum (${write} + ${read}) must exceed ${describeV(c)} so every read meets every write; ${UNSAFE_HINT}`);
  }
  if (2 * write <= v) {
    report(['quorum', 'write'], `2 × write quorum (${2 * write}) must exceed ${describeV(c)} so two writes meet; ${UNSAFE_HINT}`);
  }
}

/** Round-robin placement leaves the emptiest AZ with floor(nodes / azs) nodes. */
function placement(c: Cluster, report: Report): void {
  const fewest = Math.floor(c.storageNodes / c.azs);
  if (fewest >= c.segmentsPerAz) return;
  report(
    ['storageNodes'],
    `${c.storageNodes} storage nodes over ${c.azs} AZs leave an AZ with ${fewest}, but each AZ holds ${c.segmentsPerAz} segments of every protection group, so two would share a node; use at least ${c.azs * c.segmentsPerAz}`,
  );
}

export const clusterSchema = withRules(shape, rules).meta({ description: 'Shape of the cluster: AZs, segments, quorums, nodes.' });
