/**
 * The timeline's long slices: faults, on lanes of the cluster process (faults overlap, and
 * slices on one thread must nest), and recoveries with their phases, on the recovering host's
 * `recovery` thread. Each is written once it ends, or at the end of the timeline if it never
 * does (`outcome` says which).
 */
import type { EventOut } from './out.ts';
import { CLUSTER_PID, CLUSTER_THREAD, hostPid, THREAD, type Tracks } from './tracks.ts';

interface OpenFault {
  /** `<kind> <target>`, as the fault's end names it. */
  readonly name: string;
  readonly params: string;
  readonly start: number;
  readonly lane: number;
}

/** Faults from the trace's `fault` text: `start <kind> <target> [k=v ...]`, `end <kind> <target>`. */
export class Faults {
  private readonly out: EventOut;
  private readonly tracks: Tracks;
  private readonly open: OpenFault[] = [];
  private readonly busy: boolean[] = [];

  constructor(out: EventOut, tracks: Tracks) {
    this.out = out;
    this.tracks = tracks;
  }

  text(time: number, text: string): void {
    if (text.startsWith('start ')) this.start(time, text.slice('start '.length));
    else if (text.startsWith('end ')) this.end(time, text.slice('end '.length));
  }

  finish(time: number): void {
    for (const fault of [...this.open]) this.close(fault, time, 'still active at the end');
  }

  private start(time: number, body: string): void {
    const words = body.split(' ');
    const firstParam = words.findIndex((word, i) => i > 1 && word.includes('='));
    const name = (firstParam < 0 ? words : words.slice(0, firstParam)).join(' ');
    const params = firstParam < 0 ? '' : words.slice(firstParam).join(' ');
    let lane = this.busy.indexOf(false);
    if (lane < 0) lane = this.busy.push(false) - 1;
    this.busy[lane] = true;
    this.open.push({ name, params, start: time, lane });
  }

  private end(time: number, name: string): void {
    const fault = this.open.find((f) => f.name === name);
    if (fault !== undefined) this.close(fault, time, 'ended');
  }

  private close(fault: OpenFault, time: number, outcome: string): void {
    this.open.splice(this.open.indexOf(fault), 1);
    this.busy[fault.lane] = false;
    const lane = fault.lane === 0 ? 'faults' : `faults (${fault.lane + 1})`;
    const [pid, tid] = this.tracks.thread(CLUSTER_PID, CLUSTER_THREAD.faults + fault.lane, lane);
    this.out.slice(fault.name, pid, tid, fault.start, time, { ...(fault.params === '' ? {} : { params: fault.params }), outcome });
  }
}

interface OpenRecovery {
  readonly host: number;
  readonly epoch: number;
  readonly start: number;
  /** When the read quorum gave VCL and VDL (NaN before). */
  readAt: number;
  vcl: number;
  vdl: number;
}

/**
 * Recoveries: `recovery (epoch N)` from `recovery.start` to its end, with two phases inside
 * it, `fence + read quorum` (until `recovery.read`) and `truncate + repair` (until it ends), and
 * the truncation as an instant. It ends `completed` (`recovery.done`), `superseded`, `gave up`
 * (`recovery.lost-edge`, `recovery.stalled`), `abandoned` when a newer epoch's recovery starts,
 * or `unfinished` at the end. What is left out: the time to detect the failure, which the
 * trace only shows as the fault that caused it.
 */
export class Recoveries {
  private readonly out: EventOut;
  private readonly tracks: Tracks;
  private readonly open: OpenRecovery[] = [];

  constructor(out: EventOut, tracks: Tracks) {
    this.out = out;
    this.tracks = tracks;
  }

  start(time: number, host: number, epoch: number): void {
    for (const r of [...this.open]) {
      if (r.host === host || r.epoch < epoch) this.close(r, time, r.host === host ? 'interrupted' : 'abandoned');
    }
    this.open.push({ host, epoch, start: time, readAt: NaN, vcl: NaN, vdl: NaN });
  }

  read(time: number, epoch: number, vcl: number, vdl: number): void {
    const r = this.of(epoch);
    if (r === undefined) return;
    r.readAt = time;
    r.vcl = vcl;
    r.vdl = vdl;
  }

  truncate(time: number, epoch: number, from: number, to: number): void {
    const r = this.of(epoch);
    if (r === undefined) return;
    const [pid, tid] = this.thread(r.host);
    this.out.point({ name: 'truncate', ph: 'i', s: 't', ts: time, pid, tid, args: { epoch, from, to } });
  }

  end(time: number, epoch: number, outcome: string): void {
    const r = this.of(epoch);
    if (r !== undefined) this.close(r, time, outcome);
  }

  finish(time: number): void {
    for (const r of [...this.open]) this.close(r, time, 'unfinished');
  }

  private of(epoch: number): OpenRecovery | undefined {
    return this.open.find((r) => r.epoch === epoch);
  }

  private thread(host: number): readonly [number, number] {
    return this.tracks.thread(hostPid(host), THREAD.recovery, 'recovery');
  }

  /** The whole first, then its phases: a viewer nests slices that start together in that order. */
  private close(r: OpenRecovery, time: number, outcome: string): void {
    this.open.splice(this.open.indexOf(r), 1);
    const [pid, tid] = this.thread(r.host);
    const read = Number.isNaN(r.readAt) ? {} : { vcl: r.vcl, vdl: r.vdl };
    this.out.slice(`recovery (epoch ${r.epoch})`, pid, tid, r.start, time, { epoch: r.epoch, outcome, ...read });
    this.out.slice('fence + read quorum', pid, tid, r.start, Number.isNaN(r.readAt) ? time : r.readAt);
    if (!Number.isNaN(r.readAt)) this.out.slice('truncate + repair', pid, tid, r.readAt, time);
  }
}
