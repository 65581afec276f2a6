/**
 * One bench model run in a fresh process (the runner starts one per measurement, so no run
 * inherits another's heap, JIT state or garbage). Prints one JSON line with the peers' fields:
 * engine, model, n or k, events, wall_s, ev_per_s, writes_per_s, maxrss_kb (plus extras).
 * The model's sanity values are checked before anything is printed: a broken model exits 1
 * with `{"error": ...}` instead of posting a fast number.
 *
 *   node --import tsx bin/bench/model-main.ts --model hold|quorum|quorum_to
 *        [--n 100000] [--events 2000000] [--warmup N] [--mean-us 1e9]
 *        [--k 64] [--writes 200000] [--ticks-per-us 1]
 *        [--rng sim|bare] [--seed 1]
 *
 * Only the model's timed window is measured; process start-up (and tsx's transpiling) is not.
 */
import { performance } from 'node:perf_hooks';
import { checkHold, runHold } from './hold.ts';
import { checkQuorum, runQuorum } from './quorum.ts';
import { makeDraws, type RngKind } from './draws.ts';

function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags.set(a.slice(2), next);
      i++;
    } else {
      flags.set(a.slice(2), 'true');
    }
  }
  return flags;
}

function main(): void {
  const flags = parseFlags(process.argv.slice(2));
  const num = (name: string, fallback: number): number => {
    const v = flags.get(name);
    if (v === undefined) return fallback;
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0) throw new Error(`--${name} needs a number, got ${v}`);
    return x;
  };
  const model = flags.get('model') ?? 'hold';
  const seed = num('seed', 1);
  const rng = (flags.get('rng') ?? 'sim') as RngKind;
  const draws = makeDraws(rng, seed);
  const clock = (): number => performance.now() / 1e3;
  const cpuClock = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const common = { engine: 'aurora-sim', rng: draws.name, seed };
  try {
    let result: object;
    if (model === 'hold') {
      const n = num('n', 100_000);
      const events = num('events', 2_000_000);
      const r = runHold({ n, events, warmup: num('warmup', Math.max(n, 100_000)), meanUs: num('mean-us', 1e9), draws, clock, cpuClock });
      checkHold(r, events);
      result = r;
    } else if (model === 'quorum' || model === 'quorum_to') {
      const writes = num('writes', 200_000);
      const r = runQuorum({
        k: num('k', 64),
        writes,
        warmup: num('warmup', Math.max(10_000, writes / 10)),
        withTimeouts: model === 'quorum_to',
        ticksPerUs: num('ticks-per-us', 1),
        draws,
        clock,
        cpuClock,
      });
      checkQuorum(r, writes);
      result = r;
    } else {
      throw new Error(`unknown --model ${model} (hold, quorum, quorum_to)`);
    }
    const out = { ...common, ...result, maxrss_kb: process.resourceUsage().maxRSS, runtime: `node ${process.version}` };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stdout.write(`${JSON.stringify({ ...common, model, error: message })}\n`);
    process.exitCode = 1;
  }
}

main();
