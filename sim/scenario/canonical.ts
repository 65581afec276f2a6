/**
 * `ResolvedScenario` -> the same scenario as a file would spell it, every field explicit and
 * every quantity in its canonical unit ("1.5s", "10GB", "10Gbps", "5000/s"). Reports print it
 * as the fully resolved scenario; a failing case saved this way replays exactly, because
 * parsing the canonical form gives back the same `ResolvedScenario`.
 */
import { Document, isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import { chaosDocument } from './chaos.ts';
import { distributionDocument } from './distribution.ts';
import { faultDocument, triggeredDocument } from './faults.ts';
import type { Bounds, Expectations, ResolvedScenario, WorkloadConfig } from './resolved.ts';
import type { ScenarioDocument } from './schema.ts';
import { formatBandwidth, formatDuration, formatRate, formatSize } from './units.ts';

export function canonicalScenario(s: ResolvedScenario): ScenarioDocument {
  return {
    version: 1,
    name: s.name,
    description: s.description,
    seed: s.seed,
    duration: formatDuration(s.duration),
    cluster: { ...s.cluster, quorum: { ...s.cluster.quorum } },
    network: {
      sameAz: distributionDocument(s.network.sameAz),
      crossAz: distributionDocument(s.network.crossAz),
      bandwidth: formatBandwidth(s.network.bandwidthBitsPerSecond),
      loss: s.network.loss,
      headerBytes: formatSize(s.network.headerBytes),
    },
    storage: {
      diskWrite: distributionDocument(s.storage.diskWrite),
      diskQueueDepth: s.storage.diskQueueDepth,
      segmentSize: formatSize(s.storage.segmentSizeBytes),
      gossipInterval: formatDuration(s.storage.gossipInterval),
      gossipMaxRecords: s.storage.gossipMaxRecords,
    },
    writer: { sendCost: formatDuration(s.writer.sendCost) },
    workload: workloadDocument(s.workload),
    measure: { warmup: formatDuration(s.measure.warmup) },
    faults: [...s.faults.map(faultDocument), ...(s.triggered ?? []).map(triggeredDocument)],
    ...(s.chaos === undefined ? {} : { chaos: chaosDocument(s.chaos) }),
    failover: {
      enabled: s.failover.enabled,
      heartbeatInterval: formatDuration(s.failover.heartbeatInterval),
      detection: formatDuration(s.failover.detection),
    },
    repair: { detection: formatDuration(s.repair.detection), bandwidth: formatBandwidth(s.repair.bandwidthBitsPerSecond) },
    convergeWithin: formatDuration(s.convergeWithin),
    expect: expectDocument(s.expect),
    bugs: [...s.bugs],
    maxEvents: s.maxEvents,
  };
}

function workloadDocument(w: WorkloadConfig): ScenarioDocument['workload'] {
  const loop =
    w.arrivals.kind === 'open'
      ? { rate: formatRate(w.arrivals.ratePerSecond) }
      : { clients: w.arrivals.clients, thinkTime: distributionDocument(w.arrivals.thinkTime) };
  return {
    ...loop,
    recordsPerTxn: w.recordsPerTxn,
    recordsPerMtr: w.recordsPerMtr,
    recordBytes: formatSize(w.recordBytes),
    pages: w.pages,
    pageChoice: w.pageChoice.kind === 'uniform' ? 'uniform' : { zipf: w.pageChoice.exponent },
  };
}

function expectDocument(e: Expectations): ScenarioDocument['expect'] {
  const plain = (b: Bounds) => ({ ...b });
  const time = (b: Bounds) => ({
    ...(b.min === undefined ? {} : { min: formatDuration(b.min) }),
    ...(b.max === undefined ? {} : { max: formatDuration(b.max) }),
  });
  return {
    ...(e.ackedCommitsLost === undefined ? {} : { ackedCommitsLost: e.ackedCommitsLost }),
    ...(e.commitsAcknowledged === undefined ? {} : { commitsAcknowledged: plain(e.commitsAcknowledged) }),
    ...(e.commitLatencyP50 === undefined ? {} : { commitLatencyP50: time(e.commitLatencyP50) }),
    ...(e.commitLatencyP99 === undefined ? {} : { commitLatencyP99: time(e.commitLatencyP99) }),
    ...(e.ioPerCommit === undefined ? {} : { ioPerCommit: plain(e.ioPerCommit) }),
    ...(e.writesAvailable === undefined
      ? {}
      : { writesAvailable: { from: formatDuration(e.writesAvailable.from), to: formatDuration(e.writesAvailable.to) } }),
    ...(e.writeUnavailable === undefined ? {} : { writeUnavailable: time(e.writeUnavailable) }),
    ...(e.recoveryTime === undefined ? {} : { recoveryTime: time(e.recoveryTime) }),
    ...(e.replicaLagMax === undefined ? {} : { replicaLagMax: time(e.replicaLagMax) }),
    ...(e.recoveries === undefined ? {} : { recoveries: plain(e.recoveries) }),
    ...(e.membershipChanges === undefined ? {} : { membershipChanges: plain(e.membershipChanges) }),
    ...(e.violations === undefined ? {} : { violations: [...e.violations] }),
  };
}

/**
 * The canonical scenario as YAML: sections as blocks, small leaf mappings and lists (quorum,
 * distributions, bounds, samples) on one line in flow style.
 */
export function renderScenarioYaml(canonical: ScenarioDocument): string {
  const doc = new Document(canonical);
  visit(doc, {
    Map: (_key, node, path) => {
      if (path.length > 3 && isLeafCollection(node)) node.flow = true;
    },
    Seq: (_key, node) => {
      if (isLeafCollection(node)) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

function isLeafCollection(node: Node): boolean {
  if (isMap(node)) return node.items.every((pair) => isScalar(pair.value) || (isSeq(pair.value) && isLeafCollection(pair.value)));
  if (isSeq(node)) return node.items.every((item) => isScalar(item));
  return false;
}
