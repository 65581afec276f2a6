import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['sim/**/*.test.ts', 'bin/**/*.test.ts', 'reports/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
