/**
 * A training run's complete state as plain data (for IndexedDB or files): the model in TF.js format, Adam's
 * moments, the data stream's position and the step. Restoring it continues exactly where the run stopped.
 */
import * as tf from '@tensorflow/tfjs';
import type { TaskData } from '../tasks/task';
import type { ConfigFormat, ModelJson } from './serialize';
import type { StreamSnapshot } from './streaming';
import { loadModel, saveModel } from './serialize';
import { Trainer } from './trainer';
import type { TrainerOptions } from './trainer';

export interface TrainerState {
  model: ModelJson;
  weights: ArrayBuffer;
  optimizer: { iterations: number; moments: ArrayBuffer };
  dataStream: number[];
  step: number;
  /** τ as the ponder budget had moved it; absent in states saved before the budget mode (then the config's τ). */
  tau?: number;
  /** Streaming training (tbptt > 0): the streams' positions, K and carried state. Absent otherwise. */
  streams?: StreamSnapshot;
}

export async function exportTrainerState(trainer: Trainer, format: ConfigFormat, metadata: Record<string, unknown> = {}): Promise<TrainerState> {
  const { json, weights } = await saveModel(trainer.model, trainer.config, format, { ...metadata, steps: trainer.stepCount });
  const snapshot = trainer.optimizerSnapshot();
  try {
    const flat = tf.tidy(() => tf.concat(snapshot.moments.map((moment) => tf.reshape(moment, [-1]))));
    const moments = (await flat.data()).slice().buffer as ArrayBuffer;
    flat.dispose();
    const streams = await trainer.streamSnapshot();
    return { model: json, weights, optimizer: { iterations: snapshot.iterations, moments }, dataStream: trainer.dataStreamState(), step: trainer.stepCount, tau: trainer.tau, ...(streams && { streams }) };
  } finally {
    tf.dispose(snapshot.moments);
  }
}

/** Rebuilds a Trainer from a saved state; throws an Error saying what is wrong, and then nothing has changed. */
export function restoreTrainer(state: TrainerState, format: ConfigFormat, data?: TaskData, options?: TrainerOptions): Trainer {
  const { model, config, task } = loadModel(state.model, state.weights, format);
  try {
    const sizes = model.variables.map(({ variable }) => variable.size);
    const expected = 2 * sizes.reduce((a, b) => a + b, 0) * 4;
    const { iterations, moments } = state.optimizer ?? {};
    if (!(moments instanceof ArrayBuffer) || moments.byteLength !== expected) {
      throw new Error(`the saved optimizer state has ${moments instanceof ArrayBuffer ? moments.byteLength : 'no'} bytes; this model needs ${expected}`);
    }
    if (!Number.isInteger(iterations) || !Number.isInteger(state.step) || state.step < 0) throw new Error('the saved step counts are not whole numbers');
    if (!Array.isArray(state.dataStream) || state.dataStream.length !== 4) throw new Error('the saved data-stream position is malformed');
    if (state.tau !== undefined && !(typeof state.tau === 'number' && state.tau >= 0 && state.tau <= 1)) throw new Error('the saved τ is not a number between 0 and 1');
    const values = new Float32Array(moments);
    let offset = 0;
    const tensors = model.variables.flatMap(({ variable }) => [0, 1].map(() => {
      const part = tf.tensor(values.subarray(offset, offset + variable.size), variable.shape);
      offset += variable.size;
      return part;
    }));
    try {
      return Trainer.resume(config, task, { model, optimizer: { iterations, moments: tensors }, dataStream: state.dataStream, step: state.step, tau: state.tau, streams: state.streams }, data, options);
    } finally {
      tf.dispose(tensors);
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
}
