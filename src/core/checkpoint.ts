/**
 * Keeping training safe from divergence: an in-memory copy of the weights and optimizer state after a good
 * step, and a way to find out what went non-finite when a step goes wrong.
 */
import * as tf from '@tensorflow/tfjs';
import type { Adam, AdamSnapshot } from './adam';
import type { NamedVariable } from './init';

export class Checkpoint {
  private constructor(
    readonly step: number,
    private readonly weights: tf.Tensor[],
    private readonly optimizer: AdamSnapshot,
  ) {}

  static take(step: number, variables: readonly NamedVariable[], optimizer: Adam): Checkpoint {
    return new Checkpoint(step, variables.map(({ variable }) => tf.clone(variable)), optimizer.snapshot());
  }

  restore(variables: readonly NamedVariable[], optimizer: Adam): void {
    variables.forEach(({ variable }, i) => variable.assign(this.weights[i]));
    optimizer.restore(this.optimizer);
  }

  dispose(): void {
    tf.dispose([...this.weights, ...this.optimizer.moments]);
  }
}

/** Raised by a training step that produced NaN or Infinity; the weights are already back at `restoredStep`. */
export class TrainingDiverged extends Error {
  constructor(
    readonly step: number,
    /** What went non-finite: "loss", "gradients", and/or "weights (names…)". */
    readonly what: string[],
    readonly restoredStep: number,
  ) {
    super(`Training diverged at step ${step}: ${what.join(', ')} went non-finite (NaN or Infinity). ` +
      `The weights were rolled back to step ${restoredStep}; lower the learning rate and resume.`);
    this.name = 'TrainingDiverged';
  }
}

/** Names of the variables holding any NaN or Infinity (one read-back: only called after a bad step). */
export async function nonFiniteVariables(variables: readonly NamedVariable[]): Promise<string[]> {
  const flags = tf.tidy(() => tf.stack(variables.map(({ variable }) => tf.all(tf.isFinite(variable)))));
  const finite = await flags.data();
  flags.dispose();
  return variables.filter((_, i) => !finite[i]).map(({ name }) => name);
}
