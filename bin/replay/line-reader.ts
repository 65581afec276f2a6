/**
 * Reads a text file one line at a time in fixed-size chunks, so a trace of hundreds of MB is
 * never held whole; synchronous, so two files can be read in step without interleaving
 * promises. Lines end in `\n` (a `\r` before it is dropped); a last line without one still
 * counts.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;
/** Longer than any trace line by far: a file without line ends is not read whole into one string. */
export const MAX_LINE_CHARS = 1 << 24;

export class LineReader {
  /** 1-based number of the line `next` returned last. */
  line = 0;
  private readonly fd: number;
  private readonly buffer: Buffer;
  private readonly decoder = new StringDecoder('utf8');
  private pending: string[] = [];
  /** The next of `pending` to hand out. */
  private taken = 0;
  private rest = '';
  private ended = false;

  /** Opens `path`; throws as `openSync` does (a missing file). `chunkBytes` is for tests of chunk edges. */
  constructor(path: string, chunkBytes = CHUNK_BYTES) {
    this.buffer = Buffer.alloc(chunkBytes);
    this.fd = openSync(path, 'r');
  }

  /** The next line without its end, or undefined at the end of the file (which closes it). */
  next(): string | undefined {
    while (this.taken === this.pending.length) {
      if (this.ended) return undefined;
      this.fill();
    }
    this.line++;
    return this.pending[this.taken++];
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    closeSync(this.fd);
  }

  private fill(): void {
    const bytes = readSync(this.fd, this.buffer, 0, this.buffer.length, null);
    const text = bytes === 0 ? this.decoder.end() : this.decoder.write(this.buffer.subarray(0, bytes));
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop()!;
    if (this.rest.length > MAX_LINE_CHARS) throw new Error(`line ${this.line + lines.length + 1} is longer than ${MAX_LINE_CHARS} characters`);
    if (bytes === 0) {
      if (this.rest !== '') lines.push(this.rest);
      this.rest = '';
      this.close();
    }
    this.pending = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    this.taken = 0;
  }
}
