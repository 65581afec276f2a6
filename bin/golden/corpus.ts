/**
 * The regression corpus: every scenario file in the three folders the manifest must cover,
 * as paths relative to the repository root with `/`, in manifest order. A folder that does
 * not exist holds no scenarios (`scenarios/regressions/` may be empty in a checkout).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareText } from './entry.ts';

export const CORPUS_DIRS = ['scenarios', 'scenarios/negative', 'scenarios/regressions'] as const;

export type CorpusDir = (typeof CORPUS_DIRS)[number];

/** The `.yaml` scenario files directly in `dir` (under `root`), sorted. */
export function scenarioFilesIn(root: string, dir: CorpusDir): string[] {
  const path = join(root, dir);
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => `${dir}/${e.name}`)
    .sort(compareText);
}

export function corpusFiles(root: string): string[] {
  return CORPUS_DIRS.flatMap((dir) => scenarioFilesIn(root, dir));
}
