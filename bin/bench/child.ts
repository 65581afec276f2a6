/**
 * Runs one measurement as a fresh child process and reads the one JSON line it prints (every
 * engine, ours and the peers, prints exactly one). Optionally samples the child's resident
 * set size from /proc while it runs, to show memory over time (the one-hour run): a sample is
 * taken from outside, so the measured program needs no hook and pays nothing for it.
 *
 * It also says how much of the machine other work took while the child ran: the CPU time the
 * whole machine spent busy (/proc/stat, steal included: a VM's host taking its CPUs), minus
 * what this process and its reaped children spent (/proc/self/stat). A load average cannot
 * tell this: it still counts the previous measurement's processes for a minute after they end.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface ChildSpec {
  readonly argv: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutS: number;
  /** Sample the child's RSS every this many ms (Linux /proc only). */
  readonly sampleRssMs?: number;
}

export interface ChildOutcome {
  /** The parsed JSON line, when the child printed one and exited 0. */
  readonly record?: Record<string, unknown>;
  /** Why there is no record. */
  readonly error?: string;
  /** The child ran out of its time and was killed. */
  readonly timedOut?: true;
  /** [seconds since start, RSS in KB] pairs, when sampling was asked for. */
  readonly rssSamples?: (readonly [number, number])[];
  readonly elapsedS: number;
  /** CPUs busy with work other than this bench's own, on average over the run (Linux only). */
  readonly othersCpus?: number;
}

/** CPU seconds: the machine's busy time, and this process's own plus its reaped children's. */
interface CpuSnapshot {
  readonly machineBusyS: number;
  readonly oursS: number;
}

/** Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux's usual builds). */
const TICKS = 100;

function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is within user)
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const busy = cpu.reduce((sum, ticks) => sum + ticks, 0) - cpu[3]! - cpu[4]!;
    // Fields after the command's closing parenthesis: state is field 3, utime..cstime are 14..17.
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
    const ours = fields.slice(11, 15).map(Number).reduce((sum, ticks) => sum + ticks, 0);
    return { machineBusyS: busy / TICKS, oursS: ours / TICKS };
  } catch {
    return undefined;
  }
}

/** CPUs that others kept busy between two snapshots `seconds` apart, never below zero. */
function othersBetween(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined, seconds: number): number | undefined {
  if (a === undefined || b === undefined || seconds <= 0) return undefined;
  const others = b.machineBusyS - a.machineBusyS - (b.oursS - a.oursS);
  return Math.max(0, others / seconds);
}

/** The RSS of a live process in KB, from /proc/<pid>/status; undefined where unavailable. */
export function readRssKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

export function runChild(spec: ChildSpec): Promise<ChildOutcome> {
  const [command, ...args] = spec.argv;
  if (command === undefined) return Promise.resolve({ error: 'empty command', elapsedS: 0 });
  const started = performance.now();
  const before = cpuSnapshot();
  const elapsed = (): number => (performance.now() - started) / 1e3;
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      env: spec.env ?? process.env,
      cwd: spec.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const samples: (readonly [number, number])[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutS * 1e3);
    const sampler =
      spec.sampleRssMs !== undefined && child.pid !== undefined
        ? setInterval(() => {
            const kb = readRssKb(child.pid!);
            if (kb !== undefined) samples.push([Number(elapsed().toFixed(2)), kb]);
          }, spec.sampleRssMs)
        : undefined;
    const finish = (outcome: Omit<ChildOutcome, 'elapsedS' | 'rssSamples' | 'othersCpus'>): void => {
      clearTimeout(killer);
      if (sampler !== undefined) clearInterval(sampler);
      const seconds = elapsed();
      const others = othersBetween(before, cpuSnapshot(), seconds);
      resolve({
        ...outcome,
        elapsedS: seconds,
        ...(others === undefined ? {} : { othersCpus: Number(others.toFixed(2)) }),
        ...(sampler !== undefined ? { rssSamples: samples } : {}),
      });
    };
    child.on('error', (err) => finish({ error: `cannot start ${command}: ${err.message}` }));
    child.on('close', (code, signal) => {
      if (timedOut) return finish({ error: `timed out after ${spec.timeoutS} s`, timedOut: true });
      const line = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop();
      let record: Record<string, unknown> | undefined;
      if (line !== undefined) {
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          record = undefined;
        }
      }
      if (record !== undefined && typeof record['error'] === 'string') return finish({ error: record['error'] });
      if (code !== 0 || record === undefined) {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        return finish({ error: `exit ${code ?? signal}${tail ? `: ${tail}` : ''}` });
      }
      finish({ record });
    });
  });
}
