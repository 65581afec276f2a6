/**
 * Ctrl-C during a fuzz. The first SIGINT asks the campaign to stop: no new seed starts, the
 * seeds in flight finish, and the command reports what ran and exits 130. A second one means
 * "now": the command exits 130 at once, after `again` (which saves the campaign state, so even
 * then the run can be resumed). The handler is removed when the command ends, so a later
 * Ctrl-C in the same process gets Node's default again.
 */
import { ExitCode } from '../exit.ts';

export interface InterruptHandlers {
  readonly first: () => void;
  readonly again: () => void;
  /** Exits the process; replaced in tests. */
  readonly exit?: (code: number) => void;
}

/** Installs the handler; the function returned removes it. */
export function catchInterrupts(handlers: InterruptHandlers): () => void {
  let count = 0;
  const onSignal = (): void => {
    count++;
    if (count === 1) {
      handlers.first();
      return;
    }
    try {
      handlers.again();
    } catch {
      // Leaving now is what was asked; the state saved last still stands.
    }
    (handlers.exit ?? process.exit)(ExitCode.interrupted);
  };
  process.on('SIGINT', onSignal);
  return () => process.off('SIGINT', onSignal);
}
