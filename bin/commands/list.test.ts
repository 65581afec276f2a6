/**
 * `list` fits the terminal: one line per scenario with its description cut to the width when
 * there is room for it, else the path and name with the description below; 80 columns off a
 * terminal; paths are never cut. The schema and the golden manifest are not scenarios.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../session.ts';
import { listCommand } from './list.ts';

const DESCRIPTION = 'A long description that says what the scenario does, why, and what it must show, in more words than fit.';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-sim-list-'));
  mkdirSync(join(dir, 'scenarios', 'regressions'), { recursive: true });
  const scenario = (name: string) => `version: 1\nname: ${name}\ndescription: ${DESCRIPTION}\nduration: 1s\n`;
  writeFileSync(join(dir, 'scenarios', 'short.yaml'), scenario('short'));
  writeFileSync(join(dir, 'scenarios', 'regressions', 'a-regression-with-a-rather-long-file-name.yaml'), scenario('a-regression-with-a-rather-long-file-name'));
  writeFileSync(join(dir, 'scenarios', 'broken.yaml'), 'version: 1\nname: [unclosed\n');
  writeFileSync(join(dir, 'scenarios', 'golden.json'), '{"version":1,"entries":[]}');
  writeFileSync(join(dir, 'scenarios', 'scenario.schema.json'), '{}');
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

function list(columns: number | undefined): string[] {
  const written: string[] = [];
  const sink = { isTTY: columns !== undefined, write: (text: string) => written.push(text) };
  const session = openSession(['--color', 'never'], { stdout: sink, stderr: sink, env: {} });
  listCommand(session, { scenariosDir: join(dir, 'scenarios'), cwd: dir, columns });
  return written.join('').trimEnd().split('\n');
}

describe('list', () => {
  it('gives each scenario one line on a wide terminal, its description cut to the width', () => {
    const lines = list(160);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(160);
    expect(lines[2]).toMatch(/^scenarios\/short\.yaml {2,}short {2,}A long description .*…$/);
    expect(lines[0]).toMatch(/^scenarios\/broken\.yaml {2,}invalid: scenarios\/broken\.yaml:\d+:\d+ /);
  });

  it('puts the description below the path and name when they leave it no room, in 80 columns off a terminal', () => {
    const lines = list(undefined);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines.slice(2, 4)).toEqual([
      'scenarios/regressions/a-regression-with-a-rather-long-file-name.yaml',
      `    a-regression-with-a-rather-long-file-name  ${DESCRIPTION.slice(0, 76 - 43 - 1)}…`,
    ]);
    expect(lines.slice(4)).toEqual(['scenarios/short.yaml  short', `    ${DESCRIPTION.slice(0, 75)}…`]);
  });

  it('leaves out the JSON Schema and the golden manifest, which are no scenarios', () => {
    expect(list(160).join('\n')).not.toMatch(/golden|schema/);
  });
});
