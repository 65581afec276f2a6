import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sim/**/*.test.ts', 'bin/**/*.test.ts', 'reports/**/*.test.ts'],
    // Hooks await CLI subprocesses (fuzz runs) just as tests do: the same bound, not vitest's
    // 10 s default, which a loaded 2-core machine exceeded (the fuzz suite's beforeAll).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
