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
    const [x, y, dst, w, scales] = Array.from({ length: 5 }, (_, i) => new Float32Array(memory.buffer, 512 + i * 256, 40));
    for (const array of [x, y, w]) array.set(Array.from({ length: 40 }, () => (rng.next() * 2 - 1) * 10 ** rng.int(-3, 3)));
    const scale = f(rng.next() - 0.5);
    scales[7] = scale;
    dst.fill(9);
    // x from element 5, y from 9, dst from 2; one row, its scale at element 7.
    expect(loops.scaledAddRows([x, 5, 0], [y, 9, 0], [dst, 2, 0], [scales, 7, 0], count, 1)).toBe(20);
    expect(Array.from(dst)).toEqual(Array.from(dst, (_, i) => (i >= 2 && i < 22 ? f(y[i + 7] + f(x[i + 3] * scale)) : 9)));
    // Three rows of 6 (4 done a row), each its own scale; x the same row for all (stride 0), dst summing into y's rows.
    scales.set([0.5, -2, 3].map(f));
    const before = Array.from(y.subarray(0, 18));
    expect(loops.scaledAddRows([x, 0, 0], [y, 0, 6], [y, 0, 6], [scales, 0, 1], 6, 3)).toBe(4);
    before.forEach((value, k) => expect(y[k], `y[${k}]`).toBe(k % 6 < 4 ? f(value + f(x[k % 6] * scales[Math.floor(k / 6)])) : value));
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

  it('copy, add and run the LSTM update row by row, each array its own row stride, touching only each row’s groups', () => {
    const memory = makeMemory();
    const loops = simdLoopsFor(memory)!;
    const rng = new Rng(10);
    const [units, rows, SENTINEL] = [6, 3, 9];
    let next = 64;
    /** An array on the memory, values from `low` to `high`. */
    const array = (length: number, low = -1, high = 1) => {
      const made = new Float32Array(memory.buffer, next, length);
      next += 4 * length + 16;
      made.set(Array.from({ length }, () => low + rng.next() * (high - low)));
      return made;
    };
    const done = (length: number) => new Float32Array(length).map((_, k) => k % units < units - (units % 4) ? 1 : 0);
    const sentinels = (length: number) => array(length).fill(SENTINEL);
    // dst = y + x with x's rows 2·units apart from an offset (the c′ half of [h c′] rows), y and dst units apart.
    const [x, y, sum] = [array(2 * units * rows, -5, 5), array(units * rows, -5, 5), sentinels(units * rows)];
    expect(loops.addRows([x, units, 2 * units], [y, 0, units], [sum, 0, units], units, rows)).toBe(4);
    const counted = done(units * rows);
    sum.forEach((value, k) => {
      const [row, j] = [Math.floor(k / units), k % units];
      expect(value, `sum[${k}]`).toBe(counted[k] ? f(y[k] + x[(2 * row + 1) * units + j]) : SENTINEL);
    });
    // dst = x: y's rows into the h half of [h c′] rows (2·units apart).
    const halves = sentinels(2 * units * rows);
    expect(loops.copyRows([y, 0, units], [halves, 0, 2 * units], units, rows)).toBe(4);
    halves.forEach((value, k) => {
      const [row, j] = [Math.floor(k / (2 * units)), k % (2 * units)];
      expect(value, `halves[${k}]`).toBe(j < 4 ? y[row * units + j] : SENTINEL);
    });
    // The LSTM update: gates [rows, 4·units] as the sigmoid left them (0 … 1), c [rows, units].
    const gates = array(4 * units * rows, 0, 1);
    const [c, nextC, doubled, tanhC, h] = [array(units * rows, -3, 3), sentinels(units * rows), sentinels(units * rows), array(units * rows, 0, 1), sentinels(units * rows)];
    const [before, tanhBefore] = [Float32Array.from(gates), Float32Array.from(tanhC)];
    expect(loops.lstmCell(gates, c, nextC, doubled, units, rows)).toBe(4);
    expect(loops.lstmOutput(gates, tanhC, h, units, rows)).toBe(4);
    for (let k = 0; k < units * rows; k++) {
      const [row, j] = [Math.floor(k / units), k % units];
      const gate = (g: number) => row * 4 * units + g * units + j;
      if (!counted[k]) {
        expect([nextC[k], doubled[k], h[k], gates[gate(2)], tanhC[k]], `untouched ${k}`).toEqual([SENTINEL, SENTINEL, SENTINEL, before[gate(2)], tanhBefore[k]]);
        continue;
      }
      const candidate = f(f(before[gate(2)] + before[gate(2)]) - 1);
      const cell = f(f(before[gate(1)] * c[k]) + f(before[gate(0)] * candidate));
      const t = f(f(tanhBefore[k] + tanhBefore[k]) - 1);
      expect([gates[gate(2)], nextC[k], doubled[k], tanhC[k], h[k]], `element ${k}`).toEqual([candidate, cell, f(cell + cell), t, f(before[gate(3)] * t)]);
    }
    // Its backward pass, from the activated gates and tanh c′.
    const [dh, dNextC, dPre, dc] = [array(units * rows), array(units * rows), sentinels(4 * units * rows), sentinels(units * rows)];
    expect(loops.lstmBackward({ dh, dNextC, c, gates, tanhC, dPre, dc }, units, rows)).toBe(4);
    for (let k = 0; k < units * rows; k++) {
      const [row, j] = [Math.floor(k / units), k % units];
      const at = (g: number) => row * 4 * units + g * units + j;
      if (!counted[k]) {
        expect([dc[k], ...[0, 1, 2, 3].map((g) => dPre[at(g)])], `untouched ${k}`).toEqual(new Array(5).fill(SENTINEL));
        continue;
      }
      const [i, fg, g, o, t] = [gates[at(0)], gates[at(1)], gates[at(2)], gates[at(3)], tanhC[k]];
      const gradC = f(dNextC[k] + f(f(dh[k] * o) * f(1 - f(t * t))));
      expect([dc[k], dPre[at(0)], dPre[at(1)], dPre[at(2)], dPre[at(3)]], `element ${k}`).toEqual([
        f(gradC * fg), f(f(f(gradC * g) * i) * f(1 - i)), f(f(f(gradC * c[k]) * fg) * f(1 - fg)), f(f(gradC * i) * f(1 - f(g * g))),
        f(f(f(dh[k] * t) * o) * f(1 - o)),
      ]);
    }
  });

  it('transpose matrices in 4 × 4 tiles, and the rows and columns beyond the last whole tile', () => {
    const memory = makeMemory();
    memory.grow(2); // room for two 128 × 128 matrices
    const loops = simdLoopsFor(memory)!;
    const rng = new Rng(8);
    for (const [rows, cols] of [[4, 4], [4, 12], [16, 8], [128, 128], [20, 36], [6, 8], [8, 2], [23, 64], [9, 13], [1, 37], [37, 1], [3, 3], [1, 1]]) {
      const src = new Float32Array(memory.buffer, 64, rows * cols);
      const dst = new Float32Array(memory.buffer, 64 + 4 * rows * cols + 32, rows * cols + 4);
      src.set(Array.from({ length: rows * cols }, () => rng.normal()));
      dst.fill(7);
      loops.transpose(src, dst, rows, cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(dst[c * rows + r], `[${r}, ${c}] of ${rows} × ${cols}`).toBe(src[r * cols + c]);
      expect(Array.from(dst.subarray(rows * cols))).toEqual([7, 7, 7, 7]);
    }
  });
});
