/**
 * Where a finding's scenario field is written: the line and column of its key in the scenario
 * text, read with the same YAML parser (and so the same positions) as scenario issues. A field
 * that is not in the text (a default, a `--set` override, a merge key) gets no place rather
 * than a guessed one.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import type { Finding, Place } from '../../reports/ci/ci-case.ts';

export function placeFindings(text: string | undefined, findings: readonly Finding[]): Finding[] {
  if (text === undefined || !findings.some((f) => f.path !== undefined)) return [...findings];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  return findings.map((f) => {
    const place = f.path === undefined ? undefined : keyPlace(doc.contents, f.path, lineCounter);
    return place === undefined ? f : { ...f, place };
  });
}

function keyPlace(root: unknown, path: readonly string[], lineCounter: LineCounter): Place | undefined {
  let node = root;
  let at: number | undefined;
  for (const segment of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
    if (pair === undefined) return undefined;
    at = (pair.key as Node).range?.[0];
    node = pair.value;
  }
  return at === undefined ? undefined : lineCounter.linePos(at);
}
