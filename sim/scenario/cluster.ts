/**
 * The `cluster:` section: AZs, segments, quorum sizes, nodes, replicas. Its rules are the ones a
 * quorum researcher most often breaks on purpose, so each says what overlap is lost and how to
 * allow it (`allowUnsafeQuorum: true`) for a negative experiment.
 *
 * V = azs × segmentsPerAz. Rules: V <= MAX_SLOTS - 2 (repair needs free slots); 1 <= Vw, Vr <= V;
 * unless unsafe, Vw + Vr > V (every read quorum meets every write quorum) and 2·Vw > V (two
 * write quorums meet); storage nodes spread round-robin give every AZ at least segmentsPerAz
 * nodes (else two segments of one protection group share a node); the writer's AZ exists.
 *
 * Defaults that depend on other fields are derived from what the file gives, so that no
 * default breaks a rule on its own: segmentsPerAz is 2, or fewer when that would make V too
 * large for repair (azs: 4 gives one segment per AZ); the write and read quorums are 4 and 3,
 * or V when V is smaller. A rule broken by a value the file gives together with a default
 * says which value is the default. The section's output has every default applied.
 */
import { z } from 'zod';
import { MAX_SLOTS } from '../topology/topology.ts';
import { DEFAULTS } from './defaults.ts';
import { count, flag, text } from './fields.ts';
import { MAX_PROTECTION_GROUPS, MAX_REPLICAS, MAX_SEGMENTS_PER_PG, MAX_STORAGE_NODES } from './limits.ts';
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
    write: count(`Vw: segments that must acknowledge a record before it is durable (default ${D.quorum.write}, or V if smaller).`, 1).optional(),
    read: count(`Vr: segments read to establish the durable state during recovery (default ${D.quorum.read}, or V if smaller).`, 1).optional(),
  })
  .meta({ description: 'Quorum sizes out of V = azs × segmentsPerAz segments per protection group.' });

const shape = z.strictObject({
  azs: count('Availability zones, named a, b, c, ...', 1, { max: MAX_AZS, why: 'AZs are named by letter, a to z' }).prefault(D.azs),
  segmentsPerAz: count(
    `Segments of each protection group in each AZ; V = azs × segmentsPerAz, at most ${MAX_SEGMENTS_PER_PG} (default ${D.segmentsPerAz}, or fewer to keep V within ${MAX_SEGMENTS_PER_PG}).`,
    1,
  ).optional(),
  quorum: quorum.prefault({}),
  allowUnsafeQuorum: flag('Accept quorums that do not overlap (Vw + Vr <= V or 2·Vw <= V), for negative experiments.').prefault(
    D.allowUnsafeQuorum,
  ),
  protectionGroups: count('Protection groups (segments of the volume), each replicated V ways.', 1, MAX_PROTECTION_GROUPS).prefault(
    D.protectionGroups,
  ),
  storageNodes: count('Storage nodes, spread round-robin over the AZs; segments are spread over them.', 1, MAX_STORAGE_NODES).prefault(
    D.storageNodes,
  ),
  replicas: count('Read replicas, spread round-robin over the AZs after the writer’s.', 0, MAX_REPLICAS).prefault(D.replicas),
  lal: count('LSN allocation limit: no LSN above VDL + lal is allocated; at least one mini-transaction (recordsPerMtr).', 1).prefault(
    D.lal,
  ),
  writerAz: text('AZ of the writer instance: a, b, c, ...').prefault(D.writerAz),
});

/** The section as written: the derived defaults still absent. */
type Written = z.output<typeof shape>;

/**
 * segmentsPerAz as given, or the default: 2, or fewer so that V stays within repair's reach
 * (0 when no count fits). Rules outside the section call it too: they may run while another
 * field of the section has an issue, and then the section's output has no defaults applied.
 */
export function segmentsPerAzOf(c: { readonly azs: number; readonly segmentsPerAz?: number | undefined }): number {
  return c.segmentsPerAz ?? Math.min(D.segmentsPerAz, Math.floor(MAX_SEGMENTS_PER_PG / c.azs));
}

const voters = (c: Written): number => c.azs * segmentsPerAzOf(c);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const describeV = (c: Written): string => `V = ${voters(c)} (${plural(c.azs, 'AZ')} × ${plural(segmentsPerAzOf(c), 'segment')})`;
const writeOf = (c: Written): number => c.quorum.write ?? Math.min(D.quorum.write, voters(c));
const readOf = (c: Written): number => c.quorum.read ?? Math.min(D.quorum.read, voters(c));
const UNSAFE_HINT = 'set allowUnsafeQuorum: true to study quorums that do not overlap';
const SEGMENTS = [['azs'], ['segmentsPerAz']] as const;

