/**
 * Empirical distributions from CSV files: read through the injected reader, by the path as
 * written; bad lines reported at their line in the CSV.
 */
import { describe, expect, it } from 'vitest';
import { besideScenario, parseSamples } from './empirical-file.ts';
import { issuesOf, minimalWith, scenarioOf } from './testing/fixtures.ts';

const withFile = minimalWith('network:\n  crossAz: { dist: empirical, file: lat.csv }\n');

function reader(files: Record<string, string>) {
  const asked: string[] = [];
  const readFile = (path: string): string => {
    asked.push(path);
    const text = files[path];
    if (text === undefined) throw new Error('ENOENT: no such file or directory');
    return text;
  };
  return { asked, readFile };
}

describe('empirical CSV files', () => {
  it('become samples in integer µs, read by the path as written', () => {
    const files = reader({ 'lat.csv': '# one-way latency\n250\n1.5ms\r\n\n  2ms  \n' });
    const scenario = scenarioOf(withFile, { file: 'scenarios/x.yaml', readFile: files.readFile });
    expect(scenario.network.crossAz).toStrictEqual({ dist: 'empirical', samples: [250, 1_500, 2_000] });
    expect(files.asked).toEqual(['lat.csv']);
  });

  it('report a bad line at its line in the CSV, named beside the scenario', () => {
    const files = reader({ 'lat.csv': '250us\nfast\n1,2\n' });
    expect(issuesOf(withFile, { file: 'scenarios/x.yaml', readFile: files.readFile })).toEqual([
      'scenarios/lat.csv:2:1  network.crossAz.file: expected a duration like "250us" or "1.5s", got "fast"',
      'scenarios/lat.csv:3:1  network.crossAz.file: expected one value per line, got "1,2"',
    ]);
  });

  it('report an unreadable or empty file at the file key', () => {
    expect(issuesOf(withFile, reader({}))).toEqual([
      'test.yaml:5:37  network.crossAz.file: cannot read "lat.csv": ENOENT: no such file or directory',
    ]);
    expect(issuesOf(withFile, reader({ 'lat.csv': '# nothing\n' }))).toEqual([
      'lat.csv:1:1  network.crossAz.file: the file holds no samples',
    ]);
    expect(issuesOf(withFile)).toEqual(['test.yaml:5:37  network.crossAz.file: cannot read "lat.csv": no file reader was given']);
  });

  it('refuse samples and file together', () => {
    const text = minimalWith('network:\n  crossAz: { dist: empirical, file: lat.csv, samples: [1ms] }\n');
    expect(issuesOf(text, reader({ 'lat.csv': '1ms\n' }))).toEqual([
      'test.yaml:5:37  network.crossAz.file: give either samples or file, not both',
    ]);
  });

  it('parse one value per line, skipping blanks and comments', () => {
    expect(parseSamples('1ms\n\n# c\n7\n')).toStrictEqual({ samples: [1_000, 7] });
    expect(parseSamples('  -1ms\n')).toStrictEqual({ errors: [{ line: 1, col: 3, message: 'must not be negative, got "-1ms"' }] });
  });

  it('name the CSV relative to the scenario’s folder', () => {
    expect(besideScenario('scenarios/a.yaml', 'lat.csv')).toBe('scenarios/lat.csv');
    expect(besideScenario('a.yaml', 'data/lat.csv')).toBe('data/lat.csv');
    expect(besideScenario('scenarios/a.yaml', '/abs/lat.csv')).toBe('/abs/lat.csv');
  });
});
