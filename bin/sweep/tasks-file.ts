/**
 * `tasks.jsonl`: one JSON line per finished task, appended as each finishes (in task order
 * within a run), so an interrupted sweep keeps every task it finished and `--resume` skips
 * them. A line cut short by the interruption is dropped on reading and its task runs again.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import type { TaskLine } from '../../reports/sweep/task-line.ts';
import { CliError, errorReason } from '../exit.ts';

export interface ReadTasks {
  readonly lines: TaskLine[];
  /** Bytes of whole lines: a torn last line starts here. */
  readonly wholeBytes: number;
  readonly torn: boolean;
}

/** The lines of `path` (none if it does not exist); a malformed line other than the last stops the command. */
export function readTaskLines(path: string): ReadTasks {
  if (!existsSync(path)) return { lines: [], wholeBytes: 0, torn: false };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError('unreadable', `${path}: cannot read (${errorReason(error)})`);
  }
  // Every part but the last ended with a newline; a last part that did not is torn.
  const parts = text.split('\n');
  const tail = parts.pop()!;
  const lines: TaskLine[] = [];
  let wholeBytes = 0;
  for (const [i, part] of parts.entries()) {
    const line = parseLine(part);
    if (line === undefined) throw new CliError('invalid-manifest', `${path}:${i + 1}: not a task line`);
    lines.push(line);
    wholeBytes += Buffer.byteLength(part, 'utf8') + 1;
  }
  if (tail !== '') return { lines, wholeBytes, torn: true };
  return { lines, wholeBytes, torn: false };
}

function parseLine(text: string): TaskLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const ok =
    Number.isSafeInteger(v.task) && Number.isSafeInteger(v.repetition) && Number.isSafeInteger(v.seed) && typeof v.verdict === 'string' &&
    typeof v.config === 'object' && v.config !== null;
  return ok ? (value as TaskLine) : undefined;
}

/** Drops a torn last line, so that appending starts on a fresh one. */
export function dropTornLine(path: string, read: ReadTasks): void {
  if (read.torn) truncateSync(path, read.wholeBytes);
}

export function lineText(line: TaskLine): string {
  return `${JSON.stringify(line)}\n`;
}

/** Appends lines to `tasks.jsonl`, each with one write, so a kill leaves at most one torn line. */
export class TaskWriter {
  private readonly fd: number;
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    try {
      this.fd = openSync(path, 'a');
    } catch (error) {
      throw new CliError('unwritable', `${path}: cannot write (${errorReason(error)})`);
    }
  }

  write(line: TaskLine): void {
    writeSync(this.fd, lineText(line));
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Rewrites the file with `lines` in task order (through a temporary file and a rename). */
export function writeInTaskOrder(path: string, lines: readonly TaskLine[]): void {
  const sorted = [...lines].sort((a, b) => a.task - b.task);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, sorted.map(lineText).join(''));
  renameSync(temporary, path);
}
