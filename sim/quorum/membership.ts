/**
 * Protection-group membership and quorum sets (A18 §4.1, PROTOCOL.md §9).
 *
 * A membership is the settled member set (`base`, a mask over slots 0..7) plus pending
 * replacements F -> G. Its member *sets* are every way of resolving each pending replacement
 * (keep F or take G): one replacement gives ABCDEF and ABCDEG, two give four sets. The write
 * condition is "Vw of every set" (AND), the read condition "Vr of some set" (OR) — for one
 * replacement exactly A18's "4/6 of ABCDEF AND 4/6 of ABCDEG" / "3/6 of ABCDEF OR 3/6 of
 * ABCDEG", and for a second failure mid-change the paper's four-way AND (its read condition is
 * not given; the OR is the dual, §9.3 [D]).
 *
 * Every change raises the membership epoch by one: begin a replacement (add G), complete it
 * (G replaces F in the base) or revert it (drop G, F stays). Both ends of each step satisfy
 * the step's write condition, so each step is reversible and blocks neither reads nor writes.
 */
import type { MembershipStamp } from '../protocol/messages.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { popcount, type QuorumSystem } from './quorum-system.ts';
import type { QuorumConfig } from './quorum-config.ts';

export { MAX_SLOTS };

export interface Membership {
  readonly epoch: number;
  /** Settled members, a mask over slots. */
  readonly base: number;
  /** Pending replacements, as [from slot, to slot]. */
  readonly replacements: readonly (readonly [number, number])[];
}

export function initialMembership(members: number): Membership {
  return { epoch: 1, base: (1 << members) - 1, replacements: [] };
}

/** Every member set: each pending replacement resolved either way. */
export function memberSets(m: Membership): number[] {
  let sets = [m.base];
  for (const [from, to] of m.replacements) {
    sets = sets.flatMap((set) => [set, (set & ~(1 << from)) | (1 << to)]);
  }
  return sets;
}

/** Every slot that belongs to some member set: where writes go. */
export function memberMask(m: Membership): number {
  return memberSets(m).reduce((all, set) => all | set, 0);
}

export function membershipQuorum(m: Membership, write: number, read: number): QuorumSystem {
  const sets = memberSets(m);
  const size = popcount(m.base);
  const members = 32 - Math.clz32(memberMask(m));
  // Plain loops: the writer asks isWrite several times per acknowledgement, so a closure per
  // call (sets.every(...)) would allocate on the hot path.
  return {
    members,
    isWrite: (mask) => {
      for (let i = 0; i < sets.length; i++) if (popcount(mask & sets[i]!) < write) return false;
      return true;
    },
    isRead: (mask) => {
      for (let i = 0; i < sets.length; i++) if (popcount(mask & sets[i]!) >= read) return true;
      return false;
    },
    label: sets.length === 1
      ? `write ${write}/${size}, read ${read}/${size}`
      : `write ${write}/${size} of each of ${sets.map(formatSet).join(', ')}; read ${read}/${size} of any`,
  };
}

export function beginReplacement(m: Membership, from: number, to: number): Membership {
  return { epoch: m.epoch + 1, base: m.base, replacements: [...m.replacements, [from, to]] };
}

export function completeReplacement(m: Membership, from: number): Membership {
  const pair = m.replacements.find(([f]) => f === from)!;
  return {
    epoch: m.epoch + 1,
    base: (m.base & ~(1 << from)) | (1 << pair[1]),
    replacements: m.replacements.filter(([f]) => f !== from),
  };
}

/**
 * The pending replacement `slot` is either end of ([from, to]), or undefined. A loop, not
 * `find` with a closure: the writer's repair watch asks on every catch-up of a lagging segment.
 */
export function replacementOf(m: Membership, slot: number): readonly [number, number] | undefined {
  const replacements = m.replacements;
  for (let i = 0; i < replacements.length; i++) {
    const pair = replacements[i]!;
    if (pair[0] === slot || pair[1] === slot) return pair;
  }
  return undefined;
}

