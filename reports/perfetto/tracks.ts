/**
 * The timeline's tracks: one process per host of the topology (the writer, the replicas, the
 * storage nodes, in the topology's order, each named with its role and AZ), plus a `cluster`
 * process for what belongs to no host (faults, phases, memberships, the failure budget, the
 * clients' counters). Threads are named the first time something is written on them, so a
 * viewer shows no empty track.
 *
 * A host that holds the writer of an epoch gets its writer's tracks (recovery, records in
 * flight per PG); the trace names the host of each epoch (`writer.open`, `promote`,
 * `recovery.start`), and epoch 1's writer is the topology's. A storage node has one thread per
 * segment it holds, by the topology's placement. The trace does not say which node a rebuilt
 * segment (`segment.new`) lives on: from then on that segment's events go to a thread of the
 * cluster process named for it.
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import type { Host } from '../../sim/topology/topology.ts';
import { MAX_SLOTS, Topology } from '../../sim/index.ts';
import type { EventOut } from './out.ts';

/** Slots a PG's segments can occupy (six settled plus replacements in flight). */
const SLOTS = MAX_SLOTS;

export const CLUSTER_PID = 1;

/**
 * Threads of a host's process (a storage node's segments come after these; a segment's disk
 * lanes after all of them, `diskLanes + (lane - 1) * LANE_STRIDE + key`).
 */
export const THREAD = { host: 1, recovery: 2, driver: 3, inFlight: 100, segments: 1000, diskLanes: 200_000 } as const;
const LANE_STRIDE = 100_000;
/** Threads of the cluster process. */
export const CLUSTER_THREAD = { run: 1, membership: 2, faults: 10, rebuilt: 1000 } as const;

export class Tracks {
  readonly topology: Topology;
  private readonly out: EventOut;
  private readonly named = new Set<number>();
  /** The host of each epoch's writer. */
  private readonly epochHost = new Map<number, number>();
  /** Segments (pg * SLOTS + slot) rebuilt on a node the trace does not name. */
  private readonly rebuilt = new Set<number>();

  constructor(scenario: ResolvedScenario, out: EventOut) {
    const { cluster } = scenario;
    this.topology = new Topology({ ...cluster, writerAz: cluster.writerAz.charCodeAt(0) - 'a'.charCodeAt(0) });
    this.out = out;
    this.epochHost.set(1, this.topology.writer.id);
  }

  /** Names every process, in the topology's order. */
  open(): void {
    this.out.meta('process_name', CLUSTER_PID, 0, { name: 'cluster' });
    this.out.meta('process_sort_index', CLUSTER_PID, 0, { sort_index: 0 });
    for (const host of this.topology.hosts) {
      this.out.meta('process_name', hostPid(host.id), 0, { name: hostLabel(host) });
      this.out.meta('process_sort_index', hostPid(host.id), 0, { sort_index: host.id + 1 });
    }
  }

  /** The epoch's writer runs on `host`. */
  writerOf(epoch: number, host: number): void {
    this.epochHost.set(epoch, host);
  }

  /** The process of the host that holds the writer of `epoch` (the first writer's if unknown). */
  writerPid(epoch: number): number {
    return hostPid(this.epochHost.get(epoch) ?? this.topology.writer.id);
  }

  /** The process of a replica by its number (replicas from 1; a former writer's host past them). */
  replicaPid(replica: number): number {
    const replicas = this.topology.replicas;
    return hostPid(replica <= replicas.length ? replicas[replica - 1]!.id : replica - replicas.length - 1);
  }

  /** The segment in `slot` of `pg` was rebuilt: the trace no longer says where it lives. */
  segmentRebuilt(pg: number, slot: number): void {
    this.rebuilt.add(pg * SLOTS + slot);
  }

  /** The thread of a segment, named on first use: [pid, tid]. */
  segment(pg: number, slot: number): readonly [number, number] {
    const key = pg * SLOTS + slot;
    if (this.rebuilt.has(key)) {
      return this.thread(CLUSTER_PID, CLUSTER_THREAD.rebuilt + key, `pg ${pg} segment ${slot} (rebuilt; its node is not in the trace)`);
    }
    const node = this.topology.nodeOf(pg, slot);
    return this.thread(node < 0 ? CLUSTER_PID : hostPid(node), THREAD.segments + key, `pg ${pg} segment ${slot}`);
  }

  /**
   * The thread of the segment in `slot` of `pg` on the storage node `node`, as the I/O detail
   * names its node (so a rebuilt segment's too): lane 0 is the segment's own thread, a higher
   * lane one below it for writes that overlap (`pg P segment S (disk N)`, sorted with it).
   */
  segmentOn(node: number, pg: number, slot: number, lane = 0): readonly [number, number] {
    const key = pg * SLOTS + slot;
    const tid = THREAD.segments + key;
    if (lane === 0) return this.thread(hostPid(node), tid, `pg ${pg} segment ${slot}`);
    return this.thread(hostPid(node), THREAD.diskLanes + (lane - 1) * LANE_STRIDE + key, `pg ${pg} segment ${slot} (disk ${lane + 1})`, tid);
  }

  /** A thread of a process, named `name` the first time it is used (sorted by `sortIndex`, its tid by default): [pid, tid]. */
  thread(pid: number, tid: number, name: string, sortIndex = tid): readonly [number, number] {
    const key = pid * 1_000_000 + tid;
    if (!this.named.has(key)) {
      this.named.add(key);
      this.out.meta('thread_name', pid, tid, { name });
      this.out.meta('thread_sort_index', pid, tid, { sort_index: sortIndex });
    }
    return [pid, tid];
  }
}

/** Host ids start at 0; process 1 is the cluster's. */
export function hostPid(host: number): number {
  return host + 2;
}

function hostLabel(host: Host): string {
  const az = `AZ ${String.fromCharCode('a'.charCodeAt(0) + host.az)}`;
  return host.role === 'storage' ? `${host.name} (storage, ${az})` : `${host.name} (${az})`;
}
