/** The heads' losses and errors against values worked out by hand. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sequenceErrors, sequenceLoss } from './head';
import type { HeadSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SUM: HeadSpec = { kind: 'sum', units: 1 };

/** Per step [batch, 1] tensors from per-step arrays over the batch. */
const column = (steps: number[][]): tf.Tensor2D[] => steps.map((values) => tf.tensor2d(values, [values.length, 1]));
/** The same stacked: [steps, batch, 1], as the model gives its logits. */
const stacked = (steps: number[][]): tf.Tensor3D => tf.stack(column(steps)) as tf.Tensor3D;

describe('sum head', () => {
  // Two sequences over three steps. Outputs: (1.5, 2, 0.25) and (0.5, 1, 3.25). Sequence 0 has its target at
  // the last step: running sum 3.75 vs 4 → (−0.25)² = 0.0625, rounded 4: right. Sequence 1 has targets at step 1
  // (sum 1.5 vs 1 → 0.25, rounds to 2: wrong) and step 2 (sum 4.75 vs 5 → 0.0625, rounds to 5: right).
  const logits = stacked([[1.5, 0.5], [2, 1], [0.25, 3.25]]);
  const targets = column([[0, 0], [0, 1], [4, 5]]);
  const mask = [[0, 0], [0, 1], [1, 1]].map((values) => tf.tensor1d(values));

  it('sums squared errors of the running sums at the steps with a target', () => {
    const loss = sequenceLoss(SUM, logits, targets, mask).arraySync();
    expect(loss[0]).toBeCloseTo(0.0625, 6);
    expect(loss[1]).toBeCloseTo(0.25 + 0.0625, 6);
  });

  it('calls a sequence wrong when a rounded running sum is not its target', () => {
    expect(sequenceErrors(SUM, logits, targets, mask).arraySync()).toEqual([0, 1]);
  });

  it('gives the gradient 2·(sum − target) to every output up to the target step', () => {
    const one = tf.tensor1d([1]);
    const target = [tf.zeros([1, 1]), tf.tensor2d([[3]])] as tf.Tensor2D[];
    const stepMask = [tf.tensor1d([0]), one];
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(sequenceLoss(SUM, tf.stack([a, b]) as tf.Tensor3D, target, stepMask)))(
      [tf.tensor2d([[1]]), tf.tensor2d([[1.5]])],
    );
    // d/dy (y0 + y1 − 3)² = 2 · (2.5 − 3) = −1 for both outputs.
    expect(grads.map((g) => g.arraySync())).toEqual([[[-1]], [[-1]]]);
  });
});
