/**
 * The proof that a shrunk file stands alone: `aurora-sim run FILE --seed N --json` in a fresh
 * process (the same CLI that is running: the bundle, the compiled tree, or bin/cli.ts under
 * tsx), which must exit 1 with the shrink's invariant among the violated ones. Nothing of this
 * process (module state, caches, the parsed scenario) reaches that run.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { binModule } from '../bin-root.ts';

export interface Verification {
  readonly ok: boolean;
  readonly exitCode: number | null;
  /** Invariants the fresh run violated. */
  readonly violated: readonly string[];
  /** What went wrong when not ok. */
  readonly detail: string;
}

export function verifyFresh(file: string, seed: number, invariant: string): Promise<Verification> {
  const args = [...cliArgs(), 'run', file, '--seed', String(seed), '--json', '--color', 'never'];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      const violated = violatedIn(stdout);
      const ok = exitCode === 1 && violated.includes(invariant);
      const detail = ok
        ? ''
        : violated.length > 0 || exitCode !== null
          ? `exit ${exitCode}, violated: ${violated.length === 0 ? 'none' : violated.join(', ')}`
          : `the run did not finish: ${stderr.trim().split('\n')[0] ?? ''}`;
      resolve({ ok, exitCode, violated, detail });
    });
  });
}

/** Node's arguments that start this CLI: a TypeScript entry point needs tsx's loader. */
function cliArgs(): string[] {
  const cli = binModule('cli');
  const path = fileURLToPath(cli);
  if (!path.endsWith('.ts')) return [path];
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href, path];
}

function violatedIn(stdout: string): string[] {
  try {
    const document = JSON.parse(stdout) as { invariants?: { name: string; ok: boolean }[] };
    return (document.invariants ?? []).filter((i) => !i.ok).map((i) => i.name);
  } catch {
    return [];
  }
}
