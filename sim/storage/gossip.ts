/**
 * Gossip between the segments of a PG (A17 §3.3 step 4; PROTOCOL.md §6): each tick a segment
 * coalesces what every member holds and exchanges SCLs with the next peer in its rotation; a
 * segment whose SCL stalled asks a peer known to be ahead for the records above it, and keeps
 * asking while fills move it and a peer is still ahead. A push is persisted before its
 * records count (a fill), like any other write. Not modelled: gossip bandwidth limits beyond
 * the links', pushing unasked.
 */
import type { Loop } from '../core/loop.ts';
import type { Network } from '../net/network.ts';
import type { LogRecord } from '../protocol/log-record.ts';
import type { GossipPull, GossipPush, MembershipStamp, VolumeState } from '../protocol/messages.ts';
import { FIXED_BYTES } from '../protocol/wire-size.ts';
import type { Topology } from '../topology/topology.ts';
import type { Segment } from './segment.ts';

/** What gossip needs from the storage node it runs on. */
export interface GossipNode {
  readonly host: number;
  readonly loop: Loop;
  readonly net: Network;
  readonly topology: Topology;
  /** Gossip period of each segment, µs. */
  readonly gossipInterval: number;
  readonly gossipMaxRecords: number;
  /** Down or paused: the node handles no timers and starts nothing. */
  idle(): boolean;
  segmentOf(pg: number): Segment | undefined;
  /** Whether `segment` is still the node's segment of its PG. */
  current(segment: Segment): boolean;
  /** The other members `segment` knows of, outside the `avoid` mask. */
  peerSlots(segment: Segment, avoid: number): number[];
  /** Refuses (and traces) a request from an older membership epoch. */
  staleMembership(segment: Segment, stamp: MembershipStamp): boolean;
  adopt(segment: Segment, volume: VolumeState): void;
  /** Reports a segment whose data this node lost. */
  onSegmentLost(pg: number, slot: number): void;
  /** Persists records a peer sent; they count once on disk. */
  persistFill(segment: Segment, records: readonly LogRecord[]): void;
  recordBytes(records: readonly LogRecord[]): number;
}

export class Gossip {
  private readonly node: GossipNode;

  constructor(node: GossipNode) {
    this.node = node;
  }

  /**
   * Each tick: coalesce what every member holds, then exchange SCLs with the next peer,
   * asking it for records only if this segment's SCL is stalled.
   */
  readonly onTick = (segment: Segment): void => {
    const node = this.node;
    if (!node.current(segment)) return;
    node.loop.after(node.gossipInterval, this.onTick, segment);
    if (node.idle() || segment.hydrating || (segment.membership.members & (1 << segment.index)) === 0) return;
    // Lost data does not come back by gossip (peers folded away what it lacks): until a
    // replacement is placed, report the loss again each tick (a blocked repair is retried).
    if (segment.wiped) return node.onSegmentLost(segment.pg, segment.index);
    segment.coalesce();
    const maxRecords = segment.stalled ? node.gossipMaxRecords : 0;
    segment.sclAtLastTick = segment.scl;
    const peers = node.peerSlots(segment, 0);
    if (peers.length === 0) return;
    segment.gossipCursor = (segment.gossipCursor + 1) % peers.length;
    this.pull(segment, maxRecords > 0 ? this.peerAhead(segment, peers) : peers[segment.gossipCursor]!, maxRecords);
  };

  /**
   * After a fill moved the SCL: if a peer is still known to be ahead, asks it for the next
   * records at once. A segment far behind (back from an outage) thus catches up as fast as
   * the links and its disk carry the records, not one reply per gossip period: at that pace
   * a busy PG's writes outran the catch-up for seconds, and every peer kept the backlog.
   */
  continueCatchUp(segment: Segment): void {
    const node = this.node;
    if (node.idle() || !node.current(segment) || !segment.intact) return;
    const peers = node.peerSlots(segment, 0);
    if (peers.length === 0) return;
    const peer = this.peerAhead(segment, peers);
    if (segment.peerScl[peer]! > segment.scl) this.pull(segment, peer, node.gossipMaxRecords);
  }

  private pull(segment: Segment, peer: number, maxRecords: number): void {
    const pull: GossipPull = {
      type: 'gossip-pull', pg: segment.pg, segment: segment.index, scl: segment.scl, maxRecords, volume: segment.volume,
      membership: segment.membership,
    };
    const node = this.node;
    node.net.send(node.host, node.topology.nodeOf(segment.pg, peer), FIXED_BYTES['gossip-pull'], pull);
  }

  /**
   * The peer a stalled segment asks for records: the next one in its rotation known to be
   * ahead of it, or the next one if none is known ahead (it may be, and the answer says).
   * Asking a peer no further on returns nothing, and asking the next one waits a period.
   */
  private peerAhead(segment: Segment, peers: readonly number[]): number {
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[(segment.gossipCursor + i) % peers.length]!;
      if (segment.peerScl[peer]! > segment.scl) return peer;
    }
    return peers[segment.gossipCursor]!;
  }

  onPull(pull: GossipPull, from: number): void {
    const node = this.node;
    const segment = node.segmentOf(pull.pg);
    if (segment === undefined) return;
    if (node.staleMembership(segment, pull.membership)) {
      // Tell the stale peer the current membership: it may learn that it was replaced.
      const news: GossipPush = {
        type: 'gossip-push', pg: pull.pg, segment: segment.index, scl: segment.scl, records: [], volume: segment.volume,
        membership: segment.membership,
      };
      return node.net.send(node.host, from, FIXED_BYTES['gossip-push'], news);
    }
    node.adopt(segment, pull.volume);
    if (pull.scl > segment.peerScl[pull.segment]! && !segment.isTruncated(pull.scl)) segment.peerScl[pull.segment] = pull.scl;
    const records = pull.maxRecords > 0 ? segment.recordsAbove(pull.scl, pull.maxRecords) : [];
    const push: GossipPush = {
      type: 'gossip-push', pg: pull.pg, segment: segment.index, scl: segment.scl, records, volume: segment.volume,
      membership: segment.membership,
    };
    node.net.send(node.host, from, FIXED_BYTES['gossip-push'] + node.recordBytes(records), push);
  }

  onPush(push: GossipPush): void {
    const node = this.node;
    const segment = node.segmentOf(push.pg);
    if (segment === undefined || node.staleMembership(segment, push.membership)) return;
    node.adopt(segment, push.volume);
    if (push.scl > segment.peerScl[push.segment]!) segment.peerScl[push.segment] = push.scl;
    const fresh = push.records.filter((record) => segment.isNew(record));
    if (fresh.length > 0) node.persistFill(segment, fresh);
  }
}
