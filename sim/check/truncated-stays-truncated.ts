/**
 * I-7: a truncated record never comes back (A17 §4.3, A18 §2.4). Once a segment knows a
 * truncation range, it never again holds a record inside it, whether installed by a write,
 * filled by gossip or copied in by hydration; and no writer of the truncation's epoch or a
 * later one counts one (its PGCL, VCL and VDL never land inside a recorded range: after a
 * recovery they jump from the last surviving record to above the range's end).
 *
 * The holdings are read from the storage inspector: after each SCL move, the records that
 * the move chained (only those can be new in the chain); after each gossip fill and each
 * hydration, everything the segment holds in its known ranges.
 */
import type { ModelFields, ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import { ViolationLog, type Checker } from './checker.ts';
import type { StorageInspector } from './storage-inspector.ts';

export class TruncatedStaysTruncated implements Checker {
  readonly name = 'truncated-stays-truncated';
  private readonly log = new ViolationLog();
  private readonly inspector: StorageInspector;
  /** Per (pg, slot): the SCL at the previous check. */
  private readonly lastScl: Float64Array;
  /** Recorded truncations as (epoch, from, to) triples. */
  private readonly recorded: number[] = [];

  constructor(inspector: StorageInspector, protectionGroups: number) {
    this.inspector = inspector;
    this.lastScl = new Float64Array(protectionGroups * MAX_SLOTS);
  }

  attach(trace: ModelTrace): void {
    const emptied = (_time: number, { pg, segment }: ModelFields<'segment.wipe'>): void => {
      this.lastScl[pg * MAX_SLOTS + segment] = 0;
    };
    trace.on({
      scl: (time, { pg, segment, lsn }) => this.onScl(time, pg, segment, lsn),
      'segment.volume': (_time, { pg, segment, scl }) => void (this.lastScl[pg * MAX_SLOTS + segment] = scl),
      'segment.wipe': emptied,
      'segment.new': emptied,
      'gossip.fill': (time, { pg, segment }) => this.checkAll(time, pg, segment, 'a gossip fill'),
      'segment.hydrated': (time, { pg, segment, scl }) => {
        this.lastScl[pg * MAX_SLOTS + segment] = scl;
        this.checkAll(time, pg, segment, 'a hydration');
      },
      truncate: (_time, { epoch, from, to }) => void this.recorded.push(epoch, from, to),
      pgcl: (time, { pg, lsn, epoch }) => this.checkCount(time, 'pgcl', pg, lsn, epoch),
      vcl: (time, { lsn, epoch }) => this.checkCount(time, 'vcl', -1, lsn, epoch),
      vdl: (time, { lsn, epoch }) => this.checkCount(time, 'vdl', -1, lsn, epoch),
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  /** The chain grew over (last, scl]: none of it may lie in a range the segment knows. */
  private onScl(time: number, pg: number, slot: number, scl: number): void {
    const index = pg * MAX_SLOTS + slot;
    const last = this.lastScl[index]!;
    this.lastScl[index] = scl;
    // A segment learns ranges only from recoveries' volume states, each recorded by a `truncate`
    // event first: until one is, no segment knows a range, and an SCL event costs nothing more.
    if (scl <= last || this.recorded.length === 0) return;
    const facts = this.inspector.segment(pg, slot);
    if (facts === undefined) return;
    const ranges = facts.volume.truncations;
    for (let i = 0; i < ranges.length; i += 2) {
      const from = Math.max(ranges[i]!, last);
      const to = Math.min(ranges[i + 1]!, scl);
      if (from < to && facts.holdsAnyIn(from, to)) {
        this.log.report(time, `pg ${pg} segment ${slot} chained a record in its known truncation (${ranges[i]}, ${ranges[i + 1]}] (SCL ${scl})`);
        return;
      }
    }
  }

  private checkAll(time: number, pg: number, slot: number, how: string): void {
    const facts = this.inspector.segment(pg, slot);
    if (facts === undefined) return;
    const ranges = facts.volume.truncations;
    for (let i = 0; i < ranges.length; i += 2) {
      if (facts.holdsAnyIn(ranges[i]!, ranges[i + 1]!)) {
        this.log.report(time, `pg ${pg} segment ${slot} holds a record in its known truncation (${ranges[i]}, ${ranges[i + 1]}] after ${how}`);
        return;
      }
    }
  }

  /** A consistency point of the writer of `epoch` must not count a record an epoch up to its own truncated. */
  private checkCount(time: number, kind: string, pg: number, lsn: number, epoch: number): void {
    const t = this.recorded;
    for (let i = 0; i < t.length; i += 3) {
      if (t[i]! <= epoch && lsn > t[i + 1]! && lsn <= t[i + 2]!) {
        const what = pg < 0 ? kind.toUpperCase() : `PGCL of pg ${pg}`;
        this.log.report(time, `${what} ${lsn} of epoch ${epoch} lies in the range (${t[i + 1]}, ${t[i + 2]}] epoch ${t[i]} truncated`);
        return;
      }
    }
  }
}
