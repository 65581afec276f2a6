/**
 * The full simulator as a bench engine, in a fresh process: parse a scenario (with `--set`
 * overrides, exactly like `aurora-sim run`), time `runScenario`, print one JSON line.
 * Figures: acknowledged commits, quorum writes (boxcars shipped to a PG) and loop events per
 * wall-clock second of the run (parsing and start-up excluded), simulated time per wall second,
 * peak RSS. A run that broke an invariant, was inconclusive or acknowledged nothing is an error,
 * not a figure (see below for expectations); so is an exception, shown with its first frame.
 *
 * `--warm`: run the scenario a second time in the same process and report its figures too
 * (`warm_*`). The first run pays V8's warm-up (interpreter and baseline code until TurboFan has
 * compiled the hot paths: about 0.08 s of a 0.87 s steady-state run at 1bd289c); a fuzz worker's later seeds,
 * or a long run after its first seconds, do not. The second run must give the same trace hash:
 * a run is a function of (code, scenario, seed), not of what ran before it in the process.
 *
 *   node --import tsx bin/bench/sim-main.ts --scenario scenarios/steady-state.yaml [--warm]
 *        [--set duration=3600s] [--set workload.rate=5000/s] ...
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseDuration, runScenario, SimulatorBug, type RunOptions } from '../../sim/index.ts';
import { describeIssue, loadScenario } from '../scenario-file.ts';

function main(): void {
  const argv = process.argv.slice(2);
  let file: string | undefined;
  let warm = false;
  let liveEvery: number | undefined;
  const overrides: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--warm') {
      warm = true;
      continue;
    }
    if (flag === '--scenario' && value !== undefined) file = value;
    else if (flag === '--live-every' && value !== undefined) liveEvery = simulatedInterval(value);
    else if (flag === '--set' && value !== undefined) overrides.push(value);
    else throw new Error(`usage: sim-main.ts --scenario FILE [--set path=value]...  (at ${flag})`);
    i++;
  }
  if (file === undefined) throw new Error('sim-main.ts: --scenario FILE is required');
  const common = { engine: 'aurora-sim', model: 'sim', scenario: file, overrides };
  const emit = (fields: object): void => {
    process.stdout.write(`${JSON.stringify({ ...common, ...fields })}\n`);
  };
  const loaded = loadScenario(file, overrides);
  if (!loaded.ok) {
    emit({ error: `scenario does not load: ${loaded.issues.map(describeIssue).join('; ')}` });
    process.exitCode = 1;
    return;
  }
  const scenario = loaded.scenario;
  const live = liveEvery === undefined ? undefined : new LiveMemory(liveEvery);
  const first = timedRun(scenario, file, live?.watch);
  if (typeof first === 'string') {
    emit({ error: first });
    process.exitCode = 1;
    return;
  }
  const { result, wall, cpu } = first;
  const commits = result.commits.acknowledged;
  // No figure from a run that broke an invariant, ran out of events or committed nothing. A
  // failed expectation also voids the figure, unless the run was changed by --set (a shorter
  // duration cannot meet `commitsAcknowledged: {min: 45000}`): then it is reported only.
  const failedInvariants = result.invariants.filter((i) => !i.ok).map((i) => i.name);
  const failedExpectations = result.expectations.filter((e) => !e.ok).map((e) => `${e.name} (${e.detail})`);
  const broken =
    result.verdict === 'inconclusive' ||
    commits === 0 ||
    failedInvariants.length > 0 ||
    (failedExpectations.length > 0 && overrides.length === 0);
  if (broken) {
    emit({
      error:
        `run verdict ${result.verdict}${result.inconclusive ? ` (${result.inconclusive})` : ''}; ` +
        `${commits} commits acknowledged; failed invariants: ${failedInvariants.join(', ') || 'none'}; ` +
        `failed expectations: ${failedExpectations.join(', ') || 'none'}`,
    });
    process.exitCode = 1;
    return;
  }
  const second = warm ? timedRun(scenario, file) : undefined;
  if (typeof second === 'string' || (second !== undefined && second.result.traceHash !== result.traceHash)) {
    const why = typeof second === 'string' ? second : `trace hash ${second.result.traceHash}, first run ${result.traceHash}`;
    emit({ error: `the second run in the same process differs from the first: ${why}` });
    process.exitCode = 1;
    return;
  }
  emit({
    name: scenario.name,
    duration_us: scenario.duration,
    rate: scenario.workload.arrivals,
    checkers: result.invariants.map((i) => i.name),
    verdict: result.verdict,
    failed_expectations: failedExpectations,
    commits,
    events: result.simulated.events,
    trace_events: result.simulated.traceEvents,
    wall_s: wall,
    // CPU seconds of runScenario (user + system): less sensitive than wall_s to other tenants.
    cpu_s: (cpu.user + cpu.system) / 1e6,
    commits_per_s: commits / wall,
    // A boxcar to one PG's six segments, done at four acks, is the unit of work of a model-B
    // write; a commit is several of them (its records land on several PGs).
    quorum_writes: result.network.writeBatches,
    quorum_writes_per_s: result.network.writeBatches / wall,
    ev_per_s: result.simulated.events / wall,
    sim_s_per_wall_s: result.simulated.durationUs / 1e6 / wall,
    latency_p99_us: result.commits.latencyUs.p99,
    trace_hash: result.traceHash,
    ...(second === undefined ? {} : {
      warm_wall_s: second.wall,
      warm_quorum_writes_per_s: second.result.network.writeBatches / second.wall,
      warm_commits_per_s: second.result.commits.acknowledged / second.wall,
      warm_ev_per_s: second.result.simulated.events / second.wall,
    }),
    maxrss_kb: process.resourceUsage().maxRSS,
    ...(live === undefined ? {} : { live_samples: live.samples }),
    runtime: `node ${process.version}`,
  });
}

interface TimedRun {
  readonly result: ReturnType<typeof runScenario>;
  /** Wall seconds. */
  readonly wall: number;
  readonly cpu: NodeJS.CpuUsage;
}

