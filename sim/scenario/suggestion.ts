/**
 * "Did you mean ...?" for misspelt keys and names: the closest candidate by edit distance
 * (Damerau, so a swapped pair of letters counts as one edit), case-insensitively, if it is
 * close enough to be a plausible typo; failing that, the one candidate the word abbreviates
 * ("expo" -> "exponential").
 */

export function closest(word: string, candidates: readonly string[]): string | undefined {
  // Words of one or two letters are close to everything; only a case slip counts for them.
  const limit = word.length < 3 ? 0 : Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? abbreviated(word, candidates);
}

function abbreviated(word: string, candidates: readonly string[]): string | undefined {
  if (word.length < 3) return undefined;
  const matches = candidates.filter((c) => c.toLowerCase().startsWith(word.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}

/** " (did you mean 'quorum'?)", or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) row.push(i === 0 ? j : 0);
    rows.push(row);
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) rows[i]![j] = cell(rows, a, b, i, j);
  }
  return rows[a.length]![b.length]!;
}

function cell(rows: number[][], a: string, b: string, i: number, j: number): number {
  const cost = a[i - 1] === b[j - 1] ? 0 : 1;
  let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
  if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
  return best;
}
