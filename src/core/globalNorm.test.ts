import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { composedGlobalNorm, globalNorm } from './globalNorm';
import { Rng } from './random';

/**
 * Gradients of these shapes: of mixed magnitudes within each (so that the order of a variable's additions shows in
 * the low bits), or of one magnitude (so that the order of the variables' sums does).
 */
function gradients(rng: Rng, shapes: number[][], mixed = true): tf.Tensor[] {
  return shapes.map((shape) => tf.tensor(
    Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng.normal() * (mixed ? 10 ** Math.floor(rng.uniform(-3, 3)) : 1)),
    shape,
  ));
}

describe('the global norm as one WASM kernel', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('runs as one kernel', async () => {
    const grads = gradients(new Rng(1), [[65, 128], [128, 128], [128], [128, 1], [1]]);
    const profile = await tf.profile(() => globalNorm(grads));
    expect(profile.kernelNames).toEqual(['GlobalNorm']);
    tf.dispose(grads);
  });

  it('gives the ops’ norm bit for bit: one variable, the parity model’s 7, and more than one AddN group takes', async () => {
    const rng = new Rng(2);
    const sets = [
      [[3, 5]],
      [[65, 128], [128, 128], [128], [128, 1], [1], [128, 1], [1]],
      Array.from({ length: 9 }, (_, i) => [i + 1, 17]),
      Array.from({ length: 52 }, (_, i) => [1 + (i % 5), 3]),
      [[1000, 33], [1], [7]],
    ];
    for (const [shapes, mixed] of sets.flatMap((shapes) => [[shapes, true], [shapes, false]] as const)) {
      const grads = gradients(rng, shapes, mixed);
      const fused = globalNorm(grads);
      const composed = composedGlobalNorm(grads);
      expect(fused.shape).toEqual([]);
      expect(await fused.data(), `${shapes.length} gradients${mixed ? ', mixed magnitudes' : ''}`).toEqual(await composed.data());
      tf.dispose([...grads, fused, composed]);
    }
  });

  it('leaves no tensor behind', () => {
    const grads = gradients(new Rng(3), [[4, 4], [4]]);
    const before = tf.memory().numTensors;
    tf.dispose(globalNorm(grads));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(grads);
  });
});

describe('the global norm on the CPU backend', () => {
  it('is the ops’ norm: √(Σ x²) over every gradient', async () => {
    await initBackend('cpu');
    const norm = globalNorm([tf.tensor1d([3, 4]), tf.tensor2d([[12]])]);
    expect(await norm.data()).toEqual(new Float32Array([13]));
  });
});
