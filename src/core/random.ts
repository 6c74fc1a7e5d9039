/**
 * A small seeded pseudo-random generator (sfc32), identical in every JavaScript engine, so that the same seed
 * gives the same batches and the same initial weights in the browser, a Web Worker and Node.
 */
export class Rng {
  // The four words a, b, c, d as int32 in a typed array: every engine then keeps them unboxed. As object fields,
  // Chromium (31-bit small integers under pointer compression) boxed most values, and a draw took 2–3× as long as
  // in Node.
  private readonly words = new Int32Array(4);

  constructor(seed: number) {
    // splitmix32 expands the one seed into four well-mixed words.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) this.words[i] = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const words = this.words;
    const a = words[0];
    const b = words[1];
    const c = words[2];
    const d = words[3];
    const t = (((a + b) | 0) + d) | 0;
    words[0] = b ^ (b >>> 9);
    words[1] = (c + (c << 3)) | 0;
    words[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    words[3] = (d + 1) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  bool(): boolean {
    return (this.nextUint32() & 1) === 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): number[] {
    return Array.from(this.permutationInto(new Int32Array(n)));
  }

  /** The same permutation, of 0..out.length-1, written into `out` (a generator's scratch: no allocation per draw). */
  permutationInto(out: Int32Array): Int32Array {
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      const swapped = out[i];
      out[i] = out[j];
      out[j] = swapped;
    }
    return out;
  }

  /** The generator's position, to continue the same stream later (e.g. after a reload). */
  state(): [number, number, number, number] {
    // As saved since the first runs: a as int32 (it was always an xor's result), the others as uint32.
    const [a, b, c, d] = this.words;
    return [a, b >>> 0, c >>> 0, d >>> 0];
  }

  static fromState([a, b, c, d]: readonly number[]): Rng {
    const rng = new Rng(0);
    rng.words.set([a, b, c, d]);
    return rng;
  }

  /** An independent generator derived from this one (for a separate stream, e.g. evaluation data). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

/** Mixes a base seed with a stream label so that named streams (train, eval, init) never overlap. */
export function streamSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
