/**
 * The shrink's passes against a stand-in for the simulator: a "run" that violates `x` when the
 * writer crashes at 100 ms or later while node 3 is paused for at least 40 ms, so which faults
 * and values must stay is known. Nothing is simulated; every candidate is still rendered and
 * parsed as a real shrink's are. The answer, the steps and the run count are the same however
 * wide the batches the runner sends out.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedScenario } from '../../sim/index.ts';
import { scenarioFromText } from '../testing/scenario.ts';
import { Runner, scenarioText } from './runner.ts';
import { shrinkScenario, type EventSource, type Step } from './shrinker.ts';
import type { Probes } from './threads.ts';

/** A stand-in scenario: seed 3, 2 s at 800 txn/s, the cluster and faults given. */
const story = (name: string, cluster: string, faults: string): string =>
  `version: 1\nname: ${name}\nseed: 3\nduration: 2s\ncluster: ${cluster}\nworkload: { rate: 800/s }\nfaults:${faults}`;

const START = story('synthetic', '{ protectionGroups: 3, storageNodes: 9, replicas: 2 }', `
  - { at: 300ms, kind: slow-disk, target: "node:1", factor: 4, for: 200ms }
  - { at: 500ms, kind: pause, target: "node:3", for: 300ms }
  - { at: 600ms, kind: partition, target: "writer <-> replica:1", for: 100ms }
  - { at: 900ms, kind: crash, target: writer, for: 20ms }
  - { at: 1200ms, kind: latency-spike, target: "node:2", extra: 2ms, for: 50ms }
  - { when: { on: recovery.start, after: 1ms }, kind: pause, target: "replica:2", for: 10ms }
`);

const parse = (text: string): ResolvedScenario => scenarioFromText(text, 'synthetic.yaml');

function violated(s: ResolvedScenario): string[] {
  const crash = s.faults.some((f) => f.kind === 'crash' && f.label === 'writer' && f.at >= 100_000);
  const pause = s.faults.some((f) => f.kind === 'pause' && f.label === 'node:3' && f.for >= 40_000);
  return crash && pause ? ['x'] : [];
}

/** As `violated`, except that under seed 8 the crash alone is enough. */
function violatedSeed8(s: ResolvedScenario): string[] {
  const crash = s.faults.some((f) => f.kind === 'crash' && f.label === 'writer' && f.at >= 100_000);
  return s.seed === 8 && crash ? ['x'] : violated(s);
}

/** A stand-in for the threads: answers `width` candidates at a time, and counts what it ran. */
function fakeProbes(width: number, oracle = violated): Probes & { ran: number } {
  const probes = {
    width,
    ran: 0,
    run: (texts: readonly string[]) => {
      probes.ran += texts.length;
      return Promise.resolve(texts.map((text) => ({ violated: oracle(parse(text)) })));
    },
    close: () => Promise.resolve(),
  };
  return probes;
}

/** No events to attach faults to: the passes above see only the faults. */
const noEvents: EventSource = () => [];

/** The set-up stories below: one PG, and five pauses before the writer's crash and a disk loss after it. */
const SET_UP_CLUSTER = '{ protectionGroups: 1, storageNodes: 6, replicas: 0 }';
const SET_UP_STORY = `
  - { at: 100ms, kind: pause, target: "node:1", for: 50ms }
  - { at: 200ms, kind: pause, target: "node:2", for: 50ms }
  - { at: 300ms, kind: pause, target: "node:3", for: 50ms }
  - { at: 400ms, kind: pause, target: "node:4", for: 50ms }
  - { at: 500ms, kind: pause, target: "node:5", for: 50ms }
  - { at: 900ms, kind: crash, target: writer, for: 20ms }
  - { at: 1200ms, kind: disk-loss, target: "pg:0/segment:0", for: 20ms }
`;

/** The pauses before the writer's crash, when a disk loss follows the crash; undefined otherwise. */
function setUpOf(s: ResolvedScenario): number | undefined {
  const crash = s.faults.find((f) => f.kind === 'crash');
  if (crash === undefined || !s.faults.some((f) => f.kind === 'disk-loss' && f.at > crash.at)) return undefined;
  return s.faults.filter((f) => f.kind === 'pause' && f.at < crash.at).length;
}

/** The crash and the loss alone fail under `seed`; under seed 3 all five pauses must come first. */
const lateStoryUnder = (seed: number) => (s: ResolvedScenario): boolean => {
  const setUp = setUpOf(s);
  return (s.seed === seed && setUp === 0) || (s.seed === 3 && setUp === 5);
};

