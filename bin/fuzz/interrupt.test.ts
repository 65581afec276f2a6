/**
 * Ctrl-C during a fuzz: the first asks it to stop gently, the second exits at once with 130.
 * The signal is emitted on the process object, which calls the listeners without signalling.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { catchInterrupts } from './interrupt.ts';

let release: (() => void) | undefined;

afterEach(() => {
  release?.();
  release = undefined;
});

describe('Ctrl-C during a fuzz', () => {
  it('first asks the campaign to stop, and exits only on the second, with 130, after saving', () => {
    const calls: string[] = [];
    release = catchInterrupts({ first: () => calls.push('stop'), again: () => calls.push('save'), exit: (code) => calls.push(`exit ${code}`) });
    process.emit('SIGINT');
    expect(calls).toEqual(['stop']);
    process.emit('SIGINT');
    expect(calls).toEqual(['stop', 'save', 'exit 130']);
  });

  it('exits on the second even when saving fails', () => {
    const calls: string[] = [];
    release = catchInterrupts({
      first: () => calls.push('stop'),
      again: () => {
        throw new Error('disk full');
      },
      exit: (code) => calls.push(`exit ${code}`),
    });
    process.emit('SIGINT');
    process.emit('SIGINT');
    expect(calls).toEqual(['stop', 'exit 130']);
  });

  it('is gone once the command ends', () => {
    const before = process.listenerCount('SIGINT');
    const remove = catchInterrupts({ first: () => undefined, again: () => undefined });
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    remove();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
