/** Test helpers for exact floating-point results: bit patterns and distances in ulps. */

const view = new DataView(new ArrayBuffer(8));

/** The 64 bits of `x`, as 16 hex digits. */
export function bitsHex(x: number): string {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** The double with these high and low 32-bit words. */
export function fromBits(hi: number, lo: number): number {
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}

/** Doubles as integers in value order, so that neighbours differ by 1. */
function ordinal(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fff_ffff_ffff_ffffn) : bits;
}

/** Distance in units in the last place; 0 for two NaNs, Infinity for NaN against a number. */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}
