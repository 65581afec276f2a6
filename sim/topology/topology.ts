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
  /** placement[pg * V + segment] = host id of the storage node holding that segment. */
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
    this.placement = this.place(options);
  }

  /** Host id of the storage node holding segment `segment` of `pg`. */
  nodeOf(pg: number, segment: number): number {
    return this.placement[pg * this.segmentsPerPg + segment]!;
  }

  /** AZ of segment `segment` of any PG. */
  azOfSegment(segment: number): number {
    return Math.floor(segment / (this.segmentsPerPg / this.azs));
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

  private place(options: TopologyOptions): Int32Array {
    const perAz = options.segmentsPerAz;
    const nodesInAz: number[][] = Array.from({ length: options.azs }, () => []);
    for (const node of this.storageNodes) nodesInAz[node.az]!.push(node.id);
    const placement = new Int32Array(options.protectionGroups * this.segmentsPerPg);
    for (let pg = 0; pg < options.protectionGroups; pg++) {
      for (let az = 0; az < options.azs; az++) {
        const nodes = nodesInAz[az]!;
        assert(nodes.length >= perAz, `AZ ${azName(az)} has ${nodes.length} nodes for ${perAz} segments`);
        for (let j = 0; j < perAz; j++) {
          placement[pg * this.segmentsPerPg + az * perAz + j] = nodes[(pg * perAz + j) % nodes.length]!;
        }
      }
    }
    return placement;
  }
}