async function shrinkWith(width: number, maxRuns = 500, oracle = violated, start = START, events = noEvents, others: readonly string[] = []) {
  const probes = fakeProbes(width, oracle);
  const runner = new Runner(probes, 'x', maxRuns);
  const steps: Step[] = [];
  const result = await shrinkScenario(parse(start), runner, (step) => steps.push(step), events, others);
  return { result, steps, runs: runner.runs, ran: probes.ran, exhausted: runner.exhausted, invariant: runner.invariant };
}

describe('shrinkScenario', () => {
  it('keeps only the faults the failure needs, shorter and earlier, on a smaller run and cluster', async () => {
    const { result, steps } = await shrinkWith(1);
    expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['pause of node:3', 'crash of writer']);
    expect(result.triggered).toBeUndefined();
    const [pause, crash] = result.faults;
    expect(pause!.for).toBeGreaterThanOrEqual(40_000);
    expect(pause!.for).toBeLessThan(300_000);
    expect(crash!.at).toBeGreaterThanOrEqual(100_000);
    expect(crash!.at).toBeLessThan(900_000);
    expect(result.duration).toBeLessThan(2_000_000);
    expect(result.cluster).toMatchObject({ protectionGroups: 1, replicas: 0 });
    expect(violated(result)).toEqual(['x']);
    expect(steps[0]!.what).toMatch(/^removed \d faults?: /);
    expect(steps.at(-1)!.faults).toBe(2);
  });

  it('keeps its seed while no other seed lets a fault go', async () => {
    const { result, steps } = await shrinkWith(1);
    expect(result.seed).toBe(3);
    expect(steps.some((step) => step.what.includes('with seed'))).toBe(false);
  });

  it("when nothing more can go, tries each fault's removal under the next seeds, and keeps the seed that fails", async () => {
    const { result, steps } = await shrinkWith(1, 500, violatedSeed8);
    expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['crash of writer']);
    expect(result.seed).toBe(8);
    expect(violatedSeed8(result)).toEqual(['x']);
    expect(steps.find((step) => step.what.includes('with seed'))!.what).toMatch(/^removed pause of node:3 at .*, with seed 3 -> 8$/);
  });

  it('comes to the same scenario, steps and run count whatever the batch width', async () => {
    const one = await shrinkWith(1);
    for (const width of [2, 3]) {
      const wide = await shrinkWith(width);
      expect(scenarioText(wide.result)).toBe(scenarioText(one.result));
      expect(wide.steps).toEqual(one.steps);
      expect(wide.runs).toBe(one.runs);
      expect(wide.ran).toBeGreaterThanOrEqual(one.ran);
    }
  });

  it('stops at the run budget with a scenario that still fails, whatever the batch width', async () => {
    const one = await shrinkWith(1, 12);
    const wide = await shrinkWith(3, 12);
    expect(one.exhausted).toBe(true);
    expect(one.runs).toBe(12);
    expect(violated(one.result)).toEqual(['x']);
    expect(scenarioText(wide.result)).toBe(scenarioText(one.result));
  });

  describe('a story told over faults that only set up one seed', () => {
    // Under seed 3 the failure needs all seven faults; under seed 43 the two at 900 ms and
    // later are enough. No single removal under the next 8 seeds fails, so only dropping the
    // five early faults together, under a seed far off, finds the short story.
    const start = story('setup', SET_UP_CLUSTER, SET_UP_STORY);
    // Under seed 43 the set-up tells another story, which does not fail: only the late
    // faults alone do. Under seed 3 all seven are needed.
    const setUpBefore = (s: ResolvedScenario, at: number) => s.faults.filter((f) => f.kind === 'pause' && f.at < at);
    const oracle = (s: ResolvedScenario): string[] => (lateStoryUnder(43)(s) ? ['x'] : []);

    it('is cut to its late faults under the seed that needs no set-up', async () => {
      const { result, steps } = await shrinkWith(1, 1500, oracle, start);
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['crash of writer', 'disk-loss of pg:0/segment:0']);
      expect(result.seed).toBe(43);
      expect(steps.some((step) => /^removed the 5 faults before \S+, with seed 3 -> 43$/.test(step.what))).toBe(true);
    });

    it('is left as it is when the budget ends before that search', async () => {
      const { result } = await shrinkWith(1, 100, oracle, start);
      expect(result.faults).toHaveLength(7);
      expect(result.seed).toBe(3);
    });

    it('is cut to its late faults under a seed past the first wide search, while the budget lasts', async () => {
      // Only seed 103 tells the late story alone: 100 seeds on, in the second window of 64.
      const far = (s: ResolvedScenario): string[] => (s.seed === 43 ? [] : oracle({ ...s, seed: s.seed === 103 ? 43 : s.seed }));
      const { result, steps } = await shrinkWith(1, 3000, far, start);
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['crash of writer', 'disk-loss of pg:0/segment:0']);
      expect(result.seed).toBe(103);
      const found = steps.find((step) => /^removed the 5 faults before \S+, with seed 3 -> 103$/.test(step.what));
      // A budget one run short of it leaves the case as it was.
      const short = await shrinkWith(1, found!.runs - 1, far, start);
      expect(short.result.faults).toHaveLength(7);
      expect(short.exhausted).toBe(true);
    });

    it("loses a fault that only seed 3's timing needed under a seed far off, past a handful of faults", async () => {
      // Under seed 43 the pause of node:1 is not needed; the other four are.
      const oneLess = (s: ResolvedScenario): string[] => {
        const crash = s.faults.find((f) => f.kind === 'crash');
        if (s.seed !== 43 || crash === undefined) return oracle(s);
        const late = s.faults.some((f) => f.kind === 'disk-loss' && f.at > crash.at);
        return late && setUpBefore(s, crash.at).filter((f) => f.label !== 'node:1').length === 4 ? ['x'] : [];
      };
      const { result, steps } = await shrinkWith(1, 700, oneLess, start);
      expect(result.faults).toHaveLength(6);
      expect(result.seed).toBe(43);
      expect(steps.some((step) => /^removed pause of node:1 at \S+ for \S+, with seed 3 -> 43$/.test(step.what))).toBe(true);
    });
  });

  describe('a failover that only moves the writer', () => {
    // The partition from replica 1 makes it take over, and all the failure needs of that is a
    // writer in AZ b: a writer that starts there fails as well without the partition.
    const writerInB = (s: ResolvedScenario): boolean =>
      s.cluster.writerAz === 'b' || s.faults.some((f) => f.kind === 'partition' && f.label === 'writer <-> replica:1');
    const oracle = (s: ResolvedScenario): string[] => (writerInB(s) ? violated(s) : []);

    it('is replaced by starting the writer in the AZ it led to, under the same seed', async () => {
      const { result, steps } = await shrinkWith(1, 500, oracle);
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['pause of node:3', 'crash of writer']);
      expect(result.cluster.writerAz).toBe('b');
      expect(result.seed).toBe(3);
      expect(steps.some((step) => /^removed partition of writer <-> replica:1 at \S+ for \S+, the writer starting in AZ b$/.test(step.what))).toBe(true);
      expect(oracle(result)).toEqual(['x']);
    });

    it('stays a fault when the writer must start where it does', async () => {
      const stays = (s: ResolvedScenario): string[] => (s.cluster.writerAz === 'a' ? oracle(s) : []);
      const { result } = await shrinkWith(1, 500, stays);
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['pause of node:3', 'partition of writer <-> replica:1', 'crash of writer']);
      expect(result.cluster.writerAz).toBe('a');
    });
  });

  describe('a run that violates two invariants', () => {
    // Seven faults. `x` fails only with all of them under seed 3 (a story no seed search can
    // cut); `y` fails whenever the writer's crash is followed by a disk loss, under any seed.
    const start = story('two', SET_UP_CLUSTER, SET_UP_STORY);
    const all = parse(start);
    const story7 = (s: ResolvedScenario): boolean => s.seed === 3 && s.faults.length === 7 && s.duration >= all.duration;
    const crashThenLoss = (s: ResolvedScenario): boolean => setUpOf(s) !== undefined;
    const both = (s: ResolvedScenario): string[] => [...(story7(s) ? ['x'] : []), ...(crashThenLoss(s) ? ['y'] : [])];

    it('follows the other when the first is left with more than a handful of faults, and says so', async () => {
      const { result, steps, invariant } = await shrinkWith(1, 1500, both, start, noEvents, ['y']);
      expect(invariant).toBe('y');
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['crash of writer', 'disk-loss of pg:0/segment:0']);
      expect(steps.map((step) => step.what)).toContain('x is left with 7 faults; following y from the input instead, which it violates too');
    });

    it('keeps the first when the user named it (no others), however large its case', async () => {
      const { result, invariant } = await shrinkWith(1, 300, both, start, noEvents, []);
      expect(invariant).toBe('x');
      expect(result.faults).toHaveLength(7);
    });

    it('goes back to the first when the other does no better', async () => {
      const same = (s: ResolvedScenario): string[] => (story7(s) ? ['x', 'y'] : []);
      const { result, steps, invariant } = await shrinkWith(1, 300, same, start, noEvents, ['y']);
      expect(invariant).toBe('x');
      expect(result.faults).toHaveLength(7);
      expect(steps.map((step) => step.what)).toContain('back to x: following y left 7 faults');
    });

    it('does not turn when the first comes down to a handful', async () => {
      const alsoY = (s: ResolvedScenario): string[] => [...violated(s), ...(s.faults.length + (s.triggered?.length ?? 0) === 6 ? ['y'] : [])];
      const { result, invariant, steps } = await shrinkWith(1, 500, alsoY, START, noEvents, ['y']);
      expect(invariant).toBe('x');
      expect(result.faults).toHaveLength(2);
      expect(steps.some((step) => step.what.includes('following y'))).toBe(false);
    });

    it('says when the input as written does not violate the other, and does not follow it', async () => {
      const xOnly = (s: ResolvedScenario): string[] => (story7(s) ? ['x'] : []);
      const { steps, invariant } = await shrinkWith(1, 300, xOnly, start, noEvents, ['y']);
      expect(invariant).toBe('x');
      expect(steps.map((step) => step.what)).toContain('y: the input as written does not violate it; not followed');
    });

    it('does not trade a first the wide searches cut for another left past a handful', async () => {
      // x: seven faults under seed 3, the two late ones alone under seed 43 (found by the wide
      // search); y: the crash and the loss after four pauses or more, under any seed (six).
      const oracle = (s: ResolvedScenario): string[] => [...(lateStoryUnder(43)(s) ? ['x'] : []), ...((setUpOf(s) ?? -1) >= 4 ? ['y'] : [])];
      const { result, steps, invariant } = await shrinkWith(1, 1500, oracle, start, noEvents, ['y']);
      expect(invariant).toBe('x');
      expect(result.faults).toHaveLength(2);
      expect(result.seed).toBe(43);
      expect(steps.map((step) => step.what)).toContain('back to x: following y left 6 faults');
    });

    it('after a turn that gains nothing, goes on with the wide searches where the narrow passes stopped', async () => {
      // Only seed 103 tells the late story alone, and y is violated exactly when x is.
      const far = (s: ResolvedScenario): string[] => (lateStoryUnder(103)(s) ? ['x', 'y'] : []);
      const pinned = await shrinkWith(1, 3000, far, start, noEvents, []);
      const turned = await shrinkWith(1, 3000, far, start, noEvents, ['y']);
      expect(scenarioText(turned.result)).toBe(scenarioText(pinned.result));
      expect(turned.result.seed).toBe(103);
      const back = turned.steps.findIndex((step) => step.what.startsWith('back to x'));
      const after = (steps: Step[], from: number) => steps.slice(from).map((step) => step.what);
      const firstWide = pinned.steps.findIndex((step) => / with seed 3 -> /.test(step.what));
      expect(after(turned.steps, back + 1)).toEqual(after(pinned.steps, firstWide));
    });

    it('comes to the same case, steps and runs whatever the batch width, at any budget', async () => {
      for (const budget of [20, 46, 60, 130, 300, 1500]) {
        const one = await shrinkWith(1, budget, both, start, noEvents, ['y']);
        expect(both(one.result)).toContain(one.invariant);
        for (const width of [2, 3]) {
          const wide = await shrinkWith(width, budget, both, start, noEvents, ['y']);
          expect(scenarioText(wide.result)).toBe(scenarioText(one.result));
          expect(wide.steps).toEqual(one.steps);
          expect(wide.runs).toBe(one.runs);
          expect(wide.invariant).toBe(one.invariant);
        }
      }
    });

    it('never says the other was followed when the budget ran out before it could be', async () => {
      for (let budget = 40; budget <= 60; budget++) {
        const { steps, result, invariant } = await shrinkWith(1, budget, both, start, noEvents, ['y']);
        expect(both(result)).toContain(invariant);
        expect(steps.some((step) => /^back to x: following y left/.test(step.what) && step.runs === budget)).toBe(false);
      }
    });
  });

  describe('faults of one AZ that agree only once the knobs are done', () => {
    // Crashes of node:2 and node:5 with the writer's fail from 1 s of run on; one crash of
    // az:c fails too, but only from 1.5 s on and only when it is short. The host crashes start
    // with different durations, so they agree (and merge) only after the knobs shortened both,
    // by which time the duration knob has cut the run below 1.5 s.
    const start = story('agree', '{ protectionGroups: 1, storageNodes: 9, replicas: 0 }', `
  - { at: 200ms, kind: crash, target: "node:2", for: 100ms }
  - { at: 200ms, kind: crash, target: "node:5", for: 300ms }
  - { at: 300ms, kind: crash, target: writer, for: 10ms }
`);
    const oracle = (s: ResolvedScenario): string[] => {
      const has = (label: string) => s.faults.some((f) => f.kind === 'crash' && f.label === label);
      const azShort = s.faults.some((f) => f.kind === 'crash' && f.label === 'az:c' && f.for <= 100_000);
      const hosts = has('node:2') && has('node:5') && s.duration >= 1_000_000;
      return has('writer') && (hosts || (azShort && s.duration >= 1_500_000)) ? ['x'] : [];
    };

    it('are merged into one fault of the AZ, tried for the duration the shrink started from', async () => {
      const { result, steps } = await shrinkWith(1, 500, oracle, start);
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`).sort()).toEqual(['crash of az:c', 'crash of writer']);
      expect(result.duration).toBeGreaterThanOrEqual(1_500_000);
      expect(steps.map((step) => step.what)).toContain('merged 2 faults into crash of az:c');
    });
  });

  describe('a fault that follows a protocol event', () => {
    // A stand-in world where the writer's crash at 700 ms leads to a truncation 300 us later
    // plus 200 us per seed, and the failure needs a disk loss of pg:1/segment:0 within 100 us
    // after that truncation. Under the starting seed 3, a pause of node:3 is needed too.
    const TRUNCATE = (s: ResolvedScenario) => 1_000_000 + 200 * s.seed;
    const crashed = (s: ResolvedScenario) => s.faults.some((f) => f.kind === 'crash' && f.label === 'writer' && f.at === 700_000);
    const events: EventSource = (s) => (crashed(s) ? [{ time: TRUNCATE(s) - 300_000 + 300, event: 'truncate' }] : []);
    const lossStarts = (s: ResolvedScenario): number[] => [
      ...s.faults.filter((f) => f.kind === 'disk-loss').map((f) => f.at),
      ...(s.triggered ?? []).filter((f) => f.kind === 'disk-loss' && f.when.on.kind === 'event' && f.when.on.event === 'truncate').map((f) => events(s)[0]!.time + f.when.after),
    ];
    const oracle = (s: ResolvedScenario): string[] => {
      const truncation = events(s)[0]?.time;
      if (truncation === undefined) return [];
      const inWindow = lossStarts(s).some((at) => at > truncation && at <= truncation + 100);
      const paused = s.faults.some((f) => f.kind === 'pause' && f.label === 'node:3');
      return inWindow && (s.seed !== 3 || paused) ? ['x'] : [];
    };
    const truncationAt3 = 1_000_000 + 600 - 300_000 + 300;
    const start = story('follows', '{ protectionGroups: 3, storageNodes: 9, replicas: 0 }', `
  - { at: 500ms, kind: pause, target: "node:3", for: 300ms }
  - { at: 700ms, kind: crash, target: writer, for: 5ms }
  - { at: ${truncationAt3 + 50}us, kind: disk-loss, target: "pg:1/segment:0", for: 300ms }
`);

    it('is attached to that event, and then a seed that moves the event lets another fault go', async () => {
      const { result, steps } = await shrinkWith(1, 500, oracle, start, events);
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['crash of writer']);
      expect(result.triggered?.map((f) => [`${f.kind} of ${f.label}`, f.when.on, f.when.after])).toEqual([
        ['disk-loss of pg:1/segment:0', { kind: 'event', event: 'truncate' }, 50],
      ]);
      expect(result.triggered![0]!.when.from).toBe(700_000);
      expect(result.seed).not.toBe(3);
      expect(oracle(result)).toEqual(['x']);
      expect(steps.map((step) => step.what)).toContain('attached 1 fault to the event it follows');
    });

    it('stays at its instant, and keeps the other fault, when no event is read', async () => {
      const { result } = await shrinkWith(1, 500, oracle, start, noEvents);
      expect(result.faults.map((f) => `${f.kind} of ${f.label}`)).toEqual(['pause of node:3', 'crash of writer', 'disk-loss of pg:1/segment:0']);
      expect(result.seed).toBe(3);
    });
  });
});
