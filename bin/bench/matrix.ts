/**
 * What the bench measures: the cases (a model at one size) and, for each, the engines that run
 * it side by side, with their command lines (the rows that follow how people use the
 * simulator, groups faults, fuzz and startup, are built in user-cases.ts). Every repetition runs every case on every engine
 * once, in this order (ours first, then the peers), so the machine's noise falls on all
 * engines alike and ratios can be taken within one repetition.
 *
 * Sizes follow the peers' own runner: hold runs 2e6 timed
 * events on the JS engines and ns-3 and 1e6 on SimPy; quorum 200,000 writes on the JS engines
 * and ns-3, 20,000 (proc) and 50,000 (cb) on SimPy. `--quick` shrinks everything for a smoke
 * test; its figures mean little.
 *
 * Our rows: `aurora-sim` draws from a bare sfc32 + Math.log, the same generator class as the
 * JS reference kernel, so the ratio compares engines; `aurora-sim sim-rng` draws from the
 * simulator's own Rng (alea) and portable log, which is what a model inside aurora-sim pays.
 */
import type { Peers } from './peers.ts';
import { buildUserCases, liveEvery, type UserCaseOptions } from './user-cases.ts';

export type Group = 'hold' | 'quorum' | 'quorum_to' | 'sim' | 'faults' | 'fuzz' | 'startup';
export const GROUPS: readonly Group[] = ['hold', 'quorum', 'quorum_to', 'sim', 'faults', 'fuzz', 'startup'];

/**
 * The figure a run is judged by: events/s (hold), writes/s (quorum), quorum writes/s (full
 * simulator), wall seconds of runScenario (az-outage), seeds per minute (fuzz), milliseconds
 * added to `node -e 0` (start-up).
 */
export type Metric = 'ev_per_s' | 'writes_per_s' | 'quorum_writes_per_s' | 'wall_s' | 'seeds_per_min' | 'added_ms';

export type PeerName = 'jsRef' | 'simpy' | 'ns3';

export interface EngineSpec {
  /** Row label, unique within a case. */
  readonly engine: string;
  /** Which peer this is (its availability decides whether it runs); undefined for ours. */
  readonly peer?: PeerName;
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly timeoutS: number;
  /** Run in the first repetition only (the long memory run). */
  readonly firstRepOnly?: boolean;
  readonly sampleRssMs?: number;
}

export interface BenchCase {
  readonly group: Group;
  /** e.g. 'hold N=1e5'. */
  readonly id: string;
  readonly metric: Metric;
  readonly engines: readonly EngineSpec[];
  /** What the case measures and at what time resolution, printed under its table. */
  readonly note: string;
  /** Engines of this case its rows are compared with in the table (default: the peers). */
  readonly references?: readonly { readonly engine: string; readonly label: string }[];
}

export interface MatrixOptions extends UserCaseOptions {
  readonly groups: ReadonlySet<Group>;
  readonly quick: boolean;
  /** How to start our model process: [node, compiled model-main.js] or [node, --import, tsx, model-main.ts]. */
  readonly ourModel: readonly string[];
  /** How to start our full-simulator process (sim-main). */
  readonly ourSim: readonly string[];
  readonly node: string;
  readonly peers: Peers;
  /** Absolute path of the steady-state scenario. */
  readonly steadyScenario: string;
  /** Simulated duration of the long memory runs, as a scenario duration ('3600s'). */
  readonly longDuration: string;
}

const fmtN = (n: number): string => (n >= 1000 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : String(n));

/** The ids of the cases, shared with the targets that name the cases they judge. */
export const CASE_ID = {
  hold: (n: number): string => `hold N=${fmtN(n)}`,
  quorum: 'quorum K=64',
  quorumTo: 'quorum_to K=64',
  steady: 'full simulator: steady-state',
  long: (duration: string): string => `full simulator: ${duration} at 5,000 txn/s`,
} as const;

