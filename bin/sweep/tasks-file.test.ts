/**
 * tasks.jsonl survives an interruption: whole lines are kept, a line cut short is dropped (its
 * task runs again), and anything else malformed stops the command rather than being guessed at.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crashedTaskLine } from '../../reports/sweep/task-line.ts';
import { dropTornLine, lineText, readTaskLines, TaskWriter, writeInTaskOrder } from './tasks-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'aurora-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = (n: number) => crashedTaskLine({ task: n, config: { a: String(n) }, repetition: 0, seed: 10 + n }, 'x');

describe('tasks.jsonl', () => {
  it('is read back line for line as written, and a missing file holds no tasks', () => {
    const path = join(dir, 'whole.jsonl');
    const writer = new TaskWriter(path);
    writer.write(task(1));
    writer.write(task(0));
    writer.close();
    expect(readTaskLines(path)).toEqual({ lines: [task(1), task(0)], wholeBytes: lineText(task(1)).length + lineText(task(0)).length, torn: false });
    expect(readTaskLines(join(dir, 'none.jsonl'))).toEqual({ lines: [], wholeBytes: 0, torn: false });
  });

  it('drops a last line cut short, so appending starts on a fresh line', () => {
    const path = join(dir, 'torn.jsonl');
    writeFileSync(path, lineText(task(0)) + lineText(task(1)).slice(0, 25));
    const read = readTaskLines(path);
    expect(read.lines).toEqual([task(0)]);
    expect(read.torn).toBe(true);
    dropTornLine(path, read);
    expect(readFileSync(path, 'utf8')).toBe(lineText(task(0)));
  });

  it('refuses a malformed line before the last, naming it', () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${lineText(task(0))}{"task":1}\n${lineText(task(2))}`);
    expect(() => readTaskLines(path)).toThrow(/bad\.jsonl:2: not a task line/);
  });

  it('is rewritten in task order', () => {
    const path = join(dir, 'ordered.jsonl');
    writeInTaskOrder(path, [task(2), task(0), task(1)]);
    expect(readFileSync(path, 'utf8')).toBe([task(0), task(1), task(2)].map(lineText).join(''));
  });
});
