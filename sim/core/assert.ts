/**
 * Assertions mark programmer errors in the model: a broken assertion is a simulator bug, the
 * run stops and the CLI exits 70 with the reproduce command. Expected operational outcomes
 * (lost quorum, a fenced writer, a dropped message) are data, never exceptions.
 */

/** Thrown when the simulator's own consistency is broken. */
export class SimulatorBug extends Error {
  override readonly name = 'SimulatorBug';
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new SimulatorBug(message);
}

export function assertNever(value: never, what = 'value'): never {
  throw new SimulatorBug(`unexpected ${what}: ${JSON.stringify(value)}`);
}
