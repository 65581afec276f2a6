/**
 * The lines printed under a case's table for each run, beside the medians: what one run of the
 * full simulator did (commits, quorum writes, events, RSS over time), what one fuzz command
 * did, and where one repetition's start-up went.
 */
import type { BenchCase } from './matrix.ts';
import type { RunRecord } from './stats.ts';

/** A figure with an SI suffix: 1.25 M, 151 k, 12.3. */
export function si(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(x >= 1e5 ? 0 : 1)} k`;
  return x.toFixed(x >= 100 ? 0 : 1);
}

/** The detail lines of one run that printed a record; none for the engine-core models. */
export function runDetails(c: BenchCase, run: RunRecord): string[] {
  const rec = run.record!;
  const num = (key: string): number => rec[key] as number;
  if (c.group === 'sim' || c.group === 'faults') {
    const lines = [
      `  rep ${run.rep + 1} ${run.engine}: ${si(num('commits'))} commits, ${si(num('quorum_writes'))} quorum writes, ` +
        `${si(num('events'))} events in ${num('wall_s').toFixed(1)} s: ` +
        `${si(num('quorum_writes_per_s'))} quorum writes/s, ${si(num('commits_per_s'))} commits/s, ` +
        `${si(num('ev_per_s'))} events/s, ` +
        `${num('sim_s_per_wall_s').toFixed(2)} simulated s per wall s` +
        (typeof rec['maxrss_kb'] === 'number' ? `, peak RSS ${(num('maxrss_kb') / 1024).toFixed(0)} MB` : '') +
        (typeof rec['warm_quorum_writes_per_s'] === 'number'
          ? `; warm (the same run again in the process): ${si(num('warm_quorum_writes_per_s'))} quorum writes/s in ${num('warm_wall_s').toFixed(1)} s`
          : ''),
    ];
    if (run.rssSamples !== undefined && run.rssSamples.length > 0) lines.push(`  RSS over the run: ${rssSparkline(run.rssSamples)}`);
    return lines;
  }
  if (c.group === 'fuzz') {
    return [
      `  rep ${run.rep + 1} ${run.engine}: ${num('seeds')} seeds in ${num('wall_s').toFixed(1)} s from spawn to exit ` +
        `(${(num('fuzz_wall_ms') / 1e3).toFixed(1)} s by the command's own timer): ${si(num('seeds_per_min'))} seeds/min; ` +
        `${num('failed')} failed, ${num('inconclusive')} inconclusive, ${num('crashed')} crashed`,
    ];
  }
  if (c.group === 'startup') {
    const imports = rec['imports_ms'] as Record<string, number>;
    return [
      `  rep ${run.rep + 1}: aurora-sim run ${num('cli_ms').toFixed(0)} ms, node -e 0 ${num('node_ms').toFixed(0)} ms ` +
        `(medians of ${num('rounds')} rounds), added ${num('added_ms').toFixed(0)} ms; importing alone adds: ` +
        Object.entries(imports).map(([m, ms]) => `${m} ${ms.toFixed(0)} ms`).join(', '),
    ];
  }
  return [];
}

/** A compact RSS-over-time line: ten evenly spaced samples, MB. */
function rssSparkline(samples: readonly (readonly [number, number])[]): string {
  const picks: string[] = [];
  for (let k = 0; k < 10; k++) {
    const s = samples[Math.min(samples.length - 1, Math.round((k * (samples.length - 1)) / 9))]!;
    picks.push(`${s[0].toFixed(0)}s ${(s[1] / 1024).toFixed(0)}MB`);
  }
  return picks.join(', ');
}
