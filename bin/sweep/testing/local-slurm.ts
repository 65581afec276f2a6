/**
 * A throwaway single-node Slurm cluster for the test that submits a real `sbatch --array` job:
 * munged on a private socket, slurmctld and slurmd from Debian's slurm-wlm, all configured in a
 * temporary folder on free ports, so nothing of the machine's own Slurm (if any) is touched.
 * It needs Linux, root (slurmd runs jobs as their user) and the binaries; where any of that is
 * missing, or the daemons do not come up within a minute, `startLocalSlurm` says why instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir, availableParallelism } from 'node:os';
import { join } from 'node:path';

export interface LocalSlurm {
  /** The environment that points Slurm's commands at this cluster. */
  readonly env: Record<string, string>;
  readonly dir: string;
  /** Stops the daemons this started (by their pid files) and removes the folder. */
  stop(): void;
}

const BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'sinfo'];
const DAEMONS = ['slurmd', 'slurmctld', 'munged'];

/** The cluster, or why there can be none here. */
export async function startLocalSlurm(): Promise<LocalSlurm | string> {
  if (process.platform !== 'linux') return `Slurm runs on Linux, this is ${process.platform}`;
  const missing = BINARIES.filter((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0);
  if (missing.length > 0) return `Slurm is not installed (${missing.join(', ')} missing; Debian: apt-get install slurm-wlm)`;
  if (process.getuid?.() !== 0) return 'a private Slurm cluster needs root (slurmd starts jobs as their user)';
  const key = '/etc/munge/munge.key';
  if (!existsSync(key)) return `munge has no key (${key}); installing munge creates one`;
  const dir = mkdtempSync(join(tmpdir(), 'aurora-slurm-'));
  const [ctld, slurmd] = [await freePort(), await freePort()];
  const env = { SLURM_CONF: join(dir, 'slurm.conf') };
  writeFileSync(env.SLURM_CONF, config(dir, ctld, slurmd));
  for (const sub of ['state', 'spool']) mkdirSync(join(dir, sub));
  const cluster: LocalSlurm = { env, dir, stop: () => stop(dir) };
  const started = start(dir, key, env);
  if (started !== undefined) {
    cluster.stop();
    return started;
  }
  for (let i = 0; i < 60; i++) {
    const state = spawnSync('sinfo', ['-h', '-o', '%T'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    if (state.status === 0 && state.stdout.trim() === 'idle') return cluster;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const log = tail(join(dir, 'slurmctld.log')) + tail(join(dir, 'slurmd.log'));
  cluster.stop();
  return `the Slurm daemons did not come up within a minute:\n${log}`;
}

function config(dir: string, ctld: number, slurmd: number): string {
  const host = hostname();
  return [
    'ClusterName=aurora-sim-test',
    `SlurmctldHost=${host}`,
    `SlurmctldPort=${ctld}`,
    `SlurmdPort=${slurmd}`,
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${join(dir, 'munge.socket')}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'MpiDefault=none',
    'ReturnToService=2',
    `NodeName=${host} CPUs=${availableParallelism()} State=UNKNOWN`,
    `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
}

/** Starts the three daemons (each forks into the background); why not, if one fails. */
function start(dir: string, key: string, env: Record<string, string>): string | undefined {
  const commands: [string, string[]][] = [
    ['munged', [`--socket=${join(dir, 'munge.socket')}`, `--key-file=${key}`, `--pid-file=${join(dir, 'munged.pid')}`, `--log-file=${join(dir, 'munged.log')}`, `--seed-file=${join(dir, 'munged.seed')}`, '--force']],
    ['slurmctld', []],
    ['slurmd', []],
  ];
  for (const [command, args] of commands) {
    try {
      execFileSync(command, args, { env: { ...process.env, ...env }, stdio: 'pipe', timeout: 30_000 });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      return `${command} did not start: ${stderr.trim()}`;
    }
  }
  return undefined;
}

function stop(dir: string): void {
  const pids = DAEMONS.map((daemon) => join(dir, `${daemon}.pid`))
    .filter((file) => existsSync(file))
    .map((file) => Number(readFileSync(file, 'utf8').trim()))
    .filter((pid) => pid > 0);
  for (const pid of pids) signal(pid, 'SIGTERM');
  // Give them a few seconds to exit before their folder goes.
  for (let i = 0; i < 50 && pids.some((pid) => signal(pid, 0)); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  rmSync(dir, { recursive: true, force: true });
}

/** Sends a signal; false if the process is gone. */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').slice(-8).join('\n') : '';
}
