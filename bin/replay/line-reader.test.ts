/** The line reader hands out a file's lines one by one, whatever the chunk edges cut through. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineReader } from './line-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lines(text: string, chunkBytes: number): { lines: string[]; numbers: number[] } {
  const path = join(dir, 'f.txt');
  writeFileSync(path, text);
  const reader = new LineReader(path, chunkBytes);
  const out: string[] = [];
  const numbers: number[] = [];
  for (let line = reader.next(); line !== undefined; line = reader.next()) {
    out.push(line);
    numbers.push(reader.line);
  }
  return { lines: out, numbers };
}

describe('LineReader', () => {
  it('reads every line, at every chunk size, multi-byte characters included', () => {
    const text = 'first\nsécond ✓\n\nfourth line, longer than a chunk\nlast\n';
    for (const chunk of [1, 2, 3, 7, 64]) {
      expect(lines(text, chunk)).toEqual({ lines: ['first', 'sécond ✓', '', 'fourth line, longer than a chunk', 'last'], numbers: [1, 2, 3, 4, 5] });
    }
  });

  it('keeps a last line without a newline, and drops the \\r of a CRLF file', () => {
    expect(lines('a\r\nb', 2).lines).toEqual(['a', 'b']);
  });

  it('reads an empty file as no lines', () => {
    expect(lines('', 4).lines).toEqual([]);
  });
});
