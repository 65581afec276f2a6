/**
 * Runs one measurement as a fresh child process and reads the one JSON line it prints (every
 * engine, ours and the peers, prints exactly one). Optionally samples the child's resident
 * set size from /proc while it runs, to show memory over time (the one-hour run): a sample is
 * taken from outside, so the measured program needs no hook and pays nothing for it.
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
    const finish = (outcome: Omit<ChildOutcome, 'elapsedS' | 'rssSamples'>): void => {
      clearTimeout(killer);
      if (sampler !== undefined) clearInterval(sampler);
      resolve({ ...outcome, elapsedS: elapsed(), ...(sampler !== undefined ? { rssSamples: samples } : {}) });
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
