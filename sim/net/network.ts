/**
 * Links between hosts: propagation latency by AZ distance, bandwidth (serialization delay and
 * FIFO queueing behind earlier messages on the same link) and random loss, plus the faults
 * the injector puts on links and hosts.
 *
 * Each ordered pair of hosts has its own link with its own RNG stream
 * (`net/link/<from>-><to>`), so adding traffic on one link never shifts another's draws.
 * A message of B bytes (payload + header) leaves when the link is free, occupies it for
 * ceil(8 B / bandwidth), then arrives after a propagation latency drawn per message. Drawing
 * per message means two messages on one link can arrive out of order, as datagrams can;
 * storage copes through its backlinks and gossip.
 *
 * Faults (see `link-effect.ts` for how effects combine):
 * - link effects: blocked, extra latency, loss, duplication (the copy gets its own latency
 *   draw), jitter, a bandwidth cut (a message occupies the link that many times longer, so
 *   later ones queue longer behind it). Their draws come from the link's own `faults` and
 *   `duplicate` streams, so a fault-free link draws exactly what it drew before faults existed;
 * - a down host: messages it sends are dropped, and so is every message that arrives at a
 *   host that is down or has been down since the message was sent (its connection is gone);
 * - a paused host: arriving messages wait in FIFO order and are delivered, in order, when it
 *   resumes. A paused host that goes down loses them. (A paused process sends nothing; that is
 *   the host model's to honour, the network does not check it.)
 * Every drop counts in `dropped` and emits `net.drop`.
 *
 * Cost: the fault-free path checks one typed-array entry per send and one per arrival, and a
 * link's `effects` field only when it is set; no map lookups. A message in flight is a slot in
 * `Envelopes` (parallel arrays), not an object: nothing is allocated per message but the
 * message itself.
 *
 * Not modelled: a shared NIC per host (links are independent), TCP retransmission and
 * congestion control (a lost message is simply gone; gossip repairs the gap), switch queues.
 * The network knows nothing of the protocol: it carries opaque messages.
 */
import { assert } from '../core/assert.ts';
import type { DistributionSpec } from '../core/distribution-spec.ts';
import { makeSampler } from '../core/distribution.ts';
import type { Loop } from '../core/loop.ts';
import type { Rng } from '../core/rng.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { HostRole, Topology } from '../topology/topology.ts';
import { Envelopes } from './envelopes.ts';
import { checkEffect, combineEffects, type CombinedEffect, type LinkEffect } from './link-effect.ts';

export type { LinkEffect };

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

/** Draws and state a link needs only once a fault touches it. */
interface LinkFaults {
  readonly effects: Map<number, LinkEffect>;
  combined: CombinedEffect;
  readonly rng: Rng;
  readonly duplicateLatency: () => number;
}

interface Link {
  busyUntil: number;
  readonly latency: () => number;
  readonly rng: Rng;
  readonly linkClass: number;
  /** The link's own stream, forked further when a fault first touches it. */
  readonly root: Rng;
  readonly spec: DistributionSpec;
  /** Created when a fault first touches the link, and kept, so its draws continue. */
  faults: LinkFaults | undefined;
  /** At least one effect is active. */
  affected: boolean;
}