export function buildMatrix(o: MatrixOptions): BenchCase[] {
  const cases: BenchCase[] = [];
  const { peers } = o;
  const js = (args: readonly string[]): readonly string[] => [o.node, peers.jsRef.script, ...args];
  const simpy = (args: readonly string[]): readonly string[] => [peers.simpy.python, `${peers.peersDir}/py/simpy_models.py`, ...args];
  const ns3 = (args: readonly string[]): readonly string[] => [peers.ns3.binary, ...args];
  const cwd = peers.peersDir;

  if (o.groups.has('hold')) {
    const sizes = o.quick ? [1000, 10_000] : [1000, 100_000, 1_000_000];
    const ev = o.quick ? 200_000 : 2_000_000;
    const evSimpy = o.quick ? 100_000 : 1_000_000;
    for (const n of sizes) {
      const big = n >= 1_000_000;
      const t = big ? 300 : 180;
      const size = ['--n', String(n)];
      cases.push({
        group: 'hold',
        id: CASE_ID.hold(n),
        metric: 'ev_per_s',
        note:
          'aurora-sim: integer-µs clock; Exp(1) mapped to Exp(mean 1e9 µs) rounded to 1 µs, so at most ' +
          '0.1% of neighbouring keys tie (peers: floating time, no ties).',
        engines: [
          { engine: 'aurora-sim', argv: [...o.ourModel, '--model', 'hold', ...size, '--events', String(ev), '--rng', 'bare'], timeoutS: t },
          { engine: 'aurora-sim sim-rng', argv: [...o.ourModel, '--model', 'hold', ...size, '--events', String(ev), '--rng', 'sim'], timeoutS: t },
          { engine: 'js-ref-soa', peer: 'jsRef', cwd, argv: js(['--model', 'hold', '--queue', 'soa', ...size, '--events', String(ev)]), timeoutS: t },
          { engine: 'js-ref-obj', peer: 'jsRef', cwd, argv: js(['--model', 'hold', '--queue', 'obj', ...size, '--events', String(ev)]), timeoutS: t },
          { engine: 'simpy-proc', peer: 'simpy', cwd, argv: simpy(['--model', 'hold', '--style', 'proc', ...size, '--events', String(evSimpy)]), timeoutS: t },
          { engine: 'simpy-cb', peer: 'simpy', cwd, argv: simpy(['--model', 'hold', '--style', 'cb', ...size, '--events', String(evSimpy)]), timeoutS: t },
          { engine: 'ns3-map', peer: 'ns3', cwd, argv: ns3(['--model', 'hold', '--sched', 'map', ...size, '--events', String(ev)]), timeoutS: t },
          { engine: 'ns3-pq', peer: 'ns3', cwd, argv: ns3(['--model', 'hold', '--sched', 'pq', ...size, '--events', String(ev)]), timeoutS: t },
        ],
      });
    }
  }

  const writes = o.quick ? 20_000 : 200_000;
  const writesProc = o.quick ? 2_000 : 20_000;
  const writesCb = o.quick ? 5_000 : 50_000;
  const quorumNote =
    'aurora-sim: integer-µs clock, every delay rounded to 1 µs (20 + Exp(10) µs links, Exp(100) µs service); ' +
    'sanity checked per run: ~40,000 simulated writes/simulated s, mean latency ~4.8 ms.';
  if (o.groups.has('quorum') || o.groups.has('sim')) {
    // The sim group needs model B's JS-kernel figure in the same repetition for its ratio.
    const full = o.groups.has('quorum');
    const w = ['--writes', String(writes)];
    cases.push({
      group: 'quorum',
      id: CASE_ID.quorum,
      metric: 'writes_per_s',
      note: quorumNote,
      engines: [
        ...(full
          ? [
              { engine: 'aurora-sim', argv: [...o.ourModel, '--model', 'quorum', ...w, '--rng', 'bare'], timeoutS: 180 },
              { engine: 'aurora-sim sim-rng', argv: [...o.ourModel, '--model', 'quorum', ...w, '--rng', 'sim'], timeoutS: 180 },
            ]
          : []),
        { engine: 'js-ref-soa', peer: 'jsRef', cwd, argv: js(['--model', 'quorum', '--queue', 'soa', ...w]), timeoutS: 180 },
        ...(full
          ? [
              { engine: 'js-ref-obj', peer: 'jsRef' as const, cwd, argv: js(['--model', 'quorum', '--queue', 'obj', ...w]), timeoutS: 180 },
              { engine: 'simpy-proc', peer: 'simpy' as const, cwd, argv: simpy(['--model', 'quorum', '--style', 'proc', '--writes', String(writesProc)]), timeoutS: 180 },
              { engine: 'simpy-cb', peer: 'simpy' as const, cwd, argv: simpy(['--model', 'quorum', '--style', 'cb', '--writes', String(writesCb)]), timeoutS: 180 },
              { engine: 'ns3-map', peer: 'ns3' as const, cwd, argv: ns3(['--model', 'quorum', '--sched', 'map', ...w]), timeoutS: 180 },
              { engine: 'ns3-pq', peer: 'ns3' as const, cwd, argv: ns3(['--model', 'quorum', '--sched', 'pq', ...w]), timeoutS: 180 },
            ]
          : []),
      ],
    });
  }

  if (o.groups.has('quorum_to')) {
    const w = ['--writes', String(writes)];
    cases.push({
      group: 'quorum_to',
      id: CASE_ID.quorumTo,
      metric: 'writes_per_s',
      note:
        `${quorumNote} Quorum timeouts: aurora-sim cancels nothing, as in the simulator: each ` +
        'timeout fires 50 ms later, finds its write done and does nothing (not counted as a model ' +
        'event); "aurora-sim model-B" is model B run next to it, for C/B.',
      engines: [
        { engine: 'aurora-sim', argv: [...o.ourModel, '--model', 'quorum_to', ...w, '--rng', 'bare'], timeoutS: 180 },
        { engine: 'aurora-sim sim-rng', argv: [...o.ourModel, '--model', 'quorum_to', ...w, '--rng', 'sim'], timeoutS: 180 },
        { engine: 'aurora-sim model-B', argv: [...o.ourModel, '--model', 'quorum', ...w, '--rng', 'bare'], timeoutS: 180 },
        { engine: 'js-ref-soa', peer: 'jsRef', cwd, argv: js(['--model', 'quorum_to', '--queue', 'soa', ...w]), timeoutS: 180 },
        { engine: 'js-ref-soa lane', peer: 'jsRef', cwd, argv: js(['--model', 'quorum_to', '--queue', 'soa', '--timers', 'lane', ...w]), timeoutS: 180 },
        { engine: 'js-ref-obj', peer: 'jsRef', cwd, argv: js(['--model', 'quorum_to', '--queue', 'obj', ...w]), timeoutS: 180 },
        { engine: 'simpy-proc', peer: 'simpy', cwd, argv: simpy(['--model', 'quorum_to', '--style', 'proc', '--writes', String(writesProc)]), timeoutS: 180 },
        { engine: 'simpy-cb', peer: 'simpy', cwd, argv: simpy(['--model', 'quorum_to', '--style', 'cb', '--writes', String(writesCb)]), timeoutS: 180 },
        { engine: 'ns3-map', peer: 'ns3', cwd, argv: ns3(['--model', 'quorum_to', '--sched', 'map', ...w]), timeoutS: 180 },
        { engine: 'ns3-map remove', peer: 'ns3', cwd, argv: ns3(['--model', 'quorum_to', '--sched', 'map', '--cancel', 'remove', ...w]), timeoutS: 180 },
      ],
    });
  }

  if (o.groups.has('sim')) {
    const steady = [...o.ourSim, '--scenario', o.steadyScenario];
    cases.push({
      group: 'sim',
      id: CASE_ID.steady,
      metric: 'quorum_writes_per_s',
      note:
        'The real simulator on scenarios/steady-state.yaml (every checker on, trace hashed): quorum writes ' +
        '(boxcars to one PG, done at 4/6 acks), acknowledged commits and events per wall-clock second of ' +
        'runScenario. Its quorum writes/s are compared with model B writes/s of the JS reference kernel ' +
        '(quorum case, same repetition); the commits/s ratio, and the ratio of a second run in the same ' +
        'process (V8 warm, as a fuzz worker\'s later seeds), are shown beside in the targets.',
      engines: [
        { engine: 'aurora-sim', argv: [...steady, '--warm', ...(o.quick ? ['--set', 'duration=2s'] : [])], timeoutS: 900 },
      ],
    });
    cases.push({
      group: 'sim',
      id: CASE_ID.long(o.longDuration),
      metric: 'quorum_writes_per_s',
      note:
        'Memory over a long run: steady-state at 5,000 transactions/s (open loop), RSS sampled from ' +
        '/proc every second by the runner; first repetition only.',
      engines: [
        {
          engine: 'aurora-sim',
          argv: [
            ...steady,
            '--set', `duration=${o.longDuration}`,
            '--set', 'workload.rate=5000/s',
            '--set', 'maxEvents=100000000000',
            ...liveEvery(o.longDuration),
          ],
          timeoutS: 4 * 3600,
          firstRepOnly: true,
          sampleRssMs: 1000,
        },
      ],
    });
  }
  cases.push(...buildUserCases(o));
  return cases;
}
