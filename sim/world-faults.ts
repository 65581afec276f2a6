/**
 * The world as the fault injector sees it: `FaultTarget` implemented over the network,
 * the storage nodes and the control plane. A crash takes a host off the network and stops
 * its process (storage keeps what was on disk; a writer or replica loses its memory); a
 * restart brings it back (a writer then recovers the volume, or rejoins as a replica after a
 * failover); a pause holds the host's messages, in and out, and its storage and replica
 * timers (a paused writer's own timers still run, but nothing it sends leaves until it resumes,
 * and the control plane tells it, so that its repair watch counts none of that silence).
 */
import type { FaultTarget, LinkEffect, Selector } from './faults/fault-target.ts';
import { assert } from './core/assert.ts';
import { hostsOf } from './faults/selector.ts';
import type { World } from './world.ts';

export function faultTargetOf(world: World): FaultTarget {
  const { net, nodes, controlPlane, topology } = world;
  const storageNode = (host: number) => {
    const node = nodes.get(host);
    assert(node !== undefined, `fault target: host ${host} has no disk (slow-disk resolves to storage nodes only)`);
    return node;
  };
  return {
    resolve: (selector: Selector) => hostsOf(selector, topology, controlPlane.writer.host),
    crashHost(host) {
      net.setHostDown(host, true);
      nodes.get(host)?.crash();
      controlPlane.crashHost(host);
    },
    restartHost(host) {
      net.setHostDown(host, false);
      nodes.get(host)?.restart();
      controlPlane.restartHost(host);
    },
    wipeDisk(host) {
      nodes.get(host)?.wipe();
    },
    wipeSegment(pg, segment) {
      // The slot may have been freed by a finished replacement: then there is nothing to lose.
      const node = nodes.get(topology.nodeOf(pg, segment));
      const held = node?.segmentOf(pg);
      if (node !== undefined && held !== undefined && held.index === segment) node.wipeSegment(held);
    },
    pauseHost(host) {
      net.setHostPaused(host, true);
      controlPlane.pauseHost(host);
      const node = nodes.get(host);
      if (node !== undefined) node.paused = true;
    },
    resumeHost(host) {
      net.setHostPaused(host, false);
      controlPlane.resumeHost(host);
      const node = nodes.get(host);
      if (node !== undefined) node.paused = false;
    },
    addLinkEffect: (from: number, to: number, effect: LinkEffect) => net.addLinkEffect(from, to, effect),
    removeLinkEffect: (handle: number) => net.removeLinkEffect(handle),
    addDiskSlowdown: (host, factor) => storageNode(host).disk.addSlowdown(factor),
    removeDiskSlowdown: (host, handle) => storageNode(host).disk.removeSlowdown(handle),
  };
}