const UP = 0;
const DOWN = 1;
const PAUSED = 2;

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
  private readonly trace: ModelTrace;
  private readonly topology: Topology;
  private readonly options: NetworkOptions;
  private readonly receivers: (Receiver | undefined)[] = [];
  private readonly links: (Link | undefined)[] = [];
  private readonly classNames: string[] = [];
  private readonly bytesByClass: number[] = [];
  private readonly messagesByClass: number[] = [];
  /** UP, DOWN or PAUSED per host. */
  private readonly hostState: Uint8Array;
  /** Bumped whenever a host goes down or comes back. */
  private readonly incarnation: Int32Array;
  /** Messages in flight, by slot: an event's data is its message's slot. */
  private readonly envelopes = new Envelopes();
  /** Slots of the messages waiting at paused hosts. */
  private readonly held: number[][] = [];
  /** Sends a paused host attempted, replayed in order when it resumes (a frozen process sends nothing). */
  private readonly heldOutgoing: { to: number; bytes: number; message: unknown }[][] = [];
  private readonly effectLinks = new Map<number, Link>();
  private nextEffect = 1;

  constructor(loop: Loop, rng: Rng, trace: ModelTrace, topology: Topology, options: NetworkOptions) {
    this.loop = loop;
    this.rng = rng;
    this.trace = trace;
    this.topology = topology;
    this.options = options;
    this.hostState = new Uint8Array(topology.hosts.length);
    this.incarnation = new Int32Array(topology.hosts.length);
  }

  attach(host: number, receiver: Receiver): void {
    this.receivers[host] = receiver;
  }

  /** Sends `message` with `payloadBytes` of payload; it arrives later, or never if lost. */
  send(from: number, to: number, payloadBytes: number, message: unknown): void {
    const link = this.link(from, to);
    const bytes = payloadBytes + this.options.headerBytes;
    if (this.hostState[from] !== UP) {
      if (this.hostState[from] === DOWN) return this.drop(from, to, bytes);
      (this.heldOutgoing[from] ??= []).push({ to, bytes: payloadBytes, message });
      return;
    }
    this.bytesByClass[link.linkClass]! += bytes;
    this.messagesByClass[link.linkClass]!++;
    const now = this.loop.now;
    const start = link.busyUntil > now ? link.busyUntil : now;
    // busyUntil keeps fractional microseconds so that small messages do not each round up
    // to a whole µs of wire time; only the delivery instant is rounded (IEEE arithmetic on
    // these values is exact-rounded, so this stays deterministic).
    const wire = (bytes * 8_000_000) / this.options.bandwidthBitsPerSecond;
    link.busyUntil = start + (link.affected ? wire * link.faults!.combined.bandwidthDivisor : wire);
    if (this.options.loss > 0 && link.rng.float() < this.options.loss) return this.drop(from, to, bytes);
    if (link.affected) return this.sendFaulted(link, link.faults!, from, to, bytes, message);
    const slot = this.envelopes.take(from, to, bytes, message, this.incarnation[to]!);
    this.loop.at(Math.ceil(link.busyUntil) + link.latency(), this.deliver, slot);
  }

  /** Adds an effect to the directed link from -> to; returns a handle to remove exactly it. */
  addLinkEffect(from: number, to: number, effect: LinkEffect): number {
    checkEffect(effect);
    const link = this.link(from, to);
    const handle = this.nextEffect++;
    const faults = (link.faults ??= this.linkFaults(link));
    faults.effects.set(handle, effect);
    faults.combined = combineEffects(faults.effects.values());
    link.affected = true;
    this.effectLinks.set(handle, link);
    return handle;
  }

  removeLinkEffect(handle: number): void {
    const link = this.effectLinks.get(handle);
    const faults = link?.faults;
    assert(link !== undefined && faults !== undefined, `network: no link effect ${handle}`);
    this.effectLinks.delete(handle);
    faults.effects.delete(handle);
    faults.combined = combineEffects(faults.effects.values());
    link.affected = faults.effects.size > 0;
  }

  /** A down host sends nothing and receives nothing; coming back starts a new incarnation. */
  setHostDown(host: number, down: boolean): void {
    if ((this.hostState[host] === DOWN) === down) return;
    this.incarnation[host]!++;
    if (!down) {
      this.hostState[host] = UP;
      return;
    }
    this.hostState[host] = DOWN;
    this.heldOutgoing[host] = [];
    const held = this.held[host];
    this.held[host] = [];
    for (const slot of held ?? []) this.dropInFlight(slot);
  }

  /** A paused host's arriving messages wait, in order, until it resumes. */
  setHostPaused(host: number, paused: boolean): void {
    const state = this.hostState[host];
    assert(state !== DOWN, `network: host ${host} is down and cannot ${paused ? 'pause' : 'resume'}`);
    if ((state === PAUSED) === paused) return;
    this.hostState[host] = paused ? PAUSED : UP;
    if (paused) return;
    const held = this.held[host] ?? [];
    this.held[host] = [];
    for (const slot of held) this.loop.at(this.loop.now, this.deliver, slot);
    const outgoing = this.heldOutgoing[host] ?? [];
    this.heldOutgoing[host] = [];
    for (const send of outgoing) this.send(host, send.to, send.bytes, send.message);
  }

  isHostDown(host: number): boolean {
    return this.hostState[host] === DOWN;
  }

  isHostPaused(host: number): boolean {
    return this.hostState[host] === PAUSED;
  }

  /** Totals per traffic class, for the run summary. */
  summarize(): void {
    for (let c = 0; c < this.classNames.length; c++) {
      this.bytes[this.classNames[c]!] = this.bytesByClass[c]!;
      this.messages[this.classNames[c]!] = this.messagesByClass[c]!;
    }
  }

  private readonly deliver = (slot: number): void => {
    const envelopes = this.envelopes;
    const to = envelopes.to[slot]!;
    if (this.hostState[to] !== UP || this.incarnation[to] !== envelopes.incarnation[slot]) return this.arriveDisturbed(slot);
    this.handOver(slot, to);
  };

  /** Gives the message to its receiver; the slot is released first, so replies can reuse it. */
  private handOver(slot: number, to: number): void {
    const message = this.envelopes.message[slot];
    const from = this.envelopes.from[slot]!;
    this.envelopes.release(slot);
    this.receivers[to]!(message, from);
  }

  private arriveDisturbed(slot: number): void {
    const to = this.envelopes.to[slot]!;
    if (this.hostState[to] === DOWN || this.incarnation[to] !== this.envelopes.incarnation[slot]) return this.dropInFlight(slot);
    if (this.hostState[to] === PAUSED) {
      (this.held[to] ??= []).push(slot);
      return;
    }
    this.handOver(slot, to);
  }

  private sendFaulted(link: Link, faults: LinkFaults, from: number, to: number, bytes: number, message: unknown): void {
    const effect = faults.combined;
    if (effect.block || (effect.loss > 0 && faults.rng.float() < effect.loss)) return this.drop(from, to, bytes);
    const leaves = Math.ceil(link.busyUntil) + effect.extraLatency;
    const incarnation = this.incarnation[to]!;
    this.loop.at(leaves + link.latency() + this.jitter(faults), this.deliver, this.envelopes.take(from, to, bytes, message, incarnation));
    if (effect.duplicate > 0 && faults.rng.float() < effect.duplicate) {
      const copy = this.envelopes.take(from, to, bytes, message, incarnation);
      this.loop.at(leaves + faults.duplicateLatency() + this.jitter(faults), this.deliver, copy);
    }
  }

  private dropInFlight(slot: number): void {
    const envelopes = this.envelopes;
    this.drop(envelopes.from[slot]!, envelopes.to[slot]!, envelopes.bytes[slot]!);
    envelopes.release(slot);
  }

  private jitter(faults: LinkFaults): number {
    const jitter = faults.combined.jitter;
    return jitter === 0 ? 0 : faults.rng.int(jitter + 1);
  }

  private drop(from: number, to: number, bytes: number): void {
    this.dropped++;
    this.trace.emit('net.drop', from, to, bytes);
  }

  private linkFaults(link: Link): LinkFaults {
    return {
      effects: new Map(),
      combined: combineEffects([]),
      rng: link.root.fork('faults'),
      duplicateLatency: makeSampler(link.spec, link.root, 'duplicate'),
    };
  }

  private link(from: number, to: number): Link {
    const index = from * this.topology.hosts.length + to;
    const existing = this.links[index];
    if (existing !== undefined) return existing;
    const a = this.topology.host(from);
    const b = this.topology.host(to);
    const root = this.rng.fork(`link/${a.name}->${b.name}`);
    const spec = a.az === b.az ? this.options.sameAz : this.options.crossAz;
    const link: Link = {
      busyUntil: 0,
      latency: makeSampler(spec, root, 'latency'),
      rng: root.fork('loss'),
      linkClass: this.classIndex(linkClassName(a.role, b.role)),
      root,
      spec,
      faults: undefined,
      affected: false,
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
