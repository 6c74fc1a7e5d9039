/**
 * Copies of a model's weights between workers: the training worker reads them (asynchronously: no synchronous
 * read-back on the training path) into one buffer it can transfer; the probe worker keeps one model of the same
 * spec and assigns each new copy to it, building a new model only when the spec changes.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import { modelSpecOf } from '../run/engine';
import type { ModelWeights } from './probeProtocol';

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Every variable of `model`, in order, copied into one new buffer (never a backend's own array: it is transferred). */
export async function readWeights(model: ActModel, config: Config, step: number): Promise<ModelWeights> {
  const parts = await Promise.all(model.variables.map(({ variable }) => variable.data<'float32'>()));
  const values = new Float32Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    values.set(part, offset);
    offset += part.length;
  }
  return { step, config, values };
}

/** The probe worker's model: one at a time, its weights replaced by each copy. */
export class HeldModel {
  private held: { spec: string; model: ActModel } | null = null;

  get model(): ActModel | null {
    return this.held?.model ?? null;
  }

  /** Takes a copy of the weights: the same model with new values, or a new model when the spec differs (the old one disposed). */
  adopt({ config, values }: ModelWeights): ActModel {
    const spec = modelSpecOf(config);
    const key = JSON.stringify(spec);
    if (this.held?.spec !== key) {
      this.dispose();
      this.held = { spec: key, model: new ActModel(spec, new Rng(0)) };
    }
    const { model } = this.held;
    const expected = model.variables.reduce((total, { variable }) => total + sizeOf(variable.shape), 0);
    if (values.length !== expected) throw new Error(`The weights sent have ${values.length} values; a model of these settings has ${expected}.`);
    tf.tidy(() => {
      let offset = 0;
      for (const { variable } of model.variables) {
        const size = sizeOf(variable.shape);
        variable.assign(tf.tensor(values.subarray(offset, offset + size), variable.shape));
        offset += size;
      }
    });
    return model;
  }

  dispose(): void {
    this.held?.model.dispose();
    this.held = null;
  }
}
