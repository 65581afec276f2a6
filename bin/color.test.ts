/** The colour policy of ARCHITECTURE.md §5.2, case by case. */
import { describe, expect, it } from 'vitest';
import { colorFlagFromArgs, colorLevel } from './color.ts';

const tty = { flag: 'auto', env: {}, isTTY: true } as const;

describe('colour level', () => {
  it('is on for a terminal and off for a pipe', () => {
    expect(colorLevel(tty)).toBe(1);
    expect(colorLevel({ ...tty, isTTY: false })).toBe(0);
  });

  it('is off on a dumb terminal', () => {
    expect(colorLevel({ ...tty, env: { TERM: 'dumb' } })).toBe(0);
  });

  it('follows the terminal depth hints', () => {
    expect(colorLevel({ ...tty, env: { TERM: 'xterm-256color' } })).toBe(2);
    expect(colorLevel({ ...tty, env: { COLORTERM: 'truecolor' } })).toBe(3);
  });

  it('is off with a non-empty NO_COLOR, even on a terminal and with FORCE_COLOR', () => {
    expect(colorLevel({ ...tty, env: { NO_COLOR: '1' } })).toBe(0);
    expect(colorLevel({ ...tty, env: { NO_COLOR: '1', FORCE_COLOR: '3' } })).toBe(0);
  });

  it('ignores an empty NO_COLOR', () => {
    expect(colorLevel({ ...tty, env: { NO_COLOR: '' } })).toBe(1);
  });

  it('lets FORCE_COLOR decide when NO_COLOR is unset, terminal or not', () => {
    expect(colorLevel({ ...tty, isTTY: false, env: { FORCE_COLOR: '2' } })).toBe(2);
    expect(colorLevel({ ...tty, isTTY: false, env: { FORCE_COLOR: 'true' } })).toBe(1);
    expect(colorLevel({ ...tty, env: { FORCE_COLOR: '0' } })).toBe(0);
    expect(colorLevel({ ...tty, env: { FORCE_COLOR: 'false' } })).toBe(0);
  });

  it('obeys an explicit --color over everything else', () => {
    expect(colorLevel({ flag: 'always', env: { NO_COLOR: '1' }, isTTY: false })).toBe(1);
    expect(colorLevel({ flag: 'always', env: { FORCE_COLOR: '0' }, isTTY: false })).toBe(1);
    expect(colorLevel({ flag: 'never', env: { FORCE_COLOR: '3' }, isTTY: true })).toBe(0);
  });

  it('reads --color from raw arguments in both spellings, the last one winning', () => {
    expect(colorFlagFromArgs(['run', 'x.yaml'])).toBe('auto');
    expect(colorFlagFromArgs(['--color', 'never', 'run'])).toBe('never');
    expect(colorFlagFromArgs(['run', '--color=always'])).toBe('always');
    expect(colorFlagFromArgs(['--color=never', '--color', 'always'])).toBe('always');
    expect(colorFlagFromArgs(['--', '--color', 'always'])).toBe('auto');
  });
});
