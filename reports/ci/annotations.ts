/**
 * GitHub Actions annotations (workflow commands, `::error file=F,line=L,col=C,title=T::message`)
 * for the cases of a command that are not ok. A finding about a field written in the scenario
 * file (a failed `expect:` entry, the `convergeWithin` that ran out) points at that line; a
 * golden drift points at line 1 of its scenario file; anything else (a violated invariant, a
 * crash) annotates the file without a line, since the run cannot say which line caused it.
 *
 * GitHub shows at most ten error annotations of a step, so past `MAX_ANNOTATIONS` the rest are
 * counted in one last line. A scenario that does not parse is not annotated here: its issues
 * are annotated, each at its own line and column, where the CLI reports bad input.
 */
import { caseName, describeFinding, headline, oneLine, type CiCase, type CiReport, type Finding, type Place } from './ci-case.ts';

export const MAX_ANNOTATIONS = 10;

export interface AnnotationTarget {
  readonly file?: string;
  readonly place?: Place;
  readonly title?: string;
}

/** One `::error` workflow command; its properties and message escaped as the runner expects. */
export function errorCommand(target: AnnotationTarget, message: string): string {
  const props: string[] = [];
  if (target.file !== undefined) props.push(`file=${property(target.file)}`);
  if (target.place !== undefined) props.push(`line=${target.place.line}`, `col=${target.place.col}`);
  if (target.title !== undefined) props.push(`title=${property(target.title)}`);
  return `::error${props.length === 0 ? '' : ` ${props.join(',')}`}::${data(message)}`;
}

export function githubAnnotations(report: CiReport, limit = MAX_ANNOTATIONS): string[] {
  const all = report.cases.filter((c) => c.verdict !== 'ok' && c.verdict !== 'invalid').flatMap((c) => caseAnnotations(report, c));
  if (all.length <= limit) return all;
  const shown = all.slice(0, limit - 1);
  const rest = all.length - shown.length;
  return [...shown, errorCommand({ title: `aurora-sim ${report.command}` }, `${rest} more failure${rest === 1 ? '' : 's'} not annotated; see the log or the JUnit report`)];
}

function caseAnnotations(report: CiReport, c: CiCase): string[] {
  const title = `aurora-sim ${report.command}: ${caseName(c)}`;
  const tail = c.reproduce === undefined ? '' : ` | reproduce: ${c.reproduce}`;
  if (c.error !== undefined || c.findings.length === 0) {
    const { type, message } = headline(c);
    return [errorCommand({ file: c.file, title }, `${c.verdict}: ${type}: ${message}${tail}`)];
  }
  return c.findings.map((f: Finding) => {
    const accept = f.kind === 'drift' && c.accept !== undefined ? ` | accept a deliberate change: ${c.accept}` : '';
    return errorCommand({ file: c.file, title, ...(f.place === undefined ? {} : { place: f.place }) }, `${oneLine(describeFinding(f))}${accept}${tail}`);
  });
}

function data(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function property(text: string): string {
  return data(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
