/**
 * Test-only preload (`node --import tsx --import ./bin/testing/broken-stdout.ts bin/cli.ts`):
 * makes every write to stdout throw, so the CLI's internal-error path (exit 70, no stack
 * unless --verbose, a reproduce line) can be exercised end to end without a simulator bug.
 */
process.stdout.write = (): boolean => {
  throw new Error('injected failure: stdout is broken');
};
