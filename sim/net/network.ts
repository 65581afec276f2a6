/**
 * Links between hosts: propagation latency by AZ distance, bandwidth (serialization delay and
 * FIFO queueing behind earlier messages on the same link) and random loss.
 *
 * Each ordered pair of hosts has its own link with its own RNG stream
 * (`net/link/<from>-><to>`), so adding traffic on one link never shifts another's draws.
 * A message of B bytes (payload + header) leaves when the link is free, occupies it for
 * ceil(8 B / bandwidth), then arrives after a propagation latency drawn per message. Drawing
 * per message means two messages on one link can arrive out of order, as datagrams can;
 * storage copes through its backlinks and gossip.
 *
 * Not modelled: a shared NIC per host (links are independent), TCP retransmission and
 * congestion control (a lost message is simply gone; gossip repairs the gap), switch queues.
 * The network knows nothing of the protocol: it carries opaque messages.
 */
import type { DistributionSpec } from '../core/distribution-spec.ts';
import { makeSampler } from '../core/distribution.ts';
import type { Loop } from '../core/loop.ts';
import type { Rng } from '../core/rng.ts';
import type { Trace } from '../core/trace.ts';
import type { HostRole, Topology } from '../topology/topology.ts';

export interface NetworkOptions {
  readonly sameAz: DistributionSpec;
  readonly crossAz: DistributionSpec;
  /** Bits per second of every link. */
  readonly bandwidthBitsPerSecond: number;
  /** Probability that a message is lost, in [0, 1). */
  readonly loss: number;
  /** Framing bytes added to every message. */
  readonly headerBytes: number;
}

/** Receives messages addressed to one host. */
export type Receiver = (message: any, from: number) => void;

interface Envelope {
  readonly from: number;
  readonly to: number;
  readonly message: unknown;
}

interface Link {
  busyUntil: number;
  readonly latency: () => number;
  readonly rng: Rng;
  readonly linkClass: number;
}

/** Traffic classes, by the roles of the two ends. */
export function linkClassName(from: HostRole, to: HostRole): string {
  const name = (role: HostRole) => (role === 'storage' ? 'Storage' : role === 'writer' ? 'Writer' : 'Replica');
  const first = name(from);
  return `${first[0]!.toLowerCase()}${first.slice(1)}To${name(to)}`;
}

export class Network {
  /** Bytes and messages per traffic class, headers included. */
  readonly bytes: Record<string, number> = {};
  readonly messages: Record<string, number> = {};
  dropped = 0;
  private readonly loop: Loop;
  private readonly rng: Rng;
  private readonly trace: Trace;
  private readonly topology: Topology;
  private readonly options: NetworkOptions;
  private readonly receivers: (Receiver | undefined)[] = [];
  private readonly links: (Link | undefined)[] = [];
  private readonly classNames: string[] = [];
  private readonly bytesByClass: number[] = [];
  private readonly messagesByClass: number[] = [];

  constructor(loop: Loop, rng: Rng, trace: Trace, topology: Topology, options: NetworkOptions) {
    this.loop = loop;
    this.rng = rng;
    this.trace = trace;
    this.topology = topology;
    this.options = options;
  }

  attach(host: number, receiver: Receiver): void {
    this.receivers[host] = receiver;
  }

  /** Sends `message` with `payloadBytes` of payload; it arrives later, or never if lost. */
  send(from: number, to: number, payloadBytes: number, message: unknown): void {
    const link = this.link(from, to);
    const bytes = payloadBytes + this.options.headerBytes;
    this.bytesByClass[link.linkClass]! += bytes;
    this.messagesByClass[link.linkClass]!++;
    const now = this.loop.now;
    const start = link.busyUntil > now ? link.busyUntil : now;
    // busyUntil keeps fractional microseconds so that small messages do not each round up
    // to a whole µs of wire time; only the delivery instant is rounded (IEEE arithmetic on
    // these values is exact-rounded, so this stays deterministic).
    link.busyUntil = start + (bytes * 8_000_000) / this.options.bandwidthBitsPerSecond;
    if (this.options.loss > 0 && link.rng.float() < this.options.loss) {
      this.dropped++;
      this.trace.emit('net.drop', from, to, bytes);
      return;
    }
    const envelope: Envelope = { from, to, message };
    this.loop.at(Math.ceil(link.busyUntil) + link.latency(), this.deliver, envelope);
  }

  /** Totals per traffic class, for the run summary. */
  summarize(): void {
    for (let c = 0; c < this.classNames.length; c++) {
      this.bytes[this.classNames[c]!] = this.bytesByClass[c]!;
      this.messages[this.classNames[c]!] = this.messagesByClass[c]!;
    }
  }

  private readonly deliver = (envelope: Envelope): void => {
    this.receivers[envelope.to]!(envelope.message, envelope.from);
  };

  private link(from: number, to: number): Link {
    const index = from * this.topology.hosts.length + to;
    const existing = this.links[index];
    if (existing !== undefined) return existing;
    const a = this.topology.host(from);
    const b = this.topology.host(to);
    const rng = this.rng.fork(`link/${a.name}->${b.name}`);
    const spec = a.az === b.az ? this.options.sameAz : this.options.crossAz;
    const link: Link = {
      busyUntil: 0,
      latency: makeSampler(spec, rng.fork('latency')),
      rng: rng.fork('loss'),
      linkClass: this.classIndex(linkClassName(a.role, b.role)),
    };
    this.links[index] = link;
    return link;
  }

  private classIndex(name: string): number {
    let index = this.classNames.indexOf(name);
    if (index < 0) {
      index = this.classNames.length;
      this.classNames.push(name);
      this.bytesByClass.push(0);
      this.messagesByClass.push(0);
    }
    return index;
  }
}
