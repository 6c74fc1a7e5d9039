import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { Rng } from './random';

/** x[begin : begin + size] by brute force over every output index: the reference. */
function referenceSlice(values: Float32Array, shape: number[], begin: number[], size: number[]): number[] {
  const strides = tf.util.computeStrides(shape);
  const out: number[] = [];
  const total = size.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let offset = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const i = rest % size[axis];
      rest = Math.floor(rest / size[axis]);
      offset += (begin[axis] + i) * (axis === shape.length - 1 ? 1 : strides[axis]);
    }
    out.push(values[offset]);
  }
  return out;
}

describe('WASM Slice and SplitV kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('runs on the WASM backend', () => {
    expect(tf.getBackend()).toBe('wasm');
  });

  it('slices like a brute-force reference, ranks 1 to 5, random begins and sizes', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 300; trial++) {
      const rank = rng.int(1, 5);
      const shape = Array.from({ length: rank }, () => rng.int(1, 6));
      const begin = shape.map((n) => rng.int(0, n - 1));
      const size = shape.map((n, axis) => rng.int(0, n - begin[axis]));
      const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1));
      const x = tf.tensor(values, shape);
      const sliced = tf.slice(x, begin, size);
      expect(sliced.shape).toEqual(size);
      expect(Array.from(sliced.dataSync())).toEqual(referenceSlice(values, shape, begin, size));
      tf.dispose([x, sliced]);
    }
  });

  it('splits into equal and uneven parts along every axis', () => {
    const rng = new Rng(11);
    const shape = [3, 8, 6];
    const values = Float32Array.from({ length: 144 }, () => rng.next());
    const x = tf.tensor(values, shape);
    for (let axis = 0; axis < 3; axis++) {
      for (const parts of [shape[axis], [1, shape[axis] - 1]]) {
        const pieces = tf.split(x, parts, axis);
        let start = 0;
        for (const piece of pieces) {
          const begin = [0, 0, 0];
          begin[axis] = start;
          expect(Array.from(piece.dataSync())).toEqual(referenceSlice(values, shape, begin, piece.shape));
          start += piece.shape[axis];
        }
        tf.dispose(pieces);
      }
    }
    x.dispose();
  });

  it('keeps slices correct while allocations grow the heap', () => {
    // A big allocation between slices may grow WASM memory and detach old views of the heap.
    const x = tf.tensor2d(Float32Array.from({ length: 64 * 64 }, (_, i) => i), [64, 64]);
    const big = tf.zeros([4096, 4096]);
    const part = tf.slice(x, [10, 5], [3, 4]);
    expect(Array.from(part.dataSync())).toEqual([645, 646, 647, 648, 709, 710, 711, 712, 773, 774, 775, 776]);
    tf.dispose([x, big, part]);
  });

  it('gives split and slice the same gradients as before (concat and pad)', () => {
    const x = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]);
    const weights = tf.tensor2d([[1, 2], [3, 4]]);
    const grad = tf.grad((input: tf.Tensor) => {
      const [left, right] = tf.split(input as tf.Tensor2D, 2, 1);
      return tf.add(tf.sum(tf.mul(left, weights)), tf.sum(tf.slice(right, [1, 0], [1, 1])));
    })(x);
    expect(Array.from(grad.dataSync())).toEqual([1, 2, 0, 0, 3, 4, 1, 0]);
    tf.dispose([x, weights, grad]);
  });
});