export function revertReplacement(m: Membership, from: number): Membership {
  return { epoch: m.epoch + 1, base: m.base, replacements: m.replacements.filter(([f]) => f !== from) };
}

/** The lowest slot no member set uses, or -1. */
export function freeSlot(m: Membership): number {
  const used = memberMask(m);
  for (let slot = 0; slot < MAX_SLOTS; slot++) if ((used & (1 << slot)) === 0) return slot;
  return -1;
}

/** Packs the pending replacements into one integer (base-64 digits of from*8+to), for traces. */
export function encodeReplacements(m: Membership): number {
  let code = 0;
  let place = 1;
  for (const [from, to] of m.replacements) {
    code += (from * MAX_SLOTS + to + 1) * place;
    place *= 64;
  }
  return code;
}

/** The pending replacements `encodeReplacements` packed, as [from slot, to slot] pairs. */
export function decodeReplacements(code: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let rest = code; rest > 0; rest = Math.floor(rest / 64)) {
    const digit = (rest % 64) - 1;
    pairs.push([Math.floor(digit / MAX_SLOTS), digit % MAX_SLOTS]);
  }
  return pairs;
}

function formatSet(set: number): string {
  let text = '';
  for (let slot = 0; slot < MAX_SLOTS; slot++) if (set & (1 << slot)) text += String.fromCharCode(65 + slot);
  return text;
}

/**
 * The current membership of every PG with its quorum system, written by the control plane
 * and read by the writer, its storage driver and recovery. Arrays indexed by slot use the
 * stride MAX_SLOTS.
 */
export class PgMemberships {
  private readonly memberships: Membership[];
  private readonly quorums: QuorumSystem[];
  private readonly masks: number[];
  private readonly stamps: MembershipStamp[];
  /** Per (pg, slot): the membership epoch at which the slot's present occupant joined (0: from the start). */
  private readonly joined: Float64Array;
  private readonly write: number;
  private readonly read: number;

  constructor(protectionGroups: number, members: number, quorum: QuorumConfig) {
    this.write = quorum.write;
    this.read = quorum.read;
    const initial = initialMembership(members);
    this.memberships = new Array<Membership>(protectionGroups).fill(initial);
    const system = membershipQuorum(initial, quorum.write, quorum.read);
    this.quorums = new Array<QuorumSystem>(protectionGroups).fill(system);
    this.masks = new Array<number>(protectionGroups).fill(memberMask(initial));
    this.stamps = new Array<MembershipStamp>(protectionGroups).fill({ epoch: initial.epoch, members: memberMask(initial) });
    this.joined = new Float64Array(protectionGroups * MAX_SLOTS);
  }

  /**
   * Whether a message a segment of `slot` sent while it knew membership epoch `epoch` comes
   * from the slot's present occupant. Slots are reused: a late answer from a segment that left
   * the PG must not be credited to the new segment in its slot (it holds none of that).
   */
  fromPresentOccupant(pg: number, slot: number, epoch: number): boolean {
    return epoch >= this.joined[pg * MAX_SLOTS + slot]!;
  }

  /** What requests to the PG carry. */
  stamp(pg: number): MembershipStamp {
    return this.stamps[pg]!;
  }

  of(pg: number): Membership {
    return this.memberships[pg]!;
  }

  quorum(pg: number): QuorumSystem {
    return this.quorums[pg]!;
  }

  /** Slots that receive the PG's writes. */
  mask(pg: number): number {
    return this.masks[pg]!;
  }

  set(pg: number, membership: Membership): void {
    const added = memberMask(membership) & ~this.masks[pg]!;
    for (let slot = 0; slot < MAX_SLOTS; slot++) if ((added & (1 << slot)) !== 0) this.joined[pg * MAX_SLOTS + slot] = membership.epoch;
    this.memberships[pg] = membership;
    this.quorums[pg] = membershipQuorum(membership, this.write, this.read);
    this.masks[pg] = memberMask(membership);
    this.stamps[pg] = { epoch: membership.epoch, members: this.masks[pg]! };
  }
}
