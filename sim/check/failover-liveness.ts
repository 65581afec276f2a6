/**
 * Failover liveness: with failover on, a writer whose host is down (crashed, paused, or in an
 * AZ that is out) while another compute host is up must be replaced. From the moment the fault
 * layer says a failover is owed (`failover-owed`, from the injector: it knows which hosts are
 * down, the model does not say), a replica must be promoted within `bound`: failure detection,
 * plus up to two heartbeat intervals for the last heartbeat heard and the replica's own check,
 * plus a margin. A promotion answers it; if the writer it made is down too, the clock starts
 * again at the promotion. The writer's host coming back ends the obligation.
 *
 * Why a checker of its own: write-availability owes writes only while the writer's host is up,
 * so a failover that never happens left writes down with no invariant broken (a promoted
 * writer that died before the replicas heard of it went unreplaced for 28 s of a 30 s run).
 *
 * What it does not hold: how long the new writer's recovery takes (recoveryTime expectations
 * do), and whether a writer alive but cut off should be replaced (the model's policy is the
 * first replica to notice silence; PROTOCOL.md §8.4).
 */
import type { FailoverConfig } from '../compute/compute-config.ts';
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';

/** Beyond detection and two heartbeat intervals: the last heartbeat's way and a replica's own check. */
const MARGIN = 100_000;

/** The longest a failover may take once owed, µs; undefined when failover is off. */
export function failoverBound(failover: FailoverConfig): number | undefined {
  return failover.enabled ? failover.detection + 2 * failover.heartbeatInterval + MARGIN : undefined;
}

export class FailoverLiveness implements Checker {
  readonly name = 'failover-liveness';
  private readonly log = new ViolationLog();
  /** Longest a failover may take from being owed to the promotion, µs; undefined: failover is off. */
  private readonly bound: number | undefined;
  private owed = false;
  /** When the pending failover had to have happened by; undefined when none is pending. */
  private deadline: number | undefined;
  private since = 0;

  constructor(bound: number | undefined) {
    this.bound = bound;
  }

  attach(trace: ModelTrace): void {
    if (this.bound === undefined) return;
    const bound = this.bound;
    trace.on({
      'failover-owed': (time, { owed }) => {
        this.checkBy(time);
        this.owed = owed === 1;
        this.since = time;
        this.deadline = this.owed ? time + bound : undefined;
      },
      promote: (time) => {
        this.checkBy(time);
        this.since = time;
        this.deadline = this.owed ? time + bound : undefined;
      },
      phase: (time, { text }) => {
        if (text === 'end') this.checkBy(time);
      },
    });
  }

  /** A pending failover whose deadline passed before `time` is a violation, reported once. */
  private checkBy(time: number): void {
    if (this.deadline === undefined || time <= this.deadline) return;
    this.log.report(this.deadline, `no replica promoted within ${this.bound} us of the writer going down (owed since ${this.since} us)`);
    this.deadline = undefined;
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }
}
