/**
 * The Markdown summary of a command for a CI page (GitHub's job summary, a merge-request
 * comment): a verdict table with the key figures of every case, what failed in each case that
 * is not ok, and the commands that reproduce them in code blocks. Long fuzz campaigns are cut:
 * the table keeps the cases that are not ok first, and says how many it left out; the JUnit
 * report has every case. Wall times are left out, so the same runs give the same text.
 */
import { count, duration } from '../format.ts';
import { caseName, describeFinding, headline, oneLine, type CaseVerdict, type CiCase, type CiReport } from './ci-case.ts';

/** Rows of the verdict table, and cases whose reproduce block is shown. */
export const MAX_ROWS = 100;
export const MAX_DETAILS = 20;

const COLUMNS = ['scenario', 'seed', 'verdict', 'commits acknowledged', 'lost commits', 'write-unavailable', 'longest recovery'];
const ALIGN = ['---', '---:', '---', '---:', '---:', '---:', '---:'];

const VERDICT: Readonly<Record<CaseVerdict, string>> = {
  ok: '✅ ok',
  failed: '❌ failed',
  inconclusive: '⚠️ inconclusive',
  crashed: '💥 crashed',
  drifted: '❌ drifted',
  invalid: '💥 invalid',
};

export function summaryMarkdown(report: CiReport): string {
  const bad = report.cases.filter((c) => c.verdict !== 'ok');
  const sections = [[title(report, bad.length)], table(report.cases, bad)];
  if (bad.length > 0) sections.push(failures(bad), reproduce(bad));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function title(report: CiReport, bad: number): string {
  const n = report.cases.length;
  const what = n === 0 ? 'nothing ran' : bad === 0 ? `all ${n} ok` : `${bad} of ${n} not ok`;
  return `## aurora-sim ${report.command}: ${what}`;
}

function table(cases: readonly CiCase[], bad: readonly CiCase[]): string[] {
  const shown = cases.length <= MAX_ROWS ? cases : bad.slice(0, MAX_ROWS);
  const rows = [COLUMNS, ALIGN, ...shown.map(cells)].map((row) => `| ${row.join(' | ')} |`);
  const left = cases.length - shown.length;
  return left === 0 ? rows : [...rows, '', `${left} more case${left === 1 ? '' : 's'} not listed (${cases.length - bad.length} ok); the JUnit report lists every case.`];
}

function cells(c: CiCase): string[] {
  const f = c.figures;
  const figures = f === undefined
    ? ['—', '—', '—', '—']
    : [count(f.commitsAcknowledged), count(f.ackedCommitsLost), duration(f.writeUnavailableUs), f.longestRecoveryUs === null ? 'none' : duration(f.longestRecoveryUs)];
  const scenario = inline(`${c.scenario} (${[c.file, ...c.sets.map((s) => `--set ${s}`)].join(' ')})`);
  return [scenario, c.seed === undefined ? '—' : String(c.seed), VERDICT[c.verdict], ...figures];
}

function failures(bad: readonly CiCase[]): string[] {
  const lines = ['### What failed', ''];
  for (const c of bad.slice(0, MAX_DETAILS)) {
    lines.push(`- **${inline(caseName(c))}**: ${inline(headline(c).message)}`);
    for (const f of c.findings.slice(1)) lines.push(`  - ${inline(describeFinding(f))}`);
  }
  return [...lines, ...more(bad.length)];
}

function reproduce(bad: readonly CiCase[]): string[] {
  const lines = ['### Reproduce'];
  for (const c of bad.slice(0, MAX_DETAILS)) {
    const commands = [c.reproduce, c.capsule, c.accept];
    const shown = commands.filter((x): x is string => x !== undefined);
    if (shown.length > 0) lines.push('', `**${inline(caseName(c))}**`, '', ...codeBlock(shown));
  }
  return [...lines, ...(bad.length > MAX_DETAILS ? ['', ...more(bad.length)] : [])];
}

function more(bad: number): string[] {
  return bad > MAX_DETAILS ? [`${bad - MAX_DETAILS} more not shown; the JUnit report has them all.`] : [];
}

/** A fenced block whose fence is longer than any run of backticks inside it. */
export function codeBlock(lines: readonly string[]): string[] {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}sh`, ...lines.map(oneLine), fence];
}

/**
 * Text for a table cell or a list item, on one line: Markdown punctuation is backslash-escaped
 * (so `|` cannot end a cell and `*` cannot start emphasis), HTML's `&`, `<`, `>` become
 * entities (so a name cannot open a tag).
 */
export function inline(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]|~#!]/g, (ch) => `\\${ch}`)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
