/**
 * Builds the simulated world from a resolved scenario: one loop, one trace, one root RNG with a
 * named stream per component, the network, storage nodes with their segments, the control
 * plane with the writer and replicas, the workload, and the checkers reading the trace.
 * Writers and replicas are created through the control plane, because failover and restarts
 * create new ones during the run.
 */
import { makeSampler } from './core/distribution.ts';
import { Loop } from './core/loop.ts';
import { Rng } from './core/rng.ts';
import { Trace, type TraceOptions } from './core/trace.ts';
import { ControlPlane } from './compute/control-plane.ts';
import { ReplicationStream } from './compute/replication-stream.ts';
import { Replica } from './compute/replica.ts';
import { StorageDriver } from './compute/storage-driver.ts';
import { Writer } from './compute/writer.ts';
import { isWriterBug } from './compute/writer-options.ts';
import { createCheckers } from './check/checkers.ts';
import { failoverBound } from './check/failover-liveness.ts';
import { Histogram } from './metrics/histogram.ts';
import { Network } from './net/network.ts';
import { RECORD_HEADER_BYTES } from './protocol/log-record.ts';
import type { MembershipStamp, VolumeState } from './protocol/messages.ts';
import { IO_DETAIL_KINDS, TRACE_KINDS, type ModelTrace } from './protocol/trace-kinds.ts';
import { PgMemberships } from './quorum/membership.ts';
import { thresholdQuorum } from './quorum/quorum-system.ts';
import type { ResolvedScenario } from './scenario/resolved.ts';
import { StorageNode } from './storage/storage-node.ts';
import { isStorageBug } from './storage/storage-node-options.ts';
import { ChainLogs } from './storage/chain.ts';
import { Topology } from './topology/topology.ts';
import { Workload } from './workload/workload.ts';

/** How often a recovering writer asks segments that have not answered again, µs. */
const RECOVERY_RETRY = 100_000;
/**
 * How long a recovery's repair step may make no progress before the writer recovers again,
 * µs: long enough for gossip to find a lagging segment its missing records (a few gossip
 * periods), short enough that writes come back well within a second when the only reachable
 * holder of a kept record crashes or freezes.
 */
const REPAIR_STALL = 5 * RECOVERY_RETRY;
/**
 * How long a replica waits for a missing chunk once a later one has arrived before it takes it
 * as lost, µs (replica.ts): above how far the network reorders (latency tails, jitter and
 * spikes of a few milliseconds), and short, as a transport detects a loss within a few round
 * trips. On a lossy network each lost chunk holds back what follows it by this much.
 */
const REPLICA_GAP_WAIT = 20_000;

const DETAIL_KINDS: ReadonlySet<string> = new Set(IO_DETAIL_KINDS);

export type World = ReturnType<typeof buildWorld>;

/**
 * Builds the world of a run. `onTrace` gets the trace and the loop as soon as they exist,
 * before any component is built (building emits: the first writer opens), so a reader of the
 * run subscribes before the first event.
 */