/** One timed `runScenario`, or the error's message and first frame. */
function timedRun(scenario: Parameters<typeof runScenario>[0], file: string, watch?: RunOptions['watch']): TimedRun | string {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const result = runScenario(scenario, { source: file, replay: `bench ${file}`, keepTrace: false, ...(watch === undefined ? {} : { watch }) });
    return { result, wall: (performance.now() - t0) / 1e3, cpu: process.cpuUsage(cpu0) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const where = err instanceof Error ? (err.stack?.split('\n')[1]?.trim() ?? '') : '';
    const kind = err instanceof SimulatorBug ? 'simulator bug: ' : '';
    return `${kind}${message}${where ? ` (${where})` : ''}`;
  }
}

/**
 * `--live-every DUR`: what the run keeps alive, not what the process happens to hold. Every DUR
 * of simulated time (at the first VDL event past it) a full garbage collection runs and the V8
 * heap in use plus memory outside it (typed arrays) is sampled as [simulated s, KB]. RSS alone
 * saws with the collector's timing: old garbage may pile up for minutes before a full
 * collection, so its peaks say when V8 collected, while these samples say whether the
 * simulator's state grows. The collections cost a little wall time, never a trace event.
 */
class LiveMemory {
  readonly samples: [number, number][] = [];
  private next = 0;
  private readonly every: number;
  private readonly gc: () => void;

  constructor(everyUs: number) {
    this.every = everyUs;
    setFlagsFromString('--expose-gc');
    this.gc = runInNewContext('gc') as () => void;
  }

  readonly watch: NonNullable<RunOptions['watch']> = (trace) =>
    trace.on({
      vdl: (time) => {
        if (time < this.next) return;
        this.next = time + this.every;
        this.gc();
        const memory = process.memoryUsage();
        this.samples.push([Number((time / 1e6).toFixed(3)), Math.round((memory.heapUsed + memory.external) / 1024)]);
      },
    });
}

function simulatedInterval(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok || parsed.value <= 0) throw new Error(`sim-main.ts: --live-every ${text}: not a positive duration`);
  return parsed.value;
}

main();
