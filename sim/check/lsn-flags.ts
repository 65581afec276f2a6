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

  add(lsn: number): void {
    const key = Math.floor(lsn / CHUNK);
    let chunk = this.chunks.get(key);
    if (chunk === undefined) {
      chunk = new Uint8Array(CHUNK / 8);
      this.chunks.set(key, chunk);
    }
    const offset = lsn - key * CHUNK;
    chunk[offset >>> 3]! |= 1 << (offset & 7);
  }

  has(lsn: number): boolean {
    const key = Math.floor(lsn / CHUNK);
    const chunk = this.chunks.get(key);
    if (chunk === undefined) return false;
    const offset = lsn - key * CHUNK;
    return (chunk[offset >>> 3]! & (1 << (offset & 7))) !== 0;
  }
}
