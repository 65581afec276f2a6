/**
 * One entry of the `faults:` section, as a zod schema derived from the kind table
 * (`faults/kinds.ts`): per kind, a strict object of `at` or `when`, `kind`, `target`, `for` and
 * the kind's parameters, each leaf with the description editors show (the JSON Schema is
 * generated from this). The target is checked for the shape the kind takes, with a message
 * naming what it takes; each parameter for the bounds of its unit.
 *
 * Also the two ways between an entry's parameters (as files spell them) and the contract's
 * (`kindOf`, `paramsDocument`).
 */
import { z } from 'zod';
import {
  FAULT_KINDS,
  isDurationUnit,
  kindRow,
  paramsOf,
  paramValues,
  relativeTargetsOf,
  withParams,
  type FaultKind,
  type FaultKindSpec,
  type ParamRow,
  type TargetShape,
} from '../faults/kinds.ts';
import { FORMS_TEXT, parseTarget, RELATIVE_TARGETS, SELECTOR_PREFIXES, type TargetText } from '../faults/selector.ts';
import { duration, positiveDuration } from './fields.ts';
import { MAX_DRAWN_SPAN, MAX_SLOWDOWN } from './limits.ts';
import { closest } from './suggestion.ts';
import { whenSchema, type WhenEntry } from './triggers.ts';
import { formatDuration } from './units.ts';
import { describeValue } from './value-description.ts';

const SELECTORS = 'writer, replica:N (from 1), node:N (from 0), az:NAME, pg:N/segment:M (from 0)';

/** What editors show for each target shape. */
const TARGET_HELP: Readonly<Record<TargetShape, string>> = {
  host: `One host selector: ${SELECTORS}; a segment means the node holding it.`,
  storage: 'A storage node, segment or AZ: node:N (from 0), pg:N/segment:M (from 0) or az:NAME.',
  az: 'An AZ: az:a, az:b, ...',
  'two-way': `A link "A <-> B" between two selectors (${SELECTORS}).`,
  'one-way': `A directed link "A -> B" between two selectors (${SELECTORS}).`,
  link: `"A <-> B", "A -> B", or one selector for every link to and from it (${SELECTORS}).`,
};

/** The first kind that takes targets of `shape`, for a message that points to it. */
function kindTaking(shape: TargetShape): FaultKind | undefined {
  return FAULT_KINDS.find((kind) => kindRow(kind).target === shape);
}

/** Why the target does not fit the kind, or undefined. */
function shapeProblem(kind: FaultKind, t: TargetText): string | undefined {
  if (t.shape === 'relative') return relativeTargetsOf(kind).length > 0 ? undefined : `${kind} cannot take ${t.relative}, a segment or its node`;
  const sel = t.shape === 'single' ? t.target.kind : undefined;
  switch (kindRow(kind).target) {
    case 'host':
      return sel === undefined ? `${kind} takes one host selector (${FORMS_TEXT}), not a link` : undefined;
    case 'storage':
      if (sel === 'node' || sel === 'segment' || sel === 'az') return undefined;
      return `${kind} takes a storage node, segment or AZ (node:N, pg:N/segment:M or az:NAME)${sel === undefined ? ', not a link' : `; ${sel === 'writer' ? 'the writer' : 'a replica'} has no storage disk`}`;
    case 'az':
      return sel === 'az' ? undefined : `${kind} takes an AZ, e.g. az:a`;
    case 'two-way':
      if (t.shape === 'link' && !t.oneWay) return undefined;
      return t.shape === 'link' ? `${kind} cuts both directions: write "A <-> B" (for one direction use ${kindTaking('one-way')})` : `${kind} takes a link, "A <-> B"`;
    case 'one-way':
      if (t.shape === 'link' && t.oneWay) return undefined;
      return t.shape === 'link' ? `${kind} cuts one direction: write "A -> B" (for both use ${kindTaking('two-way')})` : `${kind} takes a directed link, "A -> B"`;
    case 'link':
      return undefined;
  }
}

