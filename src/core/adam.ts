/**
 * Adam (Kingma & Ba) with clipping by global norm and decoupled weight decay (AdamW, Loshchilov & Hutter),
 * written out so that its learning rate and decay can change between steps of a running training and its moments
 * can be checkpointed with the weights.
 */
import * as tf from '@tensorflow/tfjs';
import { adamUpdate } from './adamKernel';

export interface AdamSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
}

const DEFAULTS: AdamSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** The optimizer's state: its step count and both moments of every variable, in variable order. */
export interface AdamSnapshot {
  iterations: number;
  moments: tf.Tensor[];
}

export class Adam {
  learningRate: number;
  private readonly settings: AdamSettings;
  private readonly moments: { first: tf.Variable; second: tf.Variable }[];
  private iterations = 0;

  constructor(private readonly variables: readonly tf.Variable[], learningRate: number, settings: Partial<AdamSettings> = {}) {
    this.learningRate = learningRate;
    this.settings = { ...DEFAULTS, ...settings };
    this.moments = variables.map((variable) => tf.tidy(() => ({
      first: tf.variable(tf.zerosLike(variable), false),
      second: tf.variable(tf.zerosLike(variable), false),
    })));
  }

  /**
   * Applies one update from gradients given in the order of the variables, clipped to a global norm of
   * `clipNorm` first (0: no clipping). `norm` is their global norm (globalNorm.ts). The caller skips steps whose
   * norm is not finite, so weights and moments never take in a NaN. With `weightDecay` > 0 every weight matrix
   * (rank ≥ 2; bias vectors and scalars are left alone) also shrinks by learningRate · weightDecay · itself,
   * outside the moments (decoupled, as AdamW: the decay does not pass through Adam's per-weight scaling).
   */
  apply(gradients: readonly tf.Tensor[], norm: tf.Scalar, clipNorm: number, weightDecay = 0): void {
    this.iterations += 1;
    const { beta1, beta2, epsilon } = this.settings;
    const step = this.learningRate * Math.sqrt(1 - beta2 ** this.iterations) / (1 - beta1 ** this.iterations);
    const decay = this.learningRate * weightDecay;
    tf.tidy(() => {
      const scale: tf.Scalar = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-12))) : tf.scalar(1);
      gradients.forEach((gradient, i) => {
        const { first, second } = this.moments[i];
        const variable = this.variables[i];
        const keep = decay > 0 && variable.rank >= 2 ? 1 - decay : 1;
        const next = adamUpdate({ variable, gradient, first, second, scale }, { beta1, beta2, epsilon, step, keep });
        first.assign(next.first);
        second.assign(next.second);
        variable.assign(next.variable);
      });
    });
  }

  /** A copy of the optimizer's state (the caller disposes its tensors). */
  snapshot(): AdamSnapshot {
    return {
      iterations: this.iterations,
      moments: this.moments.flatMap(({ first, second }) => [tf.clone(first), tf.clone(second)]),
    };
  }

  restore(snapshot: AdamSnapshot): void {
    this.iterations = snapshot.iterations;
    this.moments.forEach(({ first, second }, i) => {
      first.assign(snapshot.moments[2 * i]);
      second.assign(snapshot.moments[2 * i + 1]);
    });
  }

  dispose(): void {
    for (const { first, second } of this.moments) {
      first.dispose();
      second.dispose();
    }
  }
}

/** The learning rate step `step` (counted from 0) trains at: `lr` halved every `lrHalfLife` steps, or `lr` when that is 0. */
export function learningRateAt({ lr, lrHalfLife }: { lr: number; lrHalfLife: number }, step: number): number {
  return lrHalfLife > 0 ? lr * 2 ** (-step / lrHalfLife) : lr;
}
