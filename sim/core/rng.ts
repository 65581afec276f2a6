/**
 * Seeded random streams: one root seed per run, and one named stream per independent actor
 * (`rng.fork('net/link/a->b')`). This is the only file in `sim/` that imports seedrandom.
 *
 * Why streams are derived by hashing, never by drawing: a child's seed is
 * sha256("aurora-sim/v1\0" + rootSeed + "\0" + fullName), so a stream depends only on the root
 * seed and its own name. Adding a component, creating forks in another order or drawing more
 * from a sibling never shifts anyone else's draws (ARCHITECTURE.md §2.3).
 *
 * Generator: alea (fast, 2^116 period, passes BigCrush). seedrandom seeds it (its Mash
 * hash), always through the default import `seedrandom.alea(...)`: the named import `{ alea }`
 * type-checks but crashes under plain Node ESM. Seeds are 128-bit hex strings, which sidesteps
 * seedrandom's number/string quirks. The stepping is ours (see `state`), with seedrandom's
 * arithmetic: rng.test.ts pins the first draws.
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { assert } from './assert.ts';

/** Versioned domain separator: changing it would change every stream on purpose. */
const DOMAIN = 'aurora-sim/v1\0';
const TWO_32 = 4_294_967_296;

/** The alea seed of the stream called `fullName` under `rootSeed` ('' names the root). */
function streamSeed(rootSeed: string, fullName: string): string {
  const digest = createHash('sha256').update(`${DOMAIN}${rootSeed}\0${fullName}`).digest('hex');
  return digest.slice(0, 32);
}

/** What seedrandom's alea `state()` returns. */
interface AleaState {
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly c: number;
}

export class Rng {
  /** Full path of this stream ('' for the root), e.g. 'net/link/a->b'. */
  readonly name: string;
  private readonly rootSeed: string;
  /**
   * alea's state (s0, s1, s2, c), seeded by seedrandom and then stepped here, exactly as
   * seedrandom steps it. Why not call seedrandom's closures: they keep the state in object
   * fields, each double a separate heap box, and a float costs two closure calls; a typed array
   * keeps the four values unboxed.
   */
  private readonly state: Float64Array;

  private constructor(rootSeed: string, name: string) {
    this.rootSeed = rootSeed;
    this.name = name;
    const { s0, s1, s2, c } = seedrandom.alea(streamSeed(rootSeed, name), { state: true }).state() as AleaState;
    this.state = Float64Array.of(s0, s1, s2, c);
  }

  /** The root stream of a run. A number seed is used as its decimal string. */
  static root(seed: number | string): Rng {
    if (typeof seed === 'number') {
      assert(Number.isSafeInteger(seed), `rng: seed must be a safe integer, got ${seed}`);
      return new Rng(String(seed), '');
    }
    assert(typeof seed === 'string' && seed.length > 0, 'rng: a seed is required');
    return new Rng(seed, '');
  }

  /**
   * The child stream `name` (which may itself contain '/'): `a.fork('b').fork('c')` is the
   * same stream as `a.fork('b/c')`. Forking draws nothing from this stream.
   */
  fork(name: string): Rng {
    assert(name.length > 0, 'rng: a fork needs a name');
    return new Rng(this.rootSeed, this.name === '' ? name : `${this.name}/${name}`);
  }

  /** Uniform in [0, 1) with 53 random bits: seedrandom's `double()`, two alea steps. */
  float(): number {
    const high = this.step();
    return high + ((this.step() * 0x200000) | 0) * 1.1102230246251565e-16; // 2^-53
  }

  /** Uniform unsigned 32-bit integer: seedrandom's `int32()`, as unsigned. */
  u32(): number {
    return ((this.step() * 0x100000000) | 0) >>> 0;
  }

  /** One alea step: 32 random bits as a fraction in [0, 1). */
  private step(): number {
    const s = this.state;
    const t = 2091639 * s[0]! + s[3]! * 2.3283064365386963e-10; // 2^-32
    const c = t | 0;
    s[0] = s[1]!;
    s[1] = s[2]!;
    s[3] = c;
    return (s[2] = t - c);
  }

  /** Uniform integer in [0, n), unbiased (rejection of the incomplete top block). */
  int(n: number): number {
    // An if, not assert(cond, `...${n}`): the message must not be built on every draw.
    if (!(Number.isInteger(n) && n >= 1 && n <= TWO_32)) assert(false, `rng: int(n) needs 1 <= n <= 2^32, got ${n}`);
    const limit = TWO_32 - (TWO_32 % n);
    // One call site for the draw and its rare redraws: a separate redraw call, first reached
    // (about once in 64,000 draws of int(100000)) after TurboFan compiled its caller, threw
    // that code away.
    let x: number;
    do x = this.u32();
    while (x >= limit);
    return x % n;
  }

  /** True with probability p (p <= 0 never, p >= 1 always). */
  chance(p: number): boolean {
    return this.float() < p;
  }
}