const rules: readonly Rule<Written>[] = [
  {
    reads: [...SEGMENTS],
    check: (c, report) => repairable(c, report),
  },
  {
    reads: [...SEGMENTS, ['quorum', 'write']],
    check: (c, report) => {
      if (writeOf(c) > voters(c)) report(['quorum', 'write'], `write quorum ${writeOf(c)} exceeds ${describeV(c)}`);
    },
  },
  {
    reads: [...SEGMENTS, ['quorum', 'read']],
    check: (c, report) => {
      if (readOf(c) > voters(c)) report(['quorum', 'read'], `read quorum ${readOf(c)} exceeds ${describeV(c)}`);
    },
  },
  {
    reads: [...SEGMENTS, ['quorum'], ['allowUnsafeQuorum']],
    check: (c, report) => overlap(c, report),
  },
  {
    reads: [...SEGMENTS, ['storageNodes']],
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

/**
 * V within what repair supports. A protection group has MAX_SLOTS slots; a replacement
 * segment joins in a free slot before the one it replaces leaves (a two-step membership
 * change), so one lost segment needs one free slot and two lost at once need two.
 */
function repairable(c: Written, report: Report): void {
  const why = `a protection group has ${MAX_SLOTS} slots for segments, and repair puts a replacement in a free slot before the lost segment leaves, so replacing two at once needs ${MAX_SLOTS - MAX_SEGMENTS_PER_PG} free`;
  if (c.segmentsPerAz === undefined) {
    if (segmentsPerAzOf(c) >= 1) return;
    report(['azs'], `at most ${MAX_SEGMENTS_PER_PG} AZs: each holds a segment of every protection group, and V = azs × segmentsPerAz can be at most ${MAX_SEGMENTS_PER_PG} (${why})`);
    return;
  }
  if (voters(c) <= MAX_SEGMENTS_PER_PG) return;
  report(['segmentsPerAz'], `${describeV(c)} is more than the ${MAX_SEGMENTS_PER_PG} segments per protection group repair supports: ${why}`);
}

/** Read/write and write/write quorum intersection; a default in the way is named as one. */
function overlap(c: Written, report: Report): void {
  const write = writeOf(c);
  const read = readOf(c);
  const v = voters(c);
  if (c.allowUnsafeQuorum || write > v || read > v) return;
  if (write + read <= v) {
    const readDefault = c.quorum.read === undefined;
    const note = readDefault ? ` (the read quorum, ${read}, is the default)` : c.quorum.write === undefined ? ` (the write quorum, ${write}, is the default)` : '';
    report(
      ['quorum', readDefault ? 'write' : 'read'],
      `write + read quorum (${write} + ${read}) must exceed ${describeV(c)} so every read meets every write${note}; ${UNSAFE_HINT}`,
    );
  }
  if (2 * write <= v) {
    report(['quorum', 'write'], `2 × write quorum (${2 * write}) must exceed ${describeV(c)} so two writes meet; ${UNSAFE_HINT}`);
  }
}

/** Round-robin placement leaves the emptiest AZ with floor(nodes / azs) nodes. */
function placement(c: Written, report: Report): void {
  const fewest = Math.floor(c.storageNodes / c.azs);
  const perAz = segmentsPerAzOf(c);
  if (fewest >= perAz) return;
  report(
    ['storageNodes'],
    `${plural(c.storageNodes, 'storage node')} over ${plural(c.azs, 'AZ')} leave an AZ with ${fewest}, but each AZ holds ${plural(perAz, 'segment')} of every protection group, so two would share a node; use at least ${c.azs * perAz}`,
  );
}

/** The section with every default applied: the derived segment count and quorums. */
function settle(c: Written) {
  const { azs, allowUnsafeQuorum, protectionGroups, storageNodes, replicas, lal, writerAz } = c;
  const quorum = { write: writeOf(c), read: readOf(c) };
  return { azs, segmentsPerAz: segmentsPerAzOf(c), quorum, allowUnsafeQuorum, protectionGroups, storageNodes, replicas, lal, writerAz };
}

export const clusterSchema = withRules(shape, rules)
  .transform(settle)
  .meta({ description: 'Shape of the cluster: AZs, segments, quorums, nodes.' });