export function buildWorld(scenario: ResolvedScenario, traceOptions: TraceOptions, onTrace?: (trace: ModelTrace, loop: Loop) => void) {
  const { cluster } = scenario;
  const loop = new Loop();
  const trace: ModelTrace = new Trace(loop, TRACE_KINDS, { ...traceOptions, detailKinds: DETAIL_KINDS });
  onTrace?.(trace, loop);
  const rng = Rng.root(scenario.seed);
  const topology = new Topology({ ...cluster, writerAz: cluster.writerAz.charCodeAt(0) - 97 });
  const quorum = thresholdQuorum(topology.segmentsPerPg, cluster.quorum.write, cluster.quorum.read);
  const memberships = new PgMemberships(cluster.protectionGroups, topology.segmentsPerPg, cluster.quorum);
  let controlPlane: ControlPlane | undefined;
  let nodes: Map<number, StorageNode> | undefined;
  let workload: Workload | undefined;
  const checkers = createCheckers({
    quorum, protectionGroups: cluster.protectionGroups, lal: cluster.lal, quorumConfig: cluster.quorum, members: topology.segmentsPerPg,
    failoverBound: failoverBound(scenario.failover),
    inspector: {
      segment(pg, slot) {
        const segment = nodes?.get(topology.nodeOf(pg, slot))?.segmentOf(pg);
        return segment !== undefined && segment.index === slot ? segment : undefined;
      },
    },
    history: { drainAcknowledged: (into) => workload?.history.drainAcknowledged(into) },
  });
  checkers.attach(trace);
  const net = new Network(loop, rng.fork('net'), trace, topology, scenario.network);
  nodes = buildStorage(scenario, {
    loop, rng, trace, net, topology, memberships, onSegmentLost: (pg, slot) => controlPlane!.onSegmentLost(pg, slot),
    metadataVolume: () => controlPlane!.volume,
  });
  const lagByReplica = new Map<number, Histogram>();
  const recordWireBytes = scenario.workload.recordBytes + RECORD_HEADER_BYTES;
  const createWriter = (host: number, volume: VolumeState, mode: 'open' | 'recover'): Writer => {
    const driver = new StorageDriver(loop, net, topology, {
      host, sendCost: scenario.writer.sendCost, recordWireBytes, memberships, ...(trace.detailed ? { detail: trace } : {}),
    });
    const replication = new ReplicationStream(loop, net, {
      writerHost: host, epoch: volume.epoch, replicaHosts: () => controlPlane!.replicaHosts(),
      recordWireBytes, heartbeatInterval: scenario.failover.heartbeatInterval,
    });
    const writer: Writer = new Writer(
      {
        loop, trace, net, topology, memberships, driver, replication,
        onCommit: (txn) => workload!.onCommit(txn), onAbort: (txn) => workload!.onAbort(txn),
        onTruncation: (v) => controlPlane!.onTruncation(v), renewEpoch: (epoch) => controlPlane!.renewEpoch(epoch),
        onSuspect: (pg, slot) => controlPlane!.reportSuspect(writer, pg, slot),
        onCaughtUp: (pg, slot) => controlPlane!.reportCaughtUp(writer, pg, slot),
      },
      {
        host, volume, lal: cluster.lal, recordsPerMtr: scenario.workload.recordsPerMtr,
        pages: scenario.workload.pages, recoveryRetry: RECOVERY_RETRY, repairStall: REPAIR_STALL, repairDetection: scenario.repair.detection,
        bugs: scenario.bugs.filter(isWriterBug),
      },
      mode,
    );
    return writer;
  };
  const createReplica = (host: number): Replica => {
    // Replicas are numbered from 1 in placement order; a former writer's host that rejoins as a
    // replica gets a number past them.
    const index = topology.replicas.findIndex((h) => h.id === host);
    const id = index >= 0 ? index + 1 : topology.replicas.length + 1 + host;
    const lag = lagByReplica.get(id) ?? new Histogram();
    lagByReplica.set(id, lag);
    return new Replica(id, host, { loop, trace, net }, {
      heartbeatInterval: scenario.failover.heartbeatInterval, gapWait: REPLICA_GAP_WAIT,
      detection: scenario.failover.enabled ? scenario.failover.detection : 0,
      onWriterLost: (replica, epoch) => controlPlane!.onWriterLost(replica, epoch),
    }, lag);
  };
  const createSegment = (pg: number, slot: number, node: number, membership: MembershipStamp, avoid: number, upPeers: number): void => {
    nodes.get(node)!.addSegment(pg, slot, membership, { avoid, upPeers });
  };
  controlPlane = new ControlPlane(
    { trace, memberships, topology },
    {
      createWriter, createReplica, createSegment, isUp: (host) => !net.isHostDown(host),
      retireSegment: (pg, slot, node) => nodes.get(node)?.retireSegment(pg, slot),
    },
    {
      failover: scenario.failover.enabled, membershipEpochSkip: scenario.bugs.includes('membership-epoch-skip'),
      staleTruncation: scenario.bugs.includes('truncation-from-stale-writer'),
      silentNewWriter: scenario.bugs.includes('silent-new-writer'),
    },
    topology.replicas.map((h) => h.id),
  );
  workload = new Workload({ loop, rng: rng.fork('workload'), trace, sink: controlPlane }, {
    config: scenario.workload, protectionGroups: cluster.protectionGroups, endAt: scenario.duration, warmup: scenario.measure.warmup,
  });
  return { loop, trace, rng, topology, quorum, memberships, net, nodes, controlPlane, workload, checkers, lagByReplica } as const;
}

function buildStorage(
  scenario: ResolvedScenario,
  ports: {
    loop: Loop; rng: Rng; trace: ModelTrace; net: Network; topology: Topology; memberships: PgMemberships;
    onSegmentLost: (pg: number, slot: number) => void;
    metadataVolume: () => VolumeState;
  },
) {
  const { loop, rng, trace, net, topology, memberships } = ports;
  const hydrationDelay = Math.ceil((scenario.storage.segmentSizeBytes * 8_000_000) / scenario.repair.bandwidthBitsPerSecond);
  const chains = Array.from({ length: topology.protectionGroups }, () => new ChainLogs());
  const nodes = topology.storageNodes.map((host) => {
    const nodeRng = rng.fork(`storage/${host.name}`);
    return new StorageNode(loop, nodeRng, trace, net, topology, host.id, {
      diskLatency: makeSampler(scenario.storage.diskWrite, nodeRng, 'disk'),
      diskQueueDepth: scenario.storage.diskQueueDepth,
      gossipInterval: scenario.storage.gossipInterval,
      gossipMaxRecords: scenario.storage.gossipMaxRecords,
      recordWireBytes: scenario.workload.recordBytes + RECORD_HEADER_BYTES,
      hydrationDelay,
      onSegmentLost: ports.onSegmentLost,
      metadataVolume: ports.metadataVolume,
      chains: (pg) => chains[pg]!,
      bugs: scenario.bugs.filter(isStorageBug),
    });
  });
  const byHost = new Map(nodes.map((node) => [node.host, node]));
  for (let pg = 0; pg < topology.protectionGroups; pg++) {
    for (let s = 0; s < topology.segmentsPerPg; s++) byHost.get(topology.nodeOf(pg, s))!.addSegment(pg, s, memberships.stamp(pg));
  }
  return byHost;
}
