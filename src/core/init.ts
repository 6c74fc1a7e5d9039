import * as tf from '@tensorflow/tfjs';
import type { Rng } from './random';

/** A trainable weight with the stable name it is saved under (TF.js variable names must be unique, ours not). */
export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

/** Glorot (Xavier) uniform values for a [fanIn, fanOut] kernel, drawn from our seeded generator. */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-limit, limit);
  return values;
}

/** Creates a trainable variable; inside tidy so the initialiser tensor is freed. */
export function makeVariable(name: string, shape: number[], values: Float32Array): NamedVariable {
  const variable = tf.tidy(() => tf.variable(tf.tensor(values, shape), true));
  return { name, variable };
}

export function kernel(rng: Rng, name: string, fanIn: number, fanOut: number): NamedVariable {
  return makeVariable(name, [fanIn, fanOut], glorotUniform(rng, fanIn, fanOut));
}

export function constantVector(name: string, length: number, value = 0): NamedVariable {
  return makeVariable(name, [length], new Float32Array(length).fill(value));
}
