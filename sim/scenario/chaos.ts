/**
 * The `chaos:` section: random faults, drawn from the seed before the run (`faults/chaos.ts`
 * does the drawing). Present means chaos is on; every key has a default, and `to` defaults to
 * two thirds of the duration, leaving the last third for the cluster to converge.
 *
 * Checked against the run and the cluster (`chaosRule`): from < to <= duration, at most
 * MAX_CHAOS_FAULTS starts expected in the window, and, unless `exceedFailureModel`, that every
 * listed kind can be drawn at all without exceeding the failure model (a kind whose every
 * target would take some PG outside AZ+1 with a read quorum would make the budget impossible
 * to meet: an az-outage when one AZ holds more than V − Vr segments, for example). Without
 * `kinds`, the default kinds are those this cluster can take, so the default never breaks
 * that rule.
 *
 * `triggers` arm faults on states (`faults/trigger.ts`), drawn with the kinds; `swarm` gives
 * each seed a random subset of kinds and triggers with random weights (`faults/swarm.ts`).
 */
import { z } from 'zod';
import { drawableWithinModel } from '../faults/chaos.ts';
import { FAULT_KINDS, type FaultKind } from '../faults/kinds.ts';
import { TRIGGER_EVENTS } from '../faults/trigger.ts';
import { CHAOS_TO_FRACTION, DEFAULTS } from './defaults.ts';
import { distribution, distributionDocument, toDistributionSpec } from './distribution.ts';
import { duration, flag, positiveDuration } from './fields.ts';
import { topologyOf } from './faults.ts';
import { MAX_CHAOS_FAULTS } from './limits.ts';
import type { ChaosConfig, QuorumConfig } from './resolved.ts';
import type { Report, Rule } from './rule.ts';
import { formatDuration } from './units.ts';

const D = DEFAULTS.chaos;

/** What chaos can arm: every trigger event, and lag. */
const CHAOS_TRIGGERS = [...TRIGGER_EVENTS, 'lag'] as const;

export const chaosSchema = z
  .strictObject({
    from: duration('Fault starts fall in [from, to).').prefault(D.from),
    to: duration('End of the window for fault starts (two thirds of the duration when omitted).').optional(),
    meanInterval: positiveDuration(
      `Mean gap between fault starts (a Poisson process); at most ${MAX_CHAOS_FAULTS.max} starts expected in [from, to).`,
    )
      .optional()
      .meta({ default: D.meanInterval }),
    kinds: z
      .array(z.enum(FAULT_KINDS).meta({ description: 'A fault kind.' }))
      .min(1)
      .meta({
        description: `Kinds to draw from, uniformly (list one twice to draw it twice as often). Default: those of ${D.kinds.join(', ')} that this cluster can take within the failure model (all of them unless exceedFailureModel).`,
      })
      .optional(),
    faultDuration: distribution('How long each drawn fault lasts (at least 1us).').prefault(D.faultDuration),
    exceedFailureModel: flag(
      'Also draw faults beyond what the protocol promises to survive (more than one AZ plus one segment of a protection group down, or two compute faults at once).',
    ).prefault(D.exceedFailureModel),
    triggers: z
      .array(z.enum(CHAOS_TRIGGERS).meta({ description: 'A trigger: a trace event (see faults[].when.on) or lag.' }))
      .meta({
        description:
          'Triggers drawn along with the kinds (list one twice to draw it twice as often). A drawn trigger arms one fault of a random kind, target and duration that starts `triggerDelay` after the next time the run reaches that state (lag: a segment 10, 100 or 1000 records behind its PG), skipped if it would leave the failure model then (unless exceedFailureModel).',
      })
      .prefault([...D.triggers]),
    triggerDelay: distribution('From a trigger’s match to the start of its fault (at least 1us).').prefault(D.triggerDelay),
    swarm: flag(
      'Swarm testing: each seed enables a random non-empty subset of the kinds and triggers, with random weights (1-4), drawn from a stream of its own.',
    ).prefault(D.swarm),
  })
  .meta({ description: 'Random faults drawn from the seed before the run; absent means none.' });

type ChaosOutput = z.output<typeof chaosSchema>;

interface ChaosContext {
  readonly duration: number;
  readonly cluster: Parameters<typeof topologyOf>[0] & { readonly quorum: QuorumConfig };
  readonly chaos?: ChaosOutput | undefined;
}

