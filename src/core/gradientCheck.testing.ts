/**
 * Finite-difference check of the full training loss (the task loss plus the halting method's regulariser: ACT
 * τ·P, PonderNet β·KL) against autodiff, for every parameter of a small model (shared by the engine's and the
 * cells' tests). The updates computed per input step are piecewise constant (the paper differentiates R only),
 * so a coordinate whose perturbation changes any of them is not comparable and is skipped.
 */
import * as tf from '@tensorflow/tfjs';
import type { BatchTensors } from './batch';
import { batchTensors, disposeBatch } from './batch';
import type { CellOptions } from './cells/cell';
import type { HaltingSettings } from './halting/method';
import { ActModel } from './model';
import { Rng } from './random';
import { trainingObjective } from './objective';
import type { HeadSpec } from './types';
import { targetWidth } from './types';

const STEPS = 3;
const BATCH = 3;
const INPUT = 3;
const TAU = 0.1;
const DELTA = 2e-3;

function randomBatch(rng: Rng, head: HeadSpec): BatchTensors {
  const width = targetWidth(head);
  return batchTensors({
    steps: STEPS,
    batch: BATCH,
    inputSize: INPUT,
    targetWidth: width,
    inputs: Float32Array.from({ length: STEPS * BATCH * INPUT }, () => rng.uniform(-1, 1)),
    targets: Float32Array.from({ length: STEPS * BATCH * width }, () => rng.int(0, head.kind === 'sigmoid' ? 1 : head.kind === 'sum' ? 3 : head.classes - 1)),
    targetMask: Float32Array.from([1, 1, 1, 0, 1, 1, 1, 1, 1]),
    stepMask: Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0]),
    difficulty: new Int32Array(BATCH),
  });
}

/** Moves the halting unit into a regime where N varies across rows and steps (and some hit M). */
function spreadHalting(model: ActModel, rng: Rng): void {
  for (const { name, variable } of model.variables) {
    if (name.endsWith('halting/bias')) variable.assign(tf.tensor1d([-0.6]));
    if (name.endsWith('halting/kernel')) variable.assign(tf.tidy(() => tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-1.5, 1.5)), variable.shape)));
  }
}

function lossAndSteps(model: ActModel, head: HeadSpec, batch: BatchTensors, settings: HaltingSettings): { loss: number; steps: number[] } {
  return tf.tidy(() => {
    const out = model.forward(batch.inputs, batch.stepMask, settings);
    const loss = trainingObjective(model, head, batch, settings).total.dataSync()[0];
    return { loss, steps: [...out.computedSteps.dataSync()] };
  });
}

export interface GradientCase {
  cell: string;
  cellOptions?: CellOptions;
  layers: number;
  /** A halting method id (default act). */
  halting?: string;
  ponderMode: 'stack' | 'layer';
  head: HeadSpec;
  maxSteps: number;
  /**
   * At most this many entries of each weight, spread evenly over it (default: every entry). Every weight is still
   * checked; large cases (a 2-layer aLSTM pondering: minutes for every entry) sample each one.
   */
  entriesPerWeight?: number;
  /** ACT's halting-logit penalty λ_z (default 0: off) and its penalty-free range m. */
  haltPenalty?: number;
  haltMargin?: number;
}

/** Which entries of a weight of `size` values to check: all, or `count` spread evenly (first and last included). */
export function checkedEntries(size: number, count = Infinity): number[] {
  if (size <= count) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.round((k * (size - 1)) / (count - 1)));
}

export interface GradientCheck {
  compared: number;
  skipped: number;
  mismatches: string[];
  /** How many different update counts the unperturbed model used (1 without pondering). */
  distinctSteps: number;
}

/** Compares the loss's gradient from autodiff with central differences for every coordinate of every parameter. */
export function checkGradients({ cell, cellOptions, layers, halting = 'act', ponderMode, head, maxSteps, entriesPerWeight, haltPenalty, haltMargin }: GradientCase): GradientCheck {
  const rng = new Rng(7);
  const model = new ActModel({ cell, cellOptions, inputSize: INPUT, hidden: 4, layers, halting, ponderMode, head }, rng);
  spreadHalting(model, rng);
  const batch = randomBatch(rng, head);
  // β large enough that the KL's gradient is not lost among the task loss's.
  const settings: HaltingSettings = { eps: 0.01, maxSteps, haltCheck: 'readback', tau: TAU, haltPenalty, haltMargin, beta: 0.5, lambdaP: 0.3, repeats: 3 };
  const variables = model.variables.map(({ variable }) => variable);
  const { grads } = tf.variableGrads(() => trainingObjective(model, head, batch, settings).total, variables);
  const base = lossAndSteps(model, head, batch, settings);
  let compared = 0;
  let skipped = 0;
  const mismatches: string[] = [];
  for (const { name, variable } of model.variables) {
    const analytic = grads[variable.name].dataSync();
    const values = variable.dataSync().slice();
    for (const i of checkedEntries(values.length, entriesPerWeight)) {
      const at = (delta: number) => {
        const moved = values.slice();
        moved[i] += delta;
        variable.assign(tf.tensor(moved, variable.shape));
        return lossAndSteps(model, head, batch, settings);
      };
      const plus = at(DELTA);
      const minus = at(-DELTA);
      variable.assign(tf.tensor(values, variable.shape));
      if (plus.steps.join() !== base.steps.join() || minus.steps.join() !== base.steps.join()) {
        skipped++;
        continue;
      }
      compared++;
      const numeric = (plus.loss - minus.loss) / (2 * DELTA);
      if (Math.abs(numeric - analytic[i]) > 2e-3 + 2e-2 * Math.abs(numeric)) {
        mismatches.push(`${name}[${i}]: autodiff ${analytic[i].toFixed(5)} vs finite difference ${numeric.toFixed(5)}`);
      }
    }
  }
  const distinctSteps = new Set(base.steps).size;
  model.dispose();
  Object.values(grads).forEach((g) => g.dispose());
  disposeBatch(batch);
  return { compared, skipped, mismatches, distinctSteps };
}

