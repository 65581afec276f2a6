/**
 * JUnit XML, as Jenkins, GitLab and the GitHub test-report actions read it: one <testsuite>
 * per scenario file, one <testcase> per scenario and seed (classname the file, name the
 * scenario and seed). A case that failed (a violated invariant, a failed expectation, an
 * inconclusive run, a golden drift) has a <failure> whose type is the checker, the expectation
 * or `golden-drift`, whose message is the headline and whose body lists every finding and the
 * command that reproduces it; a simulator bug or a scenario that no longer parses is an
 * <error>. It validates against `bin/ci/junit.xsd`.
 *
 * The only attributes that change between two runs of the same command are the `time`s (wall
 * seconds), so a test that compares two files drops those and nothing else. No timestamp and
 * no host name are written, for the same reason.
 */
import { count, duration } from '../format.ts';
import { caseName, describeFinding, headline, outcomeOf, type CiCase, type CiReport } from './ci-case.ts';
import { attributes, xmlText } from './xml.ts';

export function junitXml(report: CiReport): string {
  const suites = byFile(report.cases).map(([file, cases]) => suite(file, cases));
  const head = `<testsuites ${attributes([['name', `aurora-sim ${report.command}`], ...tally(report.cases), ['time', wallSeconds(report.wallMs)]])}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}

/** Cases grouped by scenario file, files in the order they first appear. */
function byFile(cases: readonly CiCase[]): [string, CiCase[]][] {
  const groups = new Map<string, CiCase[]>();
  for (const c of cases) groups.set(c.file, [...(groups.get(c.file) ?? []), c]);
  return [...groups];
}

function tally(cases: readonly CiCase[]): [string, string][] {
  const of = (o: ReturnType<typeof outcomeOf>) => String(cases.filter((c) => outcomeOf(c) === o).length);
  return [['tests', String(cases.length)], ['failures', of('failure')], ['errors', of('error')]];
}

function suite(file: string, cases: readonly CiCase[]): string {
  const times = cases.map((c) => c.wallMs);
  const time = times.every((t) => t !== undefined) ? times.reduce((a, b) => a + b, 0) : undefined;
  const head = `  <testsuite ${attributes([['name', file], ...tally(cases), ['skipped', '0'], ['time', wallSeconds(time)]])}>`;
  return [head, ...cases.map(testcase), '  </testsuite>'].join('\n');
}

function testcase(c: CiCase): string {
  const head = `    <testcase ${attributes([['classname', c.file], ['name', caseName(c)], ['time', wallSeconds(c.wallMs)]])}>`;
  const outcome = outcomeOf(c);
  const children: string[] = [];
  if (outcome !== 'passed') {
    const { type, message } = headline(c);
    children.push(`      <${outcome} ${attributes([['type', type], ['message', message]])}>${xmlText(body(c).join('\n'))}</${outcome}>`);
  }
  const out = systemOut(c);
  if (out.length > 0) children.push(`      <system-out>${xmlText(out.join('\n'))}</system-out>`);
  return [head, ...children, '    </testcase>'].join('\n');
}

/** What a reader of the failure needs to act on it: the error, every finding, and the commands. */
function body(c: CiCase): string[] {
  const lines: string[] = [];
  if (c.error !== undefined) lines.push(`${c.error.type}: ${c.error.message}`, ...(c.error.detail === undefined ? [] : [c.error.detail]));
  if (c.findings.length > 0) lines.push(findingsTitle(c), ...c.findings.map((f) => `  ${describeFinding(f)}${placed(c, f.place)}`));
  if (c.reproduce !== undefined) lines.push('reproduce:', `  ${c.reproduce}`);
  if (c.capsule !== undefined) lines.push('replay the capsule (the faults written out):', `  ${c.capsule}`);
  if (c.accept !== undefined) lines.push('if the change is deliberate, accept it with:', `  ${c.accept}`);
  return lines;
}

function findingsTitle(c: CiCase): string {
  if (c.verdict === 'drifted') return 'drifted from the golden manifest:';
  return c.verdict === 'inconclusive' ? 'inconclusive:' : 'violated:';
}

function placed(c: CiCase, place: { line: number; col: number } | undefined): string {
  return place === undefined ? '' : `  (${c.file}:${place.line}:${place.col})`;
}

/** The run's own facts, for every case that ran. */
function systemOut(c: CiCase): string[] {
  const lines = c.traceHash === undefined ? [] : [`traceHash ${c.traceHash}`];
  const f = c.figures;
  if (f === undefined) return lines;
  const recovery = f.longestRecoveryUs === null ? 'none' : duration(f.longestRecoveryUs);
  return [
    ...lines,
    `verdict ${c.verdict}; commits acknowledged ${count(f.commitsAcknowledged)}, acknowledged commits lost ${count(f.ackedCommitsLost)}`,
    `write-unavailable ${duration(f.writeUnavailableUs)}; longest recovery ${recovery}`,
  ];
}

function wallSeconds(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : (Math.max(0, ms) / 1000).toFixed(3);
}
