/**
 * Who is where: availability zones, hosts (the writer, read replicas, storage nodes) and the
 * placement of every protection group's segments.
 *
 * Placement (A17 §2.2): each PG has V = azs * segmentsPerAz segments, `segmentsPerAz` in each
 * AZ. Storage nodes are dealt round-robin to AZs; inside an AZ, the segments of consecutive
 * PGs rotate over that AZ's nodes, so PGs share nodes (as in production: 96 PGs on 74 nodes)
 * but no node holds two segments of one PG (the scenario parser refuses topologies where that
 * would happen). Segment index k of a PG lives in AZ floor(k / segmentsPerAz).
 *
 * Not modelled: racks or hosts inside an AZ, heterogeneous nodes, "high entropy" random
 * placement (a deterministic rotation spreads load the same way and is easier to read).
 */
import { assert } from '../core/assert.ts';

export type HostRole = 'writer' | 'replica' | 'storage';

/** Slots a PG's segments can occupy: six settled plus two replacements in flight (A18 §4.1). */
export const MAX_SLOTS = 8;

export interface Host {
  readonly id: number;
  readonly role: HostRole;
  readonly az: number;
  /** Stable label used in RNG stream names and messages: `writer`, `replica-1`, `node-3`. */
  readonly name: string;
}

export interface TopologyOptions {
  readonly azs: number;
  readonly segmentsPerAz: number;
  readonly protectionGroups: number;
  readonly storageNodes: number;
  readonly replicas: number;
  /** AZ index of the writer. */
  readonly writerAz: number;
}

export function azName(az: number): string {
  return String.fromCharCode(97 + az);
}

export class Topology {
  readonly hosts: Host[] = [];
  readonly writer: Host;
  readonly replicas: Host[] = [];
  readonly storageNodes: Host[] = [];
  /** V: segments per protection group. */
  readonly segmentsPerPg: number;
  readonly protectionGroups: number;
  readonly azs: number;
  /** placement[pg * MAX_SLOTS + slot] = host id of the storage node holding that segment, or -1. */
  private readonly placement: Int32Array;

  constructor(options: TopologyOptions) {
    this.azs = options.azs;
    this.protectionGroups = options.protectionGroups;
    this.segmentsPerPg = options.azs * options.segmentsPerAz;
    this.writer = this.addHost('writer', options.writerAz, 'writer');
    for (let r = 0; r < options.replicas; r++) {
      const az = (options.writerAz + 1 + r) % options.azs;
      this.replicas.push(this.addHost('replica', az, `replica-${r + 1}`));
    }
    for (let n = 0; n < options.storageNodes; n++) {
      this.storageNodes.push(this.addHost('storage', n % options.azs, `node-${n}`));
    }
    this.placement = this.initialPlacement(options);
  }

  /** Host id of the storage node holding the segment in `slot` of `pg` (-1 if none). */
  nodeOf(pg: number, slot: number): number {
    return this.placement[pg * MAX_SLOTS + slot]!;
  }

  /** AZ of the segment in base slot `segment` of any PG, as first placed. */
  azOfSegment(segment: number): number {
    return Math.floor(segment / (this.segmentsPerPg / this.azs));
  }

  /** Places a new segment of `pg` in `slot` on `node` (a repair); -1 frees the slot. */
  place(pg: number, slot: number, node: number): void {
    this.placement[pg * MAX_SLOTS + slot] = node;
  }

  /**
   * A node to rebuild the segment in `slot` of `pg` on: a usable (running) node holding no
   * segment of the PG, preferably in the same AZ (so placement stays two per AZ), rotating with the PG so repairs
   * spread; -1 if every node already holds the PG.
   */
  spareNodeFor(pg: number, slot: number, usable: (node: number) => boolean = () => true): number {
    const holders = new Set<number>();
    for (let s = 0; s < MAX_SLOTS; s++) if (this.nodeOf(pg, s) >= 0) holders.add(this.nodeOf(pg, s));
    const az = this.host(this.nodeOf(pg, slot)).az;
    const free = this.storageNodes.filter((node) => !holders.has(node.id) && usable(node.id));
    const sameAz = free.filter((node) => node.az === az);
    const choices = sameAz.length > 0 ? sameAz : free;
    return choices.length === 0 ? -1 : choices[pg % choices.length]!.id;
  }

  host(id: number): Host {
    const host = this.hosts[id];
    assert(host !== undefined, `no host ${id}`);
    return host;
  }

  private addHost(role: HostRole, az: number, name: string): Host {
    const host: Host = { id: this.hosts.length, role, az, name };
    this.hosts.push(host);
    return host;
  }

  private initialPlacement(options: TopologyOptions): Int32Array {
    const perAz = options.segmentsPerAz;
    const nodesInAz: number[][] = Array.from({ length: options.azs }, () => []);
    for (const node of this.storageNodes) nodesInAz[node.az]!.push(node.id);
    const placement = new Int32Array(options.protectionGroups * MAX_SLOTS).fill(-1);
    for (let pg = 0; pg < options.protectionGroups; pg++) {
      for (let az = 0; az < options.azs; az++) {
        const nodes = nodesInAz[az]!;
        assert(nodes.length >= perAz, `AZ ${azName(az)} has ${nodes.length} nodes for ${perAz} segments`);
        for (let j = 0; j < perAz; j++) {
          placement[pg * MAX_SLOTS + az * perAz + j] = nodes[(pg * perAz + j) % nodes.length]!;
        }
      }
    }
    return placement;
  }
}
