import { describe, expect, it } from 'vitest';
import { simdLoopsFor } from './simdLoops';
import { Rng } from './random';

const f = Math.fround;

/** A memory as each WASM build of TF.js has it: one thread (not shared) or threaded (shared, 4 GiB at most). */
const memories = [
  ['one-thread', () => new WebAssembly.Memory({ initial: 1 })],
  ['shared', () => new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true })],
] as const;

describe.each(memories)('the SIMD loops on a %s memory', (_, makeMemory) => {
  it('map x to x·scale + shift in whole groups of four, in place or not, and say how many they did', () => {
    const memory = makeMemory();
    const loops = simdLoopsFor(memory)!;
    expect(loops).toBeDefined();
    const rng = new Rng(2);
    for (const count of [0, 3, 4, 13, 64]) {
      const src = new Float32Array(memory.buffer, 16, count);
      const dst = new Float32Array(memory.buffer, 1024, count + 1);
      src.set(Array.from({ length: count }, () => rng.next() * 10 - 5));
      dst.fill(7);
      const done = loops.affine(src, dst, 2, -1);
      expect(done).toBe(count - (count % 4));
      expect(Array.from(dst.subarray(0, done))).toEqual(Array.from(src.subarray(0, done), (x) => f(f(2 * x) - 1)));
      // Nothing past the groups is touched.
      expect(Array.from(dst.subarray(done))).toEqual(new Array(count + 1 - done).fill(7));
      const before = Array.from(src);
      loops.affine(src, src, 0.5, 0.25);
      expect(Array.from(src)).toEqual(before.map((x, i) => (i < done ? f(f(x * 0.5) + 0.25) : x)));
    }
  });

  it('run Adam’s update with every intermediate rounded to float32, as a plain-array reference does', () => {
    const memory = makeMemory();
    const loops = simdLoopsFor(memory)!;
    const rng = new Rng(4);
    const count = 22;
    const arrays = Array.from({ length: 7 }, (_, i) => new Float32Array(memory.buffer, 256 + i * 128, count));
    const [w, g, m, v] = arrays;
    for (const array of [w, g, m]) array.set(Array.from({ length: count }, () => (rng.next() * 2 - 1) * 10 ** rng.int(-5, 1)));
    v.set(Array.from({ length: count }, () => rng.next() * 10 ** rng.int(-8, -1)));
    const constants = [0.7, 0.9, 0.1, 0.999, 0.001, 1e-8, 0.0031, 0.9995].map(f);
    const [scale, beta1, keep1, beta2, keep2, epsilon, step, keep] = constants;
    const [, , , , ...outputs] = arrays;
    const [nextVariable, nextFirst, nextSecond] = outputs;
    expect(loops.adam({ variable: w, gradient: g, first: m, second: v, nextVariable, nextFirst, nextSecond }, constants)).toBe(20);
    for (let i = 0; i < 20; i++) {
      const clipped = f(g[i] * scale);
      const first = f(f(m[i] * beta1) + f(clipped * keep1));
      const second = f(f(v[i] * beta2) + f(f(clipped * clipped) * keep2));
      expect([outputs[0][i], outputs[1][i], outputs[2][i]], `element ${i}`).toEqual([
        f(f(w[i] * keep) - f(step * f(first / f(f(Math.sqrt(second)) + epsilon)))), first, second,
      ]);
    }
    expect(Array.from(outputs[1].subarray(20))).toEqual([0, 0]);
  });

  it('add x·scale to y, and scale d while summing d·w in float64, over the groups of four from an offset', () => {
    const memory = makeMemory();
    const loops = simdLoopsFor(memory)!;
    const rng = new Rng(6);
    const count = 23;
    const [x, y, dst, w] = Array.from({ length: 4 }, (_, i) => new Float32Array(memory.buffer, 512 + i * 256, 40));
    for (const array of [x, y, w]) array.set(Array.from({ length: 40 }, () => (rng.next() * 2 - 1) * 10 ** rng.int(-3, 3)));
    const scale = f(rng.next() - 0.5);
    dst.fill(9);
    // x from element 5, y from 9, dst from 2.
    expect(loops.scaledAdd(x, 5, y, 9, dst, 2, count, scale)).toBe(20);
    expect(Array.from(dst)).toEqual(Array.from(dst, (_, i) => (i >= 2 && i < 22 ? f(y[i + 7] + f(x[i + 3] * scale)) : 9)));
    dst.fill(9);
    const scaledSum = loops.scaledDot(x, 5, w, 1, dst, 3, count, scale);
    expect(Array.from(dst)).toEqual(Array.from(dst, (_, i) => (i >= 3 && i < 23 ? f(x[i + 2] * scale) : 9)));
    let ordered = 0;
    let magnitude = 0;
    for (let i = 0; i < 20; i++) {
      ordered += f(x[i + 5] * w[i + 1]);
      magnitude += Math.abs(f(x[i + 5] * w[i + 1]));
    }
    expect(Math.abs(scaledSum - ordered)).toBeLessThanOrEqual(magnitude * 2 ** -50);
    expect(loops.dot(x, 5, w, 1, count)).toBe(scaledSum);
    expect(loops.scaledDot(x, 0, w, 0, dst, 0, 3, scale)).toBe(0);
    expect(loops.dot(x, 0, w, 0, 3)).toBe(0);
  });

  it('transpose matrices whose sides are multiples of 4 in 4 × 4 tiles, and refuse the others', () => {
    const memory = makeMemory();
    memory.grow(2); // room for two 128 × 128 matrices
    const loops = simdLoopsFor(memory)!;
    const rng = new Rng(8);
    for (const [rows, cols] of [[4, 4], [4, 12], [16, 8], [128, 128], [20, 36]]) {
      const src = new Float32Array(memory.buffer, 64, rows * cols);
      const dst = new Float32Array(memory.buffer, 64 + 4 * rows * cols + 32, rows * cols + 4);
      src.set(Array.from({ length: rows * cols }, () => rng.normal()));
      dst.fill(7);
      expect(loops.transpose(src, dst, rows, cols)).toBe(true);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(dst[c * rows + r], `[${r}, ${c}] of ${rows} × ${cols}`).toBe(src[r * cols + c]);
      expect(Array.from(dst.subarray(rows * cols))).toEqual([7, 7, 7, 7]);
    }
    const untouched = new Float32Array(memory.buffer, 0, 64).fill(3);
    expect(loops.transpose(untouched, untouched, 6, 8)).toBe(false);
    expect(loops.transpose(untouched, untouched, 8, 2)).toBe(false);
    expect(Array.from(untouched)).toEqual(new Array(64).fill(3));
  });
});
