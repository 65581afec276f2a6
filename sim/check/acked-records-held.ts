/**
 * I-2 against the facts: every record of every transaction a client was told committed is
 * physically held by storage (the storage inspector), not merely claimed by some SCL.
 *
 * - At every instant the run stays inside the failure model, each such record is held by at
 *   least one intact segment of its PG. Copies only disappear at a wipe, a truncation or a
 *   segment leaving its PG, so the check runs after each of those, once the instant they
 *   happened in is over (the failure model's verdict on that instant, the `failure-model`
 *   event, comes within the same instant).
 * - At the end of every recovery, each is held by a write quorum of its PG's current members:
 *   that is what the recovery's repair step promises before the new writer acknowledges
 *   anything (PROTOCOL.md §8.2 step 2). A segment that lost its data after
 *   the repair step began still counts: its acknowledgement may be what completed the quorum,
 *   and no writer can know of a loss that comes after the answer it read.
 * - At the end of the run, likewise for every PG whose members are all intact and settled (a
 *   PG still being repaired is the convergence watch's concern), and at least one intact copy
 *   everywhere.
 * While the faults are beyond the failure model, losses are not judged, and records lost then
 * are forgotten when the faults come back within it.
 *
 * "Acknowledged" comes from the clients' history (the workload), not from the writer; a
 * transaction's records are found from the `alloc` events of the writer that acknowledged it.
 * To bound memory, records every member of their PG has folded into page versions are
 * forgotten (losing those takes every member of the PG, far beyond the failure model).
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { MembershipMirror } from './membership-mirror.ts';
import { PgLsnLists } from './pg-lsn-lists.ts';
import type { ClientHistory, StorageInspector } from './storage-inspector.ts';

/** One writer's allocations, in LSN order: (lsn, pg) pairs not yet matched to an acknowledgement. */
interface EpochAllocations {
  lsns: number[];
  pgs: number[];
  head: number;
}

/** Marks an allocation matched to an acknowledgement. */
const TAKEN = -1;
/** How far behind the newest acknowledged record an unmatched allocation is still kept. */
const REORDER_WINDOW = 65_536;

/** Acknowledgements per PG between two attempts to forget what every member folded. */
const FORGET_EVERY = 4096;

export class AckedRecordsHeld implements Checker {
  readonly name = 'acked-records-held';
  private readonly log = new ViolationLog();
  private readonly inspector: StorageInspector;
  private readonly memberships: MembershipMirror;
  private readonly history: ClientHistory;
  private readonly protectionGroups: number;
  private readonly allocations = new Map<number, EpochAllocations>();
  /** Per PG: LSNs of acknowledged records still watched. */
  private readonly acked: PgLsnLists;
  private readonly sinceForget: Int32Array;
  /** PGs that lost copies in the instant `dirtyAt`, to check once that instant is over. */
  private readonly dirty = new Set<number>();
  private dirtyAt = -1;
  private withinModel = true;
  private now = 0;
  /** When the latest recovery's repair step began (its truncation was recorded). */
  private repairSince = 0;
  /** Per (pg, slot): when the segment there last lost its data, or -1. */
  private readonly wipedAt: Float64Array;

  constructor(inspector: StorageInspector, memberships: MembershipMirror, history: ClientHistory, protectionGroups: number) {
    this.inspector = inspector;
    this.memberships = memberships;
    this.history = history;
    this.protectionGroups = protectionGroups;
    this.acked = new PgLsnLists(protectionGroups);
    this.sinceForget = new Int32Array(protectionGroups);
    this.wipedAt = new Float64Array(protectionGroups * MAX_SLOTS).fill(-1);
  }

