/**
 * Which page a data record changes: uniform over `pages`, or Zipf-distributed by rank with
 * the hot ranks scattered over the page space (so the hottest pages do not all fall into the
 * first protection group, which covers the lowest page numbers).
 *
 * Zipf draws invert a precomputed cumulative table by binary search; the table is built with
 * the portable `pow`, so the same seed picks the same pages on every Node version.
 */
import { pow } from '../core/detmath.ts';
import type { Rng } from '../core/rng.ts';
import type { PageChoice } from './workload-config.ts';

export type PageChooser = () => number;

export function makePageChooser(choice: PageChoice, pages: number, rng: Rng): PageChooser {
  if (choice.kind === 'uniform') return () => rng.int(pages);
  const cumulative = zipfTable(pages, choice.exponent);
  const total = cumulative[pages - 1]!;
  const stride = scatterStride(pages);
  return () => {
    const target = rng.float() * total;
    let low = 0;
    let high = pages - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! <= target) low = mid + 1;
      else high = mid;
    }
    return (low * stride) % pages;
  };
}

function zipfTable(pages: number, exponent: number): Float64Array {
  const cumulative = new Float64Array(pages);
  let sum = 0;
  for (let rank = 0; rank < pages; rank++) {
    sum += pow(rank + 1, -exponent);
    cumulative[rank] = sum;
  }
  return cumulative;
}

/** A multiplier coprime with `pages`, so rank -> rank * stride mod pages is a bijection. */
function scatterStride(pages: number): number {
  for (const candidate of [7919, 104_729, 1_299_709, 15_485_863]) {
    if (gcd(candidate, pages) === 1) return candidate % pages || 1;
  }
  return 1;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
