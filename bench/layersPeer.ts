/**
 * The TF.js user's alternative (issue 16 §4): the plain (no-ACT) LSTM characters config built from tf.layers and
 * trained with model.trainOnBatch, against our no-ACT training step on the same shapes, batches and backend.
 * Same sizes: LSTM 128 over one-hot bytes, a softmax over the 256 byte values at every step, batch 32, 100 steps
 * per sequence, Adam at the config's learning rate. (Ours also clips the global gradient norm; tf.layers' Adam does
 * not — a few more ops on our side.)
 */
import * as tf from '@tensorflow/tfjs';
import { parseConfig } from '../src/config/codec';
import { Rng } from '../src/core/random';
import { createTrainer } from '../src/run/engine';
import { getTask } from '../src/tasks/registry';
import { median } from './profile';
import type { TaskData } from '../src/tasks/task';

export const PEER_CONFIG = 'task=wiki&cell=lstm&hidden=128&batch=32&window=100&halting=none';

export interface LayersPeerResult {
  config: string;
  steps: number;
  /** Median ms per training step. */
  oursMs: number;
  layersMs: number;
  /** layersMs ÷ oursMs: how many times faster ours is. */
  ratio: number;
}

/** One task batch as tf.layers wants it: one-hot inputs and targets [batch, steps, 256]. */
function layersBatch(config: ReturnType<typeof parseConfig>['config'], data: TaskData, rng: Rng): { xs: tf.Tensor3D; ys: tf.Tensor3D } {
  const task = getTask(config.task);
  const host = task.generate(config as never, config.batch, rng, data.train);
  const { steps, batch, inputSize } = host;
  return tf.tidy(() => {
    const xs = tf.transpose(tf.tensor3d(host.inputs, [steps, batch, inputSize]), [1, 0, 2]) as tf.Tensor3D;
    const classes = tf.transpose(tf.tensor2d(host.targets, [steps, batch]), [1, 0]);
    return { xs, ys: tf.oneHot(tf.cast(classes, 'int32'), inputSize) as tf.Tensor3D };
  });
}

/** Times `steps` training steps of each after `warmup` untimed ones, ours first. */
export async function measureLayersPeer(data: TaskData, warmup: number, steps: number): Promise<LayersPeerResult> {
  const { config, problems } = parseConfig(PEER_CONFIG);
  if (problems.length > 0) throw new Error(`tf.layers peer config: ${problems.map((p) => p.key).join(', ')}`);
  const ours = createTrainer(config, data);
  const oursTimes: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const started = performance.now();
      await ours.step();
      if (i >= warmup) oursTimes.push(performance.now() - started);
    }
  } finally {
    ours.dispose();
  }
  const { inputSize } = getTask(config.task).dims(config as never);
  const model = tf.sequential({
    layers: [
      tf.layers.lstm({ units: config.hidden, returnSequences: true, inputShape: [config.window, inputSize] }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: inputSize, activation: 'softmax' }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(config.lr), loss: 'categoricalCrossentropy' });
  const rng = new Rng(config.seed);
  const layersTimes: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      // The batch is made outside the timing: ours makes its batches inside its step, so this favours tf.layers.
      const { xs, ys } = layersBatch(config, data, rng);
      const started = performance.now();
      await model.trainOnBatch(xs, ys);
      if (i >= warmup) layersTimes.push(performance.now() - started);
      tf.dispose([xs, ys]);
    }
  } finally {
    model.dispose();
  }
  const [oursMs, layersMs] = [median(oursTimes), median(layersTimes)];
  return { config: PEER_CONFIG, steps, oursMs, layersMs, ratio: layersMs / oursMs };
}