  attach(trace: ModelTrace): void {
    const dirty = (time: number, { pg }: { readonly pg: number }): void => {
      this.step(time);
      this.markDirty(time, pg);
    };
    trace.on({
      alloc: (time, { lsn, pg, epoch }) => {
        this.step(time);
        this.onAlloc(lsn, pg, epoch);
      },
      commit: (time) => {
        this.step(time);
        this.drain();
      },
      'segment.wipe': (time, { pg, segment }) => {
        this.step(time);
        this.wipedAt[pg * MAX_SLOTS + segment] = time;
        this.markDirty(time, pg);
      },
      'segment.volume': dirty,
      'segment.new': (time, { pg, segment }) => {
        this.step(time);
        this.wipedAt[pg * MAX_SLOTS + segment] = -1;
        this.markDirty(time, pg);
      },
      membership: dirty,
      'failure-model': (time, { within }) => {
        this.step(time);
        this.onModel(within === 1);
      },
      'recovery.done': (time) => {
        this.step(time);
        this.onRecovered(time);
      },
      truncate: (time) => {
        this.step(time);
        this.repairSince = time;
      },
    });
  }

  /** Before any event: checks the PGs dirtied in an instant that is now over. */
  private step(time: number): void {
    if (time > this.dirtyAt && this.dirty.size > 0) this.checkDirty();
    this.now = time;
  }

  finish(): InvariantResult {
    this.drain();
    if (this.dirty.size > 0) this.checkDirty();
    if (this.withinModel) {
      for (let pg = 0; pg < this.protectionGroups; pg++) {
        this.checkPg(this.now, pg, 'at the end of the run', this.settledAndIntact(pg) ? 'quorum' : 'one');
      }
    }
    return this.log.result(this.name);
  }

  private onAlloc(lsn: number, pg: number, epoch: number): void {
    let entry = this.allocations.get(epoch);
    if (entry === undefined) {
      entry = { lsns: [], pgs: [], head: 0 };
      this.allocations.set(epoch, entry);
    }
    entry.lsns.push(lsn);
    entry.pgs.push(pg);
  }

  /** Moves what clients were told since the last call into the per-PG lists. */
  private drain(): void {
    this.history.drainAcknowledged((commitLsn, records, epoch) => {
      const entry = this.allocations.get(epoch);
      const first = commitLsn - records + 1;
      const start = entry === undefined ? -1 : indexOf(entry, first);
      if (entry === undefined || start < 0) {
        this.log.report(this.now, `a client was told of commit ${commitLsn} of epoch ${epoch}, whose record ${first} no writer of that epoch allocated`);
        return;
      }
      for (let i = start, lsn = first; lsn <= commitLsn; lsn++, i++) {
        if (entry.lsns[i] !== lsn || entry.pgs[i] === TAKEN) {
          this.log.report(this.now, `a client was told of commit ${commitLsn} of epoch ${epoch}, but record ${lsn} was never allocated to it`);
          return;
        }
        this.watch(entry.pgs[i]!, lsn);
        entry.pgs[i] = TAKEN;
      }
      // Records far behind the newest acknowledged belong to transactions that will never be
      // acknowledged (aborted with their writer); a writer acknowledges in LSN order, and the
      // window leaves room for a defect that does not.
      while (entry.head < entry.lsns.length && (entry.pgs[entry.head] === TAKEN || entry.head < start - REORDER_WINDOW)) entry.head++;
      if (entry.head > 4096 && entry.head * 2 > entry.lsns.length) {
        entry.lsns = entry.lsns.slice(entry.head);
        entry.pgs = entry.pgs.slice(entry.head);
        entry.head = 0;
      }
    });
  }

  private watch(pg: number, lsn: number): void {
    this.acked.add(pg, lsn);
    if (++this.sinceForget[pg]! >= FORGET_EVERY) this.forgetFolded(pg);
  }

  private markDirty(time: number, pg: number): void {
    this.dirty.add(pg);
    this.dirtyAt = time;
  }

  private checkDirty(): void {
    this.drain();
    const pgs = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    if (!this.withinModel) return;
    for (const pg of pgs) this.checkPg(this.now, pg, 'while the faults stayed within the failure model', 'one');
  }

