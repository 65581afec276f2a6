/**
 * The checkers' view of every PG's membership, rebuilt from `membership` trace events: the
 * current member sets and the quorum system they imply. Checkers that judge "is this a
 * quorum" use it, so they follow repairs exactly as the protocol does.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import {
  decodeReplacements, initialMembership, memberMask, membershipQuorum, type Membership,
} from '../quorum/membership.ts';
import type { QuorumSystem } from '../quorum/quorum-system.ts';
import type { QuorumConfig } from '../quorum/quorum-config.ts';

export class MembershipMirror {
  private readonly memberships: Membership[];
  private readonly systems: QuorumSystem[];
  private readonly settled: QuorumSystem[];
  /** Every slot of some member set, per PG: kept, not derived per call (the SCL mirror asks often). */
  private readonly masks: number[];
  private readonly quorum: QuorumConfig;
  private readonly listeners: ((pg: number, before: Membership, after: Membership, time: number) => void)[] = [];

  constructor(protectionGroups: number, members: number, quorum: QuorumConfig) {
    this.quorum = quorum;
    const initial = initialMembership(members);
    this.memberships = new Array<Membership>(protectionGroups).fill(initial);
    this.systems = new Array<QuorumSystem>(protectionGroups).fill(membershipQuorum(initial, quorum.write, quorum.read));
    this.settled = [...this.systems];
    this.masks = new Array<number>(protectionGroups).fill(memberMask(initial));
  }

  /** Subscribe before the checkers that read it. */
  attach(trace: ModelTrace): void {
    trace.on({
      membership: (time, { pg, epoch, base, replacements }) => {
        const before = this.memberships[pg]!;
        const after: Membership = { epoch, base, replacements: decodeReplacements(replacements) };
        this.memberships[pg] = after;
        this.masks[pg] = memberMask(after);
        this.systems[pg] = membershipQuorum(after, this.quorum.write, this.quorum.read);
        this.settled[pg] = membershipQuorum({ ...after, replacements: [] }, this.quorum.write, this.quorum.read);
        for (const listener of this.listeners) listener(pg, before, after, time);
      },
    });
  }

  /** Called on every change, with the membership before and after. */
  onChange(listener: (pg: number, before: Membership, after: Membership, time: number) => void): void {
    this.listeners.push(listener);
  }

  of(pg: number): Membership {
    return this.memberships[pg]!;
  }

  system(pg: number): QuorumSystem {
    return this.systems[pg]!;
  }

  /**
   * The quorum system of the PG's settled members only. New members of a pending change hold
   * nothing until hydrated, so judging copies made before the change against sets that
   * include them would call durable data lost; adding an empty member destroys no copy.
   */
  settledSystem(pg: number): QuorumSystem {
    return this.settled[pg]!;
  }

  mask(pg: number): number {
    return this.masks[pg]!;
  }
}
