/**
 * How a new segment gets its copy (repair, A18 §4.1): it asks one peer at a time for a
 * snapshot of its state — never a slot being replaced, first peers whose nodes were up when
 * the control plane placed it — and asks the next peer when one says it has nothing to give
 * or when no copy arrives in time (that peer may be down). A peer sends its snapshot after
 * `hydrationDelay`, the time to read and ship a segment, unless it crashed, left the PG or
 * lost its data meanwhile. Not modelled: copying from several peers at once, resuming a copy.
 */
import type { Loop } from '../core/loop.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { HydrateRefused, HydrateRequest, HydrateSnapshot, VolumeState } from '../protocol/messages.ts';
import { FIXED_BYTES } from '../protocol/wire-size.ts';
import type { Topology } from '../topology/topology.ts';
import type { Segment } from './segment.ts';

/** What hydration needs from the storage node it runs on. */
export interface HydrationNode {
  readonly host: number;
  readonly loop: Loop;
  readonly trace: ModelTrace;
  readonly net: Network;
  readonly topology: Topology;
  /** Time a peer takes to read and ship a segment's state, µs. */
  readonly hydrationDelay: number;
  isDown(): boolean;
  segmentOf(pg: number): Segment | undefined;
  /** Whether `segment` is still the node's segment of its PG. */
  current(segment: Segment): boolean;
  /** The other members `segment` knows of, outside the `avoid` mask. */
  peerSlots(segment: Segment, avoid: number): number[];
  adopt(segment: Segment, volume: VolumeState): void;
  /** Reports the segment's SCL to the writer, unasked. */
  reportScl(segment: Segment): void;
  recordBytes(records: readonly LogRecord[]): number;
}

/** Waiting for a copy longer than the copy takes by this much means: ask the next peer. */
const PATIENCE = 1_000_000;

export class Hydration {
  /** Per new segment waiting for a copy: the slots it must not copy from (those being replaced). */
  private readonly avoid = new Map<Segment, number>();
  /** Per new segment, the peers the control plane saw up when it placed it (a mask): asked first. */
  private readonly upPeers = new Map<Segment, number>();
  private readonly node: HydrationNode;

  constructor(node: HydrationNode) {
    this.node = node;
  }

  /** `segment` is new and empty: ask for a copy. */
  start(segment: Segment, avoid: number, upPeers: number): void {
    this.upPeers.set(segment, upPeers);
    this.request(segment, avoid, 0);
  }

  onRequest(request: HydrateRequest, from: number): void {
    const node = this.node;
    const segment = node.segmentOf(request.pg);
    if (segment === undefined || segment.hydrating || segment.wiped) {
      // Nothing to copy here (lost, or itself waiting for a copy): say so, rather than let the
      // new segment wait out its timeout for a copy that will never come.
      const refused: HydrateRefused = { type: 'hydrate-refused', pg: request.pg, segment: request.segment, attempt: request.attempt };
      return node.net.send(node.host, from, FIXED_BYTES['hydrate-refused'], refused);
    }
    node.loop.after(node.hydrationDelay, () => {
      // A source that crashed, left the PG or lost its data during the copy has nothing to
      // give: the new segment asks elsewhere when its wait runs out.
      if (node.isDown() || !node.current(segment) || segment.wiped) return;
      const records = segment.snapshotRecords();
      const snapshot: HydrateSnapshot = {
        type: 'hydrate-snapshot', pg: request.pg, segment: request.segment, scl: segment.scl, records, coalescedThrough: segment.coalescedPoint,
        vdlHint: segment.vdlHint, volume: segment.volume, membership: segment.membership,
      };
      node.net.send(node.host, from, FIXED_BYTES['hydrate-snapshot'] + node.recordBytes(records), snapshot);
    });
  }

  onRefused(refused: HydrateRefused): void {
    const segment = this.node.segmentOf(refused.pg);
    if (segment === undefined || refused.segment !== segment.index) return;
    this.retry(segment, refused.attempt);
  }

  onSnapshot(snapshot: HydrateSnapshot): void {
    const node = this.node;
    const segment = node.segmentOf(snapshot.pg);
    if (segment === undefined || !segment.hydrating || snapshot.segment !== segment.index) return;
    node.adopt(segment, snapshot.volume);
    segment.checkMembership(snapshot.membership);
    segment.install(snapshot);
    node.trace.emit('segment.hydrated', segment.pg, segment.index, segment.scl);
    node.reportScl(segment);
  }

  /** Asks the `attempt`-th peer (in the order above) for a copy, and the next one if none comes in time. */
  private request(segment: Segment, avoid: number, attempt: number): void {
    const node = this.node;
    const up = this.upPeers.get(segment) ?? -1;
    const all = node.peerSlots(segment, avoid);
    const peers = [...all.filter((s) => (up & (1 << s)) !== 0), ...all.filter((s) => (up & (1 << s)) === 0)];
    const peer = peers[attempt % peers.length]!;
    segment.hydrationAttempt = attempt;
    this.avoid.set(segment, avoid);
    const request: HydrateRequest = { type: 'hydrate-request', pg: segment.pg, segment: segment.index, attempt };
    node.net.send(node.host, node.topology.nodeOf(segment.pg, peer), FIXED_BYTES['hydrate-request'], request);
    node.loop.after(node.hydrationDelay + PATIENCE, () => this.retry(segment, attempt));
  }

  /** Asks the next peer if attempt `attempt` is still the one waiting. */
  private retry(segment: Segment, attempt: number): void {
    if (!segment.hydrating || !this.node.current(segment) || segment.hydrationAttempt !== attempt) return;
    this.request(segment, this.avoid.get(segment) ?? 0, attempt + 1);
  }
}
