/**
 * The shrunk scenario as a file: the canonical YAML of what the shrink ended with (every
 * field explicit, the seed written in, faults explicit, chaos off, no expectations), named
 * `NAME-shrunk`, with a description and header lines that say what it violates, where it came
 * from and how to run it. It needs nothing else to fail the same way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResolvedScenario } from '../../sim/index.ts';
import { CliError, errorReason } from '../exit.ts';
import { programLine } from '../shell.ts';
import { faultCount } from './edits.ts';
import { scenarioText } from './runner.ts';

export const SHRINK_DIR = 'out/shrink';

/** `out/shrink/NAME-seed-K.yaml`. */
export function defaultOut(name: string, seed: number): string {
  return join(SHRINK_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}-seed-${seed}.yaml`);
}

/** A capsule's shrunk file, beside it: `X-seed-K.yaml` -> `X-seed-K.shrunk.yaml`. */
export function besideCapsule(capsuleYaml: string): string {
  return capsuleYaml.replace(/(\.yaml)?$/, '.shrunk.yaml');
}

export interface Shrunk {
  readonly scenario: ResolvedScenario;
  readonly invariant: string;
  /** The command line that ran the input. */
  readonly origin: string;
  readonly name: string;
  readonly faultsBefore: number;
  readonly runs: number;
}

/** The command that runs the shrunk file. */
export function reproduceLine(out: string, seed: number): string {
  return programLine(['run', out, '--seed', String(seed)]);
}

export function shrunkText(out: string, shrunk: Shrunk): string {
  const faults = faultCount(shrunk.scenario);
  const counted = `${faults} fault${faults === 1 ? '' : 's'} (from ${shrunk.faultsBefore})`;
  const name = shrunk.name.endsWith('-shrunk') ? shrunk.name : `${shrunk.name}-shrunk`;
  const description = `Shrunk by aurora-sim shrink from \`${shrunk.origin}\`: ${shrunk.invariant} is violated with ${counted}.`;
  const header = [
    `# aurora-sim shrink: ${shrunk.invariant} violated with ${counted}, ${shrunk.runs} runs`,
    `# reproduce:   ${reproduceLine(out, shrunk.scenario.seed)}`,
    `# shrunk from: ${shrunk.origin}`,
  ];
  return `${header.join('\n')}\n${scenarioText({ ...shrunk.scenario, name, description })}`;
}

/** Writes the file, making its folder; an unwritable path is bad input (exit 2). */
export function writeShrunk(out: string, text: string): void {
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  } catch (error) {
    throw new CliError('unwritable', `${out}: cannot write (${errorReason(error)})`);
  }
}
