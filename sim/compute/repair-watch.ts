/**
 * The writer's watch over its segments, for repair (A17 §2.2-2.3, A18 §4): a segment whose SCL
 * has stayed behind its PG's PGCL for the detection time is reported suspect — it is down,
 * lost its data, or is too slow to keep up (heat management marks such a segment bad on
 * purpose) — and the control plane starts replacing it. A segment of a pending replacement
 * that was behind and has caught up is reported too: a new segment ready to complete its
 * replacement, or a returning one that lets the replacement be reverted. (Other segments
 * catch up all the time, each time PGCL passes them; nobody needs to hear of it.)
 *
 * Only the writer sees every segment's progress, through acknowledgements, so the watch lives
 * here; the papers leave the trigger open (PROTOCOL.md §14.3 item 10).
 *
 * A segment's lag is only evidence while the writer could have heard it catch up. While the
 * writer's host is paused (`pause`/`resume`) nothing it sends or receives moves, so the watch
 * reports nothing, and on resuming it moves every lag start forward by the length of the
 * pause: time the writer spent frozen counts against no segment.
 */
import type { Loop } from '../core/loop.ts';
import { replacementOf, type PgMemberships } from '../quorum/membership.ts';
import { MAX_SLOTS } from '../topology/topology.ts';

export interface RepairWatchOptions {
  /** Lag longer than this makes a segment suspect, µs. */
  readonly detection: number;
  readonly onSuspect: (pg: number, slot: number) => void;
  readonly onCaughtUp: (pg: number, slot: number) => void;
}

export class RepairWatch {
  /** Since when each (pg, slot) has been behind its PGCL, or -1. */
  private readonly laggingSince: Float64Array;
  private stopped = false;
  /** When the writer's host was paused, or -1 while it runs. */
  private pausedAt = -1;
  /** How often lagging segments are checked: a quarter of the detection time. */
  private readonly tickInterval: number;
  private readonly loop: Loop;
  private readonly memberships: PgMemberships;
  private readonly options: RepairWatchOptions;

  constructor(loop: Loop, memberships: PgMemberships, protectionGroups: number, options: RepairWatchOptions) {
    this.loop = loop;
    this.memberships = memberships;
    this.options = options;
    this.laggingSince = new Float64Array(protectionGroups * MAX_SLOTS).fill(-1);
    this.tickInterval = Math.max(1, Math.floor(options.detection / 4));
    loop.after(this.tickInterval, this.onTick);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Whether the writer's host is frozen (between `pause` and `resume`). */
  get paused(): boolean {
    return this.pausedAt >= 0;
  }

  /** The writer's host froze: no acknowledgement can reach it until `resume`. */
  pause(): void {
    if (this.pausedAt < 0) this.pausedAt = this.loop.now;
  }

  /** The writer's host runs again: the frozen time is taken off every lag so far. */
  resume(): void {
    if (this.pausedAt < 0) return;
    const { pausedAt } = this;
    const now = this.loop.now;
    this.pausedAt = -1;
    // A lag begun during the pause (a membership change added a slot) starts now.
    const lagging = this.laggingSince;
    for (let index = 0; index < lagging.length; index++) {
      const since = lagging[index]!;
      if (since >= 0) lagging[index] = since < pausedAt ? since + (now - pausedAt) : now;
    }
  }

  /**
   * A new writer inherits changes in progress: both ends of every pending replacement count
   * as lagging, so the first of them to catch up completes (or reverts) the change. Without
   * this, a segment that hydrated while there was no writer would never be noticed.
   */
  watchPending(protectionGroups: number): void {
    for (let pg = 0; pg < protectionGroups; pg++) {
      for (const [from, to] of this.memberships.of(pg).replacements) {
        this.laggingSince[pg * MAX_SLOTS + from] = this.loop.now;
        this.laggingSince[pg * MAX_SLOTS + to] = this.loop.now;
      }
    }
  }

  /**
   * A slot joined its PG as the new end of a replacement: it lags until an acknowledgement
   * shows it caught up. Not left to `onAck`: during a recovery the writer has no PGCL yet (0),
   * an empty segment would not count as behind it, and its catching up, which the recovery may
   * be waiting on, would never be reported.
   */
  watch(pg: number, slot: number): void {
    const index = pg * MAX_SLOTS + slot;
    if (this.laggingSince[index]! < 0) this.laggingSince[index] = this.loop.now;
  }

  /** A segment reported `scl` while its PG's PGCL is `pgcl`. */
  onAck(pg: number, slot: number, scl: number, pgcl: number): void {
    const index = pg * MAX_SLOTS + slot;
    if (scl >= pgcl) {
      if (this.laggingSince[index]! >= 0) {
        this.laggingSince[index] = -1;
        if (replacementOf(this.memberships.of(pg), slot) !== undefined) this.options.onCaughtUp(pg, slot);
      }
    } else if (this.laggingSince[index]! < 0) {
      this.laggingSince[index] = this.loop.now;
    }
  }

  /** PGCL moved: every member whose known SCL is now behind starts lagging. */
  onPgcl(pg: number, pgcl: number, sclKnown: Float64Array): void {
    // Locals and a walk over the member bits only: this runs on every PGCL move.
    const lagging = this.laggingSince;
    const now = this.loop.now;
    for (let index = pg * MAX_SLOTS, bits = this.memberships.mask(pg); bits !== 0; index++, bits >>>= 1) {
      if ((bits & 1) !== 0 && sclKnown[index]! < pgcl && lagging[index]! < 0) lagging[index] = now;
    }
  }

  private readonly onTick = (): void => {
    if (this.stopped) return;
    this.loop.after(this.tickInterval, this.onTick);
    if (this.pausedAt >= 0) return;
    const now = this.loop.now;
    for (let index = 0; index < this.laggingSince.length; index++) {
      const since = this.laggingSince[index]!;
      if (since < 0 || now - since < this.options.detection) continue;
      const pg = Math.floor(index / MAX_SLOTS);
      const slot = index % MAX_SLOTS;
      if ((this.memberships.mask(pg) & (1 << slot)) !== 0) this.options.onSuspect(pg, slot);
    }
  };
}