  private onModel(within: boolean): void {
    if (within && !this.withinModel) {
      // What was lost while the faults were beyond the model is not the protocol's fault.
      for (let pg = 0; pg < this.protectionGroups; pg++) this.forgetLost(pg);
    }
    this.withinModel = within;
  }

  private onRecovered(time: number): void {
    this.drain();
    if (!this.withinModel) return;
    for (let pg = 0; pg < this.protectionGroups; pg++) {
      this.checkPg(time, pg, 'when a recovery ended', 'quorum', this.lostSince(pg, this.repairSince));
    }
  }

  /**
   * Reports the first watched record of `pg` held by fewer intact segments than `need`: one,
   * or a write quorum of the PG's current members (counting the `credited` slots too).
   */
  private checkPg(time: number, pg: number, when: string, need: 'one' | 'quorum', credited = 0): void {
    const list = this.acked.list(pg);
    const system = this.memberships.system(pg);
    for (let i = this.acked.first(pg), end = this.acked.end(pg); i < end; i++) {
      const lsn = list[i]!;
      const holders = this.holders(pg, lsn);
      if (holders === 0) {
        this.log.report(time, `acknowledged record ${lsn} of pg ${pg} is held by no intact segment ${when}`);
        return;
      }
      if (need === 'quorum' && !system.isWrite((holders | credited) & this.memberships.mask(pg))) {
        this.log.report(time, `acknowledged record ${lsn} of pg ${pg} is not held by a write quorum ${when} (held by slots ${slotList(holders)})`);
        return;
      }
    }
  }

  /** Slots of `pg` whose segment lost its data at or after `since`, as a mask. */
  private lostSince(pg: number, since: number): number {
    let mask = 0;
    for (let slot = 0; slot < MAX_SLOTS; slot++) if (this.wipedAt[pg * MAX_SLOTS + slot]! >= since) mask |= 1 << slot;
    return mask;
  }

  /** The intact segments of `pg` that hold `lsn`, as a slot mask. */
  private holders(pg: number, lsn: number): number {
    let mask = 0;
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      const facts = this.inspector.segment(pg, slot);
      if (facts !== undefined && facts.intact && facts.holds(lsn)) mask |= 1 << slot;
    }
    return mask;
  }

  /** Every member of `pg` is on its node and intact, and no replacement is pending. */
  private settledAndIntact(pg: number): boolean {
    if (this.memberships.of(pg).replacements.length > 0) return false;
    const mask = this.memberships.mask(pg);
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      if ((mask & (1 << slot)) === 0) continue;
      const facts = this.inspector.segment(pg, slot);
      if (facts === undefined || !facts.intact) return false;
    }
    return true;
  }

  /** Drops watched records of `pg` that every member holds as page versions. */
  private forgetFolded(pg: number): void {
    this.sinceForget[pg] = 0;
    const mask = this.memberships.mask(pg);
    let point = Infinity;
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      if ((mask & (1 << slot)) === 0) continue;
      const facts = this.inspector.segment(pg, slot);
      if (facts === undefined || !facts.intact) return;
      point = Math.min(point, facts.coalescedPoint);
    }
    if (point !== Infinity) this.acked.forgetThrough(pg, point);
  }

  private forgetLost(pg: number): void {
    this.acked.keepOnly(pg, (lsn) => this.holders(pg, lsn) !== 0);
  }
}

function slotList(mask: number): string {
  const slots: number[] = [];
  for (let slot = 0; slot < MAX_SLOTS; slot++) if ((mask & (1 << slot)) !== 0) slots.push(slot);
  return slots.length === 0 ? 'none' : slots.join(', ');
}

/** Index of `lsn` among the epoch's kept allocations, or -1. */
function indexOf(entry: EpochAllocations, lsn: number): number {
  let low = entry.head;
  let high = entry.lsns.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entry.lsns[mid]! < lsn) low = mid + 1;
    else high = mid;
  }
  return low < entry.lsns.length && entry.lsns[low] === lsn ? low : -1;
}
