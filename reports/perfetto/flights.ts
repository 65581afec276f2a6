/**
 * Records in flight and the arrows to their acknowledgements, from the hashed trace alone (the
 * batches that carry them, from the I/O detail, are batches.ts): one record at a time per PG,
 * a slice on the writer's `pg N in flight` thread from the record's `alloc` until the writer's
 * PGCL of that PG covers it (a write quorum of its segments holds it and everything before
 * it), and a flow arrow from that slice to each segment's `scl` event that first covers the
 * record (the segment persisted it), on that segment's thread. Each arrow has its own id (the
 * record's, times the slots, plus the segment's slot): a viewer closes a flow at its first
 * end, so one start shared by six ends would draw one arrow. An arrow's start is written only
 * once its end is, so a record no segment covered in the window has none.
 *
 * Bounded: a PG follows a new record only once the last one's slice has ended, and no sooner
 * than `gap` after the last one began; it remembers the last `KEPT` records for the arrows of
 * segments that acknowledge after the quorum. A record whose epoch a newer writer replaced
 * before its PGCL moved ends there, `outcome: "abandoned"`.
 */
import { MAX_SLOTS } from '../../sim/index.ts';
import type { EventOut } from './out.ts';
import { THREAD, type Tracks } from './tracks.ts';

const KEPT = 4;
const FLOW = { name: 'ack', cat: 'write' } as const;

interface Flight {
  readonly id: number;
  readonly lsn: number;
  readonly epoch: number;
  readonly pid: number;
  readonly start: number;
  /** When its slice ended (NaN while open). */
  end: number;
  /** Slots whose acknowledgement has been drawn, as bits. */
  acked: number;
  /** Slots whose arrow's start is written (once the slice and that arrow's end are), as bits. */
  drawn: number;
}

export class Flights {
  private readonly out: EventOut;
  private readonly tracks: Tracks;
  private readonly gap: number;
  private readonly byPg: Flight[][];
  private readonly nextStart: number[];
  private ids = 0;

  constructor(out: EventOut, tracks: Tracks, gap: number) {
    this.out = out;
    this.tracks = tracks;
    this.gap = gap;
    const pgs = tracks.topology.protectionGroups;
    this.byPg = Array.from({ length: pgs }, () => []);
    this.nextStart = new Array<number>(pgs).fill(-Infinity);
  }

  alloc(time: number, lsn: number, pg: number, epoch: number): void {
    if (time < this.nextStart[pg]!) return;
    const flights = this.byPg[pg]!;
    const last = flights.at(-1);
    // One slice at a time on the PG's thread, and none starting as the last one ends.
    if (last !== undefined && !(last.end < time)) return;
    this.nextStart[pg] = time + this.gap;
    if (flights.length === KEPT) flights.shift();
    flights.push({ id: ++this.ids, lsn, epoch, pid: this.tracks.writerPid(epoch), start: time, end: NaN, acked: 0, drawn: 0 });
  }

  /** The writer of `epoch` moved the PGCL of `pg` to `lsn`. */
  pgcl(time: number, pg: number, lsn: number, epoch: number): void {
    const last = this.byPg[pg]!.at(-1);
    if (last !== undefined && Number.isNaN(last.end) && last.epoch === epoch && lsn >= last.lsn) this.close(pg, last, time, 'durable');
  }

  /** A segment's SCL moved to `lsn`. */
  scl(time: number, pg: number, slot: number, lsn: number): void {
    const flights = this.byPg[pg]!;
    if (flights.length === 0) return;
    const bit = 1 << slot;
    let first: Flight | undefined;
    let thread: readonly [number, number] | undefined;
    for (const flight of flights) {
      if ((flight.acked & bit) !== 0 || lsn < flight.lsn) continue;
      flight.acked |= bit;
      first ??= flight;
      thread ??= this.tracks.segment(pg, slot);
      if (flight === first) {
        this.out.slice(`scl >= ${flight.lsn}`, thread[0], thread[1], time, time, { pg, segment: slot, scl: lsn });
      }
      this.out.point({ ...FLOW, ph: 'f', bp: 'e', ts: time, pid: thread[0], tid: thread[1], id: arrowId(flight, slot) });
      if (!Number.isNaN(flight.end)) this.drawStarts(pg, flight);
    }
  }

  /** A newer writer took over at `epoch`: records of older epochs still in flight are abandoned. */
  superseded(time: number, epoch: number): void {
    this.byPg.forEach((flights, pg) => {
      const last = flights.at(-1);
      if (last !== undefined && Number.isNaN(last.end) && last.epoch < epoch) this.close(pg, last, time, 'abandoned');
    });
  }

  /** The end of the timeline: records still in flight end there. */
  finish(time: number): void {
    this.byPg.forEach((flights, pg) => {
      const last = flights.at(-1);
      if (last !== undefined && Number.isNaN(last.end)) this.close(pg, last, time, 'in flight at the end');
    });
  }

  private close(pg: number, flight: Flight, time: number, outcome: string): void {
    flight.end = time;
    const [pid, tid] = this.thread(pg, flight);
    this.out.slice(`lsn ${flight.lsn}`, pid, tid, flight.start, time, { pg, lsn: flight.lsn, epoch: flight.epoch, outcome });
    this.drawStarts(pg, flight);
  }

  /** The starts of arrows whose end is written, once the slice they bind to is: no arrow is left without an end. */
  private drawStarts(pg: number, flight: Flight): void {
    const todo = flight.acked & ~flight.drawn;
    if (todo === 0) return;
    flight.drawn |= todo;
    const [pid, tid] = this.thread(pg, flight);
    for (let slot = 0; slot < MAX_SLOTS; slot++) {
      if ((todo & (1 << slot)) !== 0) this.out.point({ ...FLOW, ph: 's', ts: flight.start, pid, tid, id: arrowId(flight, slot) });
    }
  }

  private thread(pg: number, flight: Flight): readonly [number, number] {
    return this.tracks.thread(flight.pid, THREAD.inFlight + pg, `pg ${pg} in flight`);
  }
}

function arrowId(flight: Flight, slot: number): number {
  return flight.id * MAX_SLOTS + slot;
}
