/**
 * I-4: VDL is always a CPL (the last record of some MTR) and never above its writer's VCL
 * (A17 §4.1, A18 §3.3) — also the VDL a recovery computes. A VDL inside an MTR would let a
 * recovery keep half an MTR.
 */
import type { ModelTrace } from '../protocol/trace-kinds.ts';
import type { InvariantResult } from './results.ts';
import { ViolationLog, type Checker } from './checker.ts';
import { LsnFlags } from './lsn-flags.ts';

export class VdlBounds implements Checker {
  readonly name = 'vdl-is-cpl-below-vcl';
  private readonly log = new ViolationLog();
  /** Every CPL ever allocated. */
  private readonly cpls = new LsnFlags();
  private readonly vclByEpoch = new Map<number, number>();

  attach(trace: ModelTrace): void {
    trace.on({
      alloc: (_time, { lsn, cpl }) => {
        if (cpl === 1) this.cpls.add(lsn);
      },
      vcl: (_time, { lsn, epoch }) => void this.vclByEpoch.set(epoch, lsn),
      'recovery.read': (time, { epoch, vcl, vdl }) => {
        this.vclByEpoch.set(epoch, vcl);
        this.checkVdl(time, vdl, epoch);
      },
      vdl: (time, { lsn, epoch }) => this.checkVdl(time, lsn, epoch),
    });
  }

  finish(): InvariantResult {
    return this.log.result(this.name);
  }

  private checkVdl(time: number, vdl: number, epoch: number): void {
    if (vdl !== 0 && !this.cpls.has(vdl)) this.log.report(time, `VDL ${vdl} (epoch ${epoch}) is not the last record of an MTR`);
    const vcl = this.vclByEpoch.get(epoch) ?? 0;
    if (vdl > vcl) this.log.report(time, `VDL ${vdl} is above VCL ${vcl} (epoch ${epoch})`);
  }
}
