/**
 * The Markdown summary: a verdict table a Markdown renderer accepts (a header, a separator row
 * and rows, all with the same number of cells), what failed, and the reproduce commands in
 * code blocks; text from scenarios cannot break out of a cell or open a tag.
 */
import { describe, expect, it } from 'vitest';
import { codeBlock, inline, MAX_DETAILS, MAX_ROWS, summaryMarkdown } from './markdown.ts';
import { crashedCase, driftedCase, failedCase, inconclusiveCase, oddCase, okCase, reportOf } from './testing/cases.ts';

/** The cells of a table row, split at pipes that are not escaped. */
function cells(row: string): string[] {
  expect(row.startsWith('| ') && row.endsWith(' |'), row).toBe(true);
  return row.slice(2, -2).split(/(?<!\\) \| /);
}

/** The table's rows: the block of lines starting with `|`. */
function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('|'));
}

function expectValidTable(markdown: string): string[][] {
  const rows = tableRows(markdown).map(cells);
  const [header, separator, ...body] = rows;
  expect(header).toEqual(['scenario', 'seed', 'verdict', 'commits acknowledged', 'lost commits', 'write-unavailable', 'longest recovery']);
  expect(separator?.every((cell) => /^:?-{3,}:?$/.test(cell))).toBe(true);
  for (const row of [separator!, ...body]) expect(row).toHaveLength(header!.length);
  return body;
}

describe('summary markdown', () => {
  const markdown = summaryMarkdown(reportOf('fuzz', [okCase, failedCase, inconclusiveCase, crashedCase]));

  it('says in its title how many cases are not ok', () => {
    expect(markdown.startsWith('## aurora-sim fuzz: 3 of 4 not ok\n')).toBe(true);
    expect(summaryMarkdown(reportOf('check', [okCase]))).toMatch(/^## aurora-sim check: all 1 ok\n/);
  });

  it('has a valid verdict table with one row per case and its key figures', () => {
    const body = expectValidTable(markdown);
    expect(body).toHaveLength(4);
    expect(body[1]).toEqual(['writer-crash (scenarios/writer-crash.yaml)', '8812', '❌ failed', '9,870', '3', '1.25 s', '25.5 ms']);
    expect(body[3]).toEqual(['chaos (scenarios/chaos.yaml --set duration=2s)', '13', '💥 crashed', '—', '—', '—', '—']);
  });

  it('lists what failed in each case that is not ok: the invariant first, then the rest', () => {
    expect(markdown).toContain('### What failed');
    expect(markdown).toContain('- **writer-crash seed 8812**: acked-commit-durable: commit 40012 is missing (first at 1.0255 s, 3 violations)\n  - ackedCommitsLost: 3 lost (at most 0)');
  });

  it('gives every case that is not ok its reproduce commands in a code block', () => {
    expect(markdown).toContain('**writer-crash seed 8812**\n\n```sh\naurora-sim run scenarios/writer-crash.yaml --seed 8812\n```');
    expect(markdown).toContain('```sh\naurora-sim run scenarios/chaos.yaml --seed 13 --set duration=2s\naurora-sim run out/fuzz/chaos-seed-13.yaml\n```');
    expect(summaryMarkdown(reportOf('check', [driftedCase]))).toContain('aurora-sim check scenarios/golden.json --update\n```');
  });

  it('has no failure sections when every case is ok', () => {
    expect(summaryMarkdown(reportOf('run', [okCase]))).not.toMatch(/What failed|Reproduce/);
  });
});

describe('summary markdown: text from scenarios', () => {
  it('cannot add a cell, open a tag or start emphasis', () => {
    const [row] = expectValidTable(summaryMarkdown(reportOf('run', [oddCase])));
    expect(row?.[0]).toContain('a &lt;b&gt; &amp; "c" \'d\' \\| e \\* \\_f\\_ \\[g\\] \\`h\\`');
    expect(inline('x\ny')).toBe('x y');
  });

  it('puts a command in a fence longer than any run of backticks inside it', () => {
    expect(codeBlock(['echo ``a``'])).toEqual(['```sh', 'echo ``a``', '```']);
    expect(codeBlock(["echo '```'"])).toEqual(['````sh', "echo '```'", '````']);
  });
});

describe('summary markdown: long fuzz campaigns', () => {
  const many = [
    ...Array.from({ length: MAX_ROWS }, (_, i) => ({ ...okCase, seed: i })),
    ...Array.from({ length: MAX_DETAILS + 5 }, (_, i) => ({ ...failedCase, seed: 1_000 + i })),
  ];
  const markdown = summaryMarkdown(reportOf('fuzz', many));

  it('keeps the cases that are not ok in the table and counts the rest', () => {
    const body = expectValidTable(markdown);
    expect(body).toHaveLength(MAX_DETAILS + 5);
    expect(body.every((row) => row[2] === '❌ failed')).toBe(true);
    expect(markdown).toContain(`${MAX_ROWS} more cases not listed (${MAX_ROWS} ok); the JUnit report lists every case.`);
  });

  it('details the first failures and says how many more there are', () => {
    expect(markdown.match(/^```sh$/gm)).toHaveLength(MAX_DETAILS);
    expect(markdown).toContain('5 more not shown; the JUnit report has them all.');
  });
});