function targetLeaf(kind: FaultKind) {
  return z
    .string()
    .transform((text, ctx): TargetText => {
      const parsed = parseTarget(text);
      const problem = parsed.ok ? shapeProblem(kind, parsed.value) : `${parsed.message}${suggestion(parsed.text)}${relativeHint(text)}`;
      if (parsed.ok && problem === undefined) return parsed.value;
      ctx.issues.push({ code: 'custom', message: problem ?? '', input: text });
      return z.NEVER;
    })
    .meta({ description: TARGET_HELP[kindRow(kind).target] });
}

/** For a misspelt relative target: what the relative targets are. */
function relativeHint(text: string): string {
  const match = closest(text.trim(), RELATIVE_TARGETS);
  return match === undefined ? '' : ` (or, in a triggered fault, a relative target: did you mean '${match}'?)`;
}

/** " (did you mean 'node:1'?)" for a misspelt selector word. */
function suggestion(text: string | undefined): string {
  if (text === undefined) return '';
  const [word = '', ...rest] = text.split(':');
  const match = closest(word, SELECTOR_PREFIXES);
  if (match === undefined || match === word) return '';
  return ` (did you mean '${match === 'writer' ? match : [match, ...rest].join(':')}'?)`;
}

/** A parameter's leaf: its unit's type and bounds, its description with the bounds added. */
function paramLeaf(p: ParamRow) {
  switch (p.unit) {
    case 'factor':
      return z
        .number()
        .gt(1)
        .max(MAX_SLOWDOWN.max, { error: (issue) => `must be at most ${MAX_SLOWDOWN.max} (${MAX_SLOWDOWN.why}), got ${describeValue(issue.input)}` })
        .meta({ description: `${p.description}, greater than 1 and at most ${MAX_SLOWDOWN.max}.` });
    case 'probability':
      return z.number().gt(0).max(1).meta({ description: `${p.description}, in (0, 1].` });
    case 'duration':
      return positiveDuration(p.description);
    case 'span':
      return positiveDuration(p.description, MAX_DRAWN_SPAN);
  }
}

function entry(kind: FaultKind) {
  const params = Object.fromEntries(paramsOf(kind).map(([, p]) => [p.yaml, paramLeaf(p)]));
  return z
    .strictObject({
      at: duration('When the fault begins, from the start of the run (or give `when`).').optional(),
      when: whenSchema.optional(),
      kind: z.literal(kind),
      target: targetLeaf(kind),
      for: positiveDuration('How long the fault lasts before it is undone (from when it began); the rest of the run when omitted.').optional(),
      ...params,
    })
    .meta({ description: `${kind}: ${kindRow(kind).description}` });
}

/** A parsed entry; its parameters are under their file keys (`paramsOf`). */
export interface FaultEntry {
  readonly at?: number | undefined;
  readonly when?: WhenEntry | undefined;
  readonly kind: FaultKind;
  readonly target: TargetText;
  readonly for?: number | undefined;
}

/** An entry as a scenario file spells it; parameters under their file keys. */
export type FaultDocument = {
  readonly at?: string;
  readonly when?: z.input<typeof whenSchema>;
  readonly kind: FaultKind;
  readonly target: string;
  readonly for?: string;
} & { readonly [param: string]: unknown };

const [first, ...rest] = FAULT_KINDS.map(entry);
export const faultEntrySchema: z.ZodType<FaultEntry, FaultDocument> = z.discriminatedUnion('kind', [first!, ...rest]) as never;

/** The kind and its parameters, as the contract names them. */
export function kindOf(e: FaultEntry): FaultKindSpec {
  const values = e as unknown as Readonly<Record<string, number>>;
  return withParams(e.kind, (p) => values[p.yaml]!);
}

/** A kind's parameters as a file spells them, e.g. `{ extra: '5ms' }`. */
export function paramsDocument(f: FaultKindSpec): Record<string, number | string> {
  const values = paramValues(f);
  const out: Record<string, number | string> = {};
  for (const [field, p] of paramsOf(f.kind)) out[p.yaml] = isDurationUnit(p.unit) ? formatDuration(values[field]!) : values[field]!;
  return out;
}
