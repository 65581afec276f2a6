/**
 * A small world for unit tests of compute components: a real loop, trace, topology and
 * network, with every send recorded at the instant it is made (what a component sent, and
 * when, without working back from arrival times), and inboxes for the hosts a test listens on.
 *
 * Links have no propagation latency and no header, so a message of 0 payload bytes arrives in
 * the instant it is sent (after the event that sent it); one with payload arrives in the next
 * microsecond (the link rounds its wire time up). Links never lose anything.
 */
import { Loop } from '../core/loop.ts';
import { Rng } from '../core/rng.ts';
import { Trace } from '../core/trace.ts';
import { Network } from '../net/network.ts';
import { TRACE_KINDS, type ModelTrace } from '../protocol/trace-kinds.ts';
import { Topology, type TopologyOptions } from '../topology/topology.ts';

export interface Sent {
  readonly time: number;
  readonly from: number;
  readonly to: number;
  readonly bytes: number;
  readonly message: any;
}

/** Three AZs of two segments, one PG, six storage nodes, two replicas; override any of it. */
export function netRig(topologyOptions: Partial<TopologyOptions> = {}) {
  const loop = new Loop();
  const trace: ModelTrace = new Trace(loop, TRACE_KINDS, { keepLines: false });
  const topology = new Topology({
    azs: 3, segmentsPerAz: 2, protectionGroups: 1, storageNodes: 6, replicas: 2, writerAz: 0, ...topologyOptions,
  });
  const net = new Network(loop, Rng.root(1).fork('net'), trace, topology, {
    sameAz: { dist: 'constant', value: 0 },
    crossAz: { dist: 'constant', value: 0 },
    bandwidthBitsPerSecond: 8e12,
    loss: 0,
    headerBytes: 0,
  });
  const sent: Sent[] = [];
  const send = net.send.bind(net);
  net.send = (from, to, bytes, message) => {
    sent.push({ time: loop.now, from, to, bytes, message });
    send(from, to, bytes, message);
  };
  /** Attaches a receiver to `host` that keeps what arrives there. */
  const inbox = (host: number): Sent[] => {
    const got: Sent[] = [];
    net.attach(host, (message, from) => got.push({ time: loop.now, from, to: host, bytes: 0, message }));
    return got;
  };
  const run = (until = Infinity) => loop.run({ until, maxEvents: 1_000_000 });
  return { loop, trace, topology, net, sent, inbox, run };
}
