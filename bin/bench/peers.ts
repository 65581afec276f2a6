/**
 * The peer simulators the bench runs beside aurora-sim, if they are installed: the bare
 * JavaScript reference kernel (`js/ref.mjs` of the peers' folder), SimPy 3 on Debian's CPython,
 * and ns-3's core built into $DESPEERS/bin/ns3_models (default /tmp/despeers) from the peers'
 * `cpp/ns3_models.cc`. The peers' folder is `$BENCH_PEERS`; unset, `shared/bench/peers` beside
 * the checkout. They are measuring instruments, not dependencies: a missing peer becomes a
 * "not installed" column with what installs it, never a failure, and nothing in `npm test` or
 * CI needs them. Their code is not part of the project; the bench only runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PeerStatus {
  readonly available: boolean;
  /** Version or path, when available; why not, otherwise. */
  readonly detail: string;
  /** How to install it, when it is not available. */
  readonly install?: string;
}

export interface Peers {
  /** The peers' scripts and sources ($BENCH_PEERS), whether or not the folder exists. */
  readonly peersDir: string;
  readonly jsRef: PeerStatus & { readonly script: string };
  readonly simpy: PeerStatus & { readonly python: string };
  readonly ns3: PeerStatus & { readonly binary: string };
}

const PYTHON = '/usr/bin/python3'; // Debian's CPython, where python3-simpy3 lives (not pyenv's)

/** Finds the peers; builds the ns-3 peer with g++ if libns3-dev is there and the binary is not. */
export function detectPeers(repoRoot: string, log: (line: string) => void): Peers {
  const peersDir = process.env['BENCH_PEERS'] ?? resolve(repoRoot, '..', 'shared', 'bench', 'peers');
  const script = join(peersDir, 'js', 'ref.mjs');
  const jsRef = existsSync(script)
    ? { available: true, detail: script, script }
    : {
        available: false,
        detail: `${script} not found`,
        install: 'set BENCH_PEERS to the folder holding the peers (js/ref.mjs, py/simpy_models.py, cpp/ns3_models.cc)',
        script,
      };

  const probe = spawnSync(PYTHON, ['-c', 'import simpy; print(simpy.__version__)'], { encoding: 'utf8' });
  const simpy =
    probe.status === 0
      ? { available: true, detail: `SimPy ${probe.stdout.trim()} on ${PYTHON}`, python: PYTHON }
      : {
          available: false,
          detail: `import simpy failed under ${PYTHON}`,
          install: 'sudo apt-get install -y --no-install-recommends python3-simpy3',
          python: PYTHON,
        };

  const binary = join(process.env['DESPEERS'] ?? '/tmp/despeers', 'bin', 'ns3_models');
  const source = join(peersDir, 'cpp', 'ns3_models.cc');
  const ns3Install = 'sudo apt-get install -y --no-install-recommends libns3-dev g++ (the bench then builds the peer)';
  let ns3: Peers['ns3'];
  if (existsSync(binary)) {
    ns3 = { available: true, detail: binary, binary };
  } else if (!existsSync('/usr/include/ns3/core-module.h')) {
    ns3 = { available: false, detail: 'libns3-dev is not installed', install: ns3Install, binary };
  } else if (!existsSync(source)) {
    ns3 = { available: false, detail: `${source} not found`, install: jsRef.install ?? ns3Install, binary };
  } else {
    log(`building the ns-3 peer: g++ ... -o ${binary}`);
    mkdirSync(dirname(binary), { recursive: true });
    const built = spawnSync('g++', ['-O2', '-std=c++17', '-I/usr/include', source, '-o', binary, '-lns3-core'], {
      encoding: 'utf8',
    });
    ns3 =
      built.status === 0
        ? { available: true, detail: `${binary} (built now)`, binary }
        : {
            available: false,
            detail: `g++ failed: ${(built.stderr ?? String(built.error)).trim().split('\n').slice(-2).join(' | ')}`,
            install: ns3Install,
            binary,
          };
  }
  return { peersDir, jsRef, simpy, ns3 };
}
