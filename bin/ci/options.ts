/**
 * The CI flags `run`, `fuzz` and `check` share: `--junit FILE` and `--summary FILE`. What they
 * write is rendered in `reports/ci/`; `outputs.ts` writes it.
 */
import { Option } from 'commander';

export interface CiFlags {
  readonly junit?: string;
  readonly summary?: string;
}

export function junitOption(): Option {
  return new Option('--junit <file>', 'write a JUnit XML report for CI: one test case per scenario and seed');
}

export function summaryOption(): Option {
  return new Option('--summary <file>', 'write a Markdown summary for CI (also appended to $GITHUB_STEP_SUMMARY when set)');
}
