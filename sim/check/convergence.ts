/**
 * The converge phase (liveness, after TigerBeetle's VOPR and Jepsen's final generators): once
 * the last fault has healed, the cluster must be whole again within a bound — writes are
 * acknowledged again and every segment of every PG holds every record its PG had made
 * durable by the heal. A run that does not get there in time is inconclusive (exit 3), not
 * passed: safety held, but recovery did not finish. Nor is a run whose last fault heals only
 * at or after its end: there was no time after the heal to look at, and the detail says so.
 *
 * A segment whose data was lost on a cluster with no spare storage node (as many nodes as
 * segments per PG) can never be rebuilt — repair has nowhere to place its replacement — so it
 * is left out of "whole" (`rebuildable: false`); the detail says how many were. With spare
 * nodes, every lost segment must be replaced in time like any other.
 *
 * Writes working again is seen, not assumed: at a low rate (a shrink lowers it to 1/s) no
 * client may write within the bound, and the detail then says so rather than blame recovery.
 *
 * A fault that a state triggers is not known before the run: when one starts and ends after
 * the heal, `healLater` moves the heal and the watch starts over from there.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import { MAX_SLOTS } from '../topology/topology.ts';
import type { SclView } from './scl-mirror.ts';

export interface Convergence {
  readonly healedAt: number;
  readonly convergedAt: number | undefined;
  readonly ok: boolean;
  readonly detail: string;
}

export class ConvergenceWatch {
  private healAt: number;
  private readonly within: number;
  private readonly mirror: SclView;
  private readonly members: (pg: number) => number;
  private readonly rebuildable: boolean;
  /** Segments lost for good (no spare node), as pg * MAX_SLOTS + slot. */
  private readonly lostForGood = new Set<number>();
  private readonly pgcl: Float64Array;
  private targets: Float64Array | undefined;
  private committedAfterHeal = false;
  /** When a client first wrote after the heal; undefined while none has. */
  private firstSubmitAfterHeal: number | undefined;
  private convergedAt: number | undefined;

  constructor(
    options: { healAt: number; within: number; protectionGroups: number; members: (pg: number) => number; rebuildable: boolean },
    mirror: SclView,
  ) {
    this.healAt = options.healAt;
    this.within = options.within;
    this.members = options.members;
    this.rebuildable = options.rebuildable;
    this.mirror = mirror;
    this.pgcl = new Float64Array(options.protectionGroups);
  }

  attach(trace: ModelTrace): void {
    const progress = (time: number): void => {
      this.arm(time);
      if (this.watching()) this.check(time);
    };
    trace.on({
      // Kept past the heal too, in case a later fault moves the heal (`healLater`).
      pgcl: (time, { pg, lsn }) => {
        this.arm(time);
        this.pgcl[pg] = lsn;
      },
      // Read only by the detail: one comparison per transaction, and no arming (the targets stay those of the first model event after the heal).
      'txn.submit': (time) => {
        if (this.firstSubmitAfterHeal === undefined && time >= this.healAt) this.firstSubmitAfterHeal = time;
      },
      commit: (time) => {
        this.arm(time);
        if (!this.watching()) return;
        this.committedAfterHeal = true;
        this.check(time);
      },
      scl: progress,
      'segment.volume': progress,
      'segment.hydrated': progress,
      membership: progress,
      'segment.wipe': (time, { pg, segment }) => {
        if (!this.rebuildable) this.lostForGood.add(pg * MAX_SLOTS + segment);
        this.arm(time);
      },
    });
  }

  /** At the first event at or after the heal: the PGCLs to reach are those of that moment. */
  private arm(time: number): void {
    if (this.convergedAt === undefined && time >= this.healAt && this.targets === undefined) this.targets = this.pgcl.slice();
  }

  /** Armed and not converged yet. */
  private watching(): boolean {
    return this.convergedAt === undefined && this.targets !== undefined;
  }

  /** A fault that ends at `healAt`, after the heal so far, has started: converge from then. */
  healLater(healAt: number): void {
    if (healAt <= this.healAt) return;
    this.healAt = healAt;
    this.targets = undefined;
    this.committedAfterHeal = false;
    this.firstSubmitAfterHeal = undefined;
    this.convergedAt = undefined;
  }

  result(end: number): Convergence {
    const deadline = this.healAt + this.within;
    const ok = this.convergedAt !== undefined && this.convergedAt <= deadline;
    return { healedAt: this.healAt, convergedAt: this.convergedAt, ok, detail: this.detail(end, deadline) };
  }

  /** What happened, in words; a heal at or after the end of the run was never seen. */
  private detail(end: number, deadline: number): string {
    const lost = this.lostForGood.size === 0 ? '' : `; ${this.lostForGood.size} segments lost for good (no spare node to rebuild them on) left out`;
    // A converge phase that ran out (converged late, or never) with nobody writing says so: no commit could show writes work.
    const idle = this.firstSubmitAfterHeal === undefined || this.firstSubmitAfterHeal > deadline
      ? ': no client wrote within the bound, so nothing showed that writes work again; raise workload.rate or lengthen convergeWithin'
      : '';
    if (this.convergedAt !== undefined) {
      const late = this.convergedAt > deadline ? idle : '';
      return `converged ${this.convergedAt - this.healAt}us after the last fault healed (bound ${this.within}us)${late}${lost}`;
    }
    if (this.healAt > end) {
      return `not checked: the last fault is still active when the run ends at ${end}us (it heals at ${this.healAt}us); lengthen the run to ${deadline}us`;
    }
    if (this.healAt === end) {
      return `not checked: the last fault lasts until the run ends at ${end}us; give it a \`for\` that ends before the run does`;
    }
    if (end < deadline) return `not converged when the run ended, ${end - this.healAt}us after the heal (bound ${this.within}us): lengthen the run`;
    return `not converged within ${this.within}us of the heal${idle}`;
  }

  private check(time: number): void {
    if (!this.committedAfterHeal) return;
    const targets = this.targets!;
    for (let pg = 0; pg < targets.length; pg++) {
      const mask = this.members(pg);
      for (let s = 0; s < MAX_SLOTS; s++) {
        if ((mask & (1 << s)) !== 0 && this.mirror.scl(pg, s) < targets[pg]! && !this.lostForGood.has(pg * MAX_SLOTS + s)) return;
      }
    }
    this.convergedAt = time;
  }
}
