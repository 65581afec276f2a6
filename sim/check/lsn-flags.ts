/**
 * A set of LSNs as bitsets in 64 Ki-LSN chunks, allocated as LSNs appear: one bit per LSN, so
 * a run with tens of millions of records costs a few megabytes, and LSN jumps over truncation
 * ranges cost nothing. Checkers use it where pruning would make an answer depend on history
 * (for example, whether a VDL that went backwards is still a CPL).
 */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

export class LsnFlags {
  private readonly chunks = new Map<number, Uint8Array>();
  /** The chunk used last, and its key (NaN: none): LSNs are added and asked about in rising runs. */
  private lastKey = NaN;
  private last: Uint8Array = new Uint8Array(0);

  add(lsn: number): void {
    const key = Math.floor(lsn / CHUNK);
    if (key !== this.lastKey) this.select(key, true);
    const offset = lsn - key * CHUNK;
    this.last[offset >>> 3]! |= 1 << (offset & 7);
  }

  has(lsn: number): boolean {
    const key = Math.floor(lsn / CHUNK);
    if (key !== this.lastKey && !this.select(key, false)) return false;
    const offset = lsn - key * CHUNK;
    return (this.last[offset >>> 3]! & (1 << (offset & 7))) !== 0;
  }

  /** Makes the chunk of `key` the last one, creating it if asked; false if it does not exist. */
  private select(key: number, create: boolean): boolean {
    let chunk = this.chunks.get(key);
    if (chunk === undefined) {
      if (!create) return false;
      chunk = new Uint8Array(CHUNK / 8);
      this.chunks.set(key, chunk);
    }
    this.lastKey = key;
    this.last = chunk;
    return true;
  }
}
