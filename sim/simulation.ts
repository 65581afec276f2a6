/**
 * The composition root: resolved scenario -> world -> run -> RunResult.
 *
 * It builds every component with its own named RNG stream (so adding one never shifts
 * another's draws), wires them through the network, attaches the checkers to the trace,
 * runs the loop to the scenario's end, and gathers the result as plain data.
 */
import { makeSampler } from './core/distribution.ts';
import { Loop } from './core/loop.ts';
import { Rng } from './core/rng.ts';
import { Trace } from './core/trace.ts';
import { ReplicationStream } from './compute/replication-stream.ts';
import { Replica } from './compute/replica.ts';
import { StorageDriver } from './compute/storage-driver.ts';
import { Writer } from './compute/writer.ts';
import { createCheckers } from './check/checkers.ts';
import { evaluateExpectations } from './check/expectations.ts';
import { Network } from './net/network.ts';
import { RECORD_HEADER_BYTES } from './protocol/log-record.ts';
import { TRACE_KINDS } from './protocol/trace-kinds.ts';
import { thresholdQuorum } from './quorum/quorum-system.ts';
import type { RunResult, Verdict } from './result.ts';
import type { ResolvedScenario } from './scenario/resolved.ts';
import { StorageNode } from './storage/storage-node.ts';
import { Topology } from './topology/topology.ts';
import { Workload } from './workload/workload.ts';

export interface RunOptions {
  /** Path of the scenario file as the user gave it (for messages and the replay command). */
  readonly source: string;
  /** The one-line command that reproduces this run, e.g. `aurora-sim run x.yaml --seed 7`. */
  readonly replay: string;
  /** Keep every canonical trace line in `RunResult.traceLines` (for `--trace`). */
  readonly keepTrace: boolean;
}

export function runScenario(scenario: ResolvedScenario, options: RunOptions): RunResult {
  const world = buildWorld(scenario, options.keepTrace);
  world.trace.emitText('phase', 'run');
  const stop = world.loop.run({ until: scenario.duration, maxEvents: scenario.maxEvents });
  world.trace.emitText('phase', 'end');
  return collect(scenario, options, world, stop === 'maxEvents');
}

type World = ReturnType<typeof buildWorld>;

function buildWorld(scenario: ResolvedScenario, keepTrace: boolean) {
  const { cluster, network, storage } = scenario;
  const loop = new Loop();
  const trace = new Trace(loop, TRACE_KINDS, { keepLines: keepTrace });
  const rng = Rng.root(scenario.seed);
  const topology = new Topology({ ...cluster, writerAz: cluster.writerAz.charCodeAt(0) - 97 });
  const quorum = thresholdQuorum(topology.segmentsPerPg, cluster.quorum.write, cluster.quorum.read);
  const checkers = createCheckers({ quorum, protectionGroups: cluster.protectionGroups, lal: cluster.lal });
  for (const checker of checkers.all) checker.attach(trace);
  const net = new Network(loop, rng.fork('net'), trace, topology, network);
  const nodes = topology.storageNodes.map((host) => {
    const nodeRng = rng.fork(`storage/${host.name}`);
    return new StorageNode(loop, nodeRng, trace, net, topology, host.id, {
      diskLatency: makeSampler(storage.diskWrite, nodeRng.fork('disk')),
      diskQueueDepth: storage.diskQueueDepth,
      gossipInterval: storage.gossipInterval,
      gossipMaxRecords: storage.gossipMaxRecords,
      recordHeaderBytes: RECORD_HEADER_BYTES,
    });
  });
  const nodeByHost = new Map(nodes.map((node) => [node.host, node]));
  for (let pg = 0; pg < cluster.protectionGroups; pg++) {
    for (let s = 0; s < topology.segmentsPerPg; s++) nodeByHost.get(topology.nodeOf(pg, s))!.addSegment(pg, s);
  }
  const replicas = topology.replicas.map((host, i) => new Replica(i + 1, host.id, loop, trace, net));
  const replication = new ReplicationStream(loop, net, {
    writerHost: topology.writer.id,
    replicaHosts: topology.replicas.map((host) => host.id),
    recordHeaderBytes: RECORD_HEADER_BYTES,
  });
  const driver = new StorageDriver(loop, net, topology, { sendCost: scenario.writer.sendCost, recordHeaderBytes: RECORD_HEADER_BYTES });
  let workload: Workload | undefined;
  const writer = new Writer(
    { loop, trace, net, topology, quorum, driver, replication, onCommit: (txn) => workload!.onCommit(txn) },
    {
      lal: cluster.lal, recordsPerMtr: scenario.workload.recordsPerMtr, recordBytes: scenario.workload.recordBytes,
      pages: scenario.workload.pages, bugs: scenario.bugs,
    },
  );
  workload = new Workload(loop, rng.fork('workload'), writer, {
    config: scenario.workload, protectionGroups: cluster.protectionGroups,
    endAt: scenario.duration, warmup: scenario.measure.warmup,
  });
  workload.start();
  return { loop, trace, net, nodes, replicas, driver, writer, workload, checkers };
}

function collect(scenario: ResolvedScenario, options: RunOptions, world: World, outOfEvents: boolean): RunResult {
  const { loop, trace, net, nodes, replicas, driver, writer, workload, checkers } = world;
  const invariants = checkers.all.map((checker) => checker.finish());
  const latency = workload.latencyUs.summarize();
  const acknowledged = workload.acknowledged;
  const ioPerCommit = acknowledged === 0 ? 0 : driver.sends / acknowledged;
  const expectations = evaluateExpectations(scenario.expect, {
    ackedCommitsLost: checkers.durability.lost, commitsAcknowledged: acknowledged,
    commitLatencyP50: latency.p50, commitLatencyP99: latency.p99, ioPerCommit, invariants,
  });
  net.summarize();
  const verdict: Verdict = outOfEvents ? 'inconclusive' : expectations.every((e) => e.ok) ? 'ok' : 'failed';
  const lines = trace.keptLines();
  const traceEvents = trace.count;
  return {
    scenario, source: options.source, seed: scenario.seed, verdict,
    ...(outOfEvents ? { inconclusive: `stopped after maxEvents = ${scenario.maxEvents} events` } : {}),
    traceHash: trace.finish(),
    simulated: { durationUs: loop.now, events: loop.events, traceEvents },
    commits: { submitted: workload.submitted, acknowledged, lost: checkers.durability.lost, latencyUs: latency },
    vdl: { final: writer.vdl, vcl: writer.vcl, monotonic: invariants.find((i) => i.name === 'monotonic-points')!.ok },
    availability: { writeUnavailableUs: 0, windows: [] },
    recoveries: [],
    replicas: replicas.map((replica) => {
      const lag = replica.lagUs.summarize();
      return { id: replica.id, lagUs: { p50: lag.p50, p99: lag.p99, max: lag.max } };
    }),
    network: {
      bytes: { ...net.bytes }, messages: { ...net.messages }, dropped: net.dropped, ioPerCommit,
      redoBytes: (writer.nextLsn - 1) * scenario.workload.recordBytes,
    },
    storage: {
      diskWrites: nodes.reduce((sum, node) => sum + node.disk.writes, 0),
      gossipRecordsFilled: nodes.reduce((sum, node) => sum + node.gossipRecordsFilled, 0),
      recordsCoalesced: nodes.reduce((sum, node) => sum + node.allSegments().reduce((n, s) => n + s.coalesced, 0), 0),
    },
    invariants, expectations, replay: options.replay,
    ...(lines !== undefined ? { traceLines: lines } : {}),
  };
}
