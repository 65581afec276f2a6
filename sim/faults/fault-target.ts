/**
 * What the fault injector may do to the world, declared here so that `faults` never imports
 * the models: the composition root (simulation.ts) implements it over storage, compute and
 * the network. Every effect has an undo; the injector pairs them.
 *
 * Hosts are addressed by topology host id, links by (from, to) host ids (directed; a
 * symmetric fault applies both directions). `Selector`s are resolved to hosts at the moment
 * a fault starts (e.g. `writer` is whoever is the writer then).
 */
import type { LinkEffect } from '../net/link-effect.ts';

/** An effect on one directed link (the network's own vocabulary, net/link-effect.ts). */
export type { LinkEffect };

export interface FaultTarget {
  /** Host ids a selector names right now. */
  resolve(selector: Selector): number[];
  /** The process on the host stops; it loses what was in memory, keeps what was on disk. */
  crashHost(host: number): void;
  /** The host's process starts again (writer: crash recovery or rejoin; storage: resume). */
  restartHost(host: number): void;
  /** Erases the disk of a crashed host (disk-loss): it comes back empty. */
  wipeDisk(host: number): void;
  /** Erases one segment's data (a failed segment); the node keeps running. */
  wipeSegment(pg: number, segment: number): void;
  /** The process stops handling messages and timers until resumed; nothing is lost. */
  pauseHost(host: number): void;
  resumeHost(host: number): void;
  /** Adds an effect to a directed link; returns a handle to remove exactly it. */
  addLinkEffect(from: number, to: number, effect: LinkEffect): number;
  removeLinkEffect(handle: number): void;
  /**
   * Multiplies a storage node's disk latency (gray failure); factors of overlapping faults
   * multiply. Returns a handle to remove exactly this slowdown from that host's disk.
   */
  addDiskSlowdown(host: number, factor: number): number;
  removeDiskSlowdown(host: number, handle: number): void;
}

/** A target selector, parsed. */
export type Selector =
  | { readonly kind: 'writer' }
  | { readonly kind: 'replica'; readonly index: number }
  | { readonly kind: 'node'; readonly index: number }
  | { readonly kind: 'az'; readonly name: string }
  | { readonly kind: 'segment'; readonly pg: number; readonly segment: number };

/**
 * Targets named relative to the state that fired a trigger with a segment in it (a lag, a
 * segment event, a membership change): `lagging` is that segment, `leading` the most advanced
 * other member of its PG; `-node` names the storage node holding it.
 */
export type RelativeTarget = 'lagging' | 'lagging-node' | 'leading' | 'leading-node';

/** A triggered fault's target: a selector, or one relative to the trigger. */
export type TriggeredSelector = Selector | { readonly kind: 'relative'; readonly relative: RelativeTarget };