/** `to` as given, or two thirds of the duration. */
export function chaosEnd(chaos: ChaosOutput, runDuration: number): number {
  const [num, den] = CHAOS_TO_FRACTION;
  return chaos.to ?? Math.floor((runDuration * num) / den);
}

/** The kinds as given, or the default kinds this cluster can take within the failure model. */
export function chaosKinds(chaos: ChaosOutput, s: Omit<ChaosContext, 'chaos'>): FaultKind[] {
  if (chaos.kinds !== undefined) return [...chaos.kinds];
  if (chaos.exceedFailureModel) return [...D.kinds];
  const context = modelContext(s);
  return D.kinds.filter((kind) => drawableWithinModel(kind, context));
}

function modelContext(s: Omit<ChaosContext, 'chaos'>) {
  return { topology: topologyOf(s.cluster), quorum: s.cluster.quorum, dataLossTail: 0 };
}

export const chaosRule: Rule<ChaosContext> = {
  reads: [['duration'], ['cluster'], ['chaos']],
  check: (s, report) => {
    const chaos = s.chaos;
    if (chaos === undefined) return;
    const to = chaosEnd(chaos, s.duration);
    const toShown = `${formatDuration(to)}${chaos.to === undefined ? ', two thirds of the duration by default' : ''}`;
    if (to > s.duration) report(['chaos', 'to'], `to (${formatDuration(to)}) must not be after the end of the run (${formatDuration(s.duration)})`);
    else if (chaos.from >= to) report(['chaos', 'from'], `from (${formatDuration(chaos.from)}) must be before to (${toShown})`);
    else expectedStarts(chaos, to, report);
    if (chaos.exceedFailureModel) return;
    if (chaos.kinds === undefined) {
      if (chaosKinds(chaos, s).length > 0) return;
      report(['chaos'], `this cluster can take none of the default kinds (${D.kinds.join(', ')}) within the failure model; list kinds or set exceedFailureModel: true`);
      return;
    }
    const context = modelContext(s);
    chaos.kinds.forEach((kind, i) => {
      if (drawableWithinModel(kind, context)) return;
      report(
        ['chaos', 'kinds', i],
        `budget cannot be met: every ${kind} on this cluster would take a protection group beyond the failure model (AZ+1 with a read quorum of ${s.cluster.quorum.read} left); remove it or set exceedFailureModel: true`,
      );
    });
  },
};

/** Fault starts expected in [from, to): the drawing checks each against those it overlaps. */
function expectedStarts(chaos: ChaosOutput, to: number, report: Report): void {
  const interval = meanIntervalOf(chaos);
  const starts = (to - chaos.from) / interval;
  if (starts <= MAX_CHAOS_FAULTS.max) return;
  const shown = `${formatDuration(interval)}${chaos.meanInterval === undefined ? ' (the default)' : ''}`;
  report(
    ['chaos', 'meanInterval'],
    `${shown} between fault starts from ${formatDuration(chaos.from)} to ${formatDuration(to)} expects ${Math.round(starts)} faults; at most ${MAX_CHAOS_FAULTS.max} (${MAX_CHAOS_FAULTS.why})`,
  );
}

const DEFAULT_MEAN_INTERVAL = positiveDuration('').parse(D.meanInterval);
const meanIntervalOf = (chaos: ChaosOutput): number => chaos.meanInterval ?? DEFAULT_MEAN_INTERVAL;

export function toChaosConfig(chaos: ChaosOutput, s: Omit<ChaosContext, 'chaos'>): ChaosConfig {
  return {
    from: chaos.from,
    to: chaosEnd(chaos, s.duration),
    meanInterval: meanIntervalOf(chaos),
    kinds: chaosKinds(chaos, s),
    faultDuration: toDistributionSpec(chaos.faultDuration),
    exceedFailureModel: chaos.exceedFailureModel,
    triggers: [...chaos.triggers],
    triggerDelay: toDistributionSpec(chaos.triggerDelay),
    swarm: chaos.swarm,
  };
}

export function chaosDocument(c: ChaosConfig): z.input<typeof chaosSchema> {
  return {
    from: formatDuration(c.from),
    to: formatDuration(c.to),
    meanInterval: formatDuration(c.meanInterval),
    kinds: [...c.kinds],
    faultDuration: distributionDocument(c.faultDuration),
    exceedFailureModel: c.exceedFailureModel,
    triggers: [...c.triggers],
    triggerDelay: distributionDocument(c.triggerDelay),
    swarm: c.swarm,
  };
}
