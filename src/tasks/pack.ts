import type { HostBatch } from '../core/types';
import { emptyBatch } from '../core/batchRows';

/** One generated sequence, step by step, before it is padded into a batch. */
export interface SequenceSample {
  /** The input vector of each step (inputSize numbers); null for an all-zero step. */
  inputs: (ArrayLike<number> | null)[];
  /** The target of each step (targetWidth numbers), one per input step; null where the step has no target. */
  targets: (ArrayLike<number> | null)[];
  difficulty: number;
  /** Each step's own difficulty, where the task has one (Task.stepDifficultyLabel). */
  stepDifficulty?: number[];
}

/**
 * Packs variable-length sequences time-major, padded to the longest of the batch. Padding steps keep zero
 * inputs and targets and both masks at 0; every real step gets stepMask 1.
 */
export function packSequences(samples: SequenceSample[], inputSize: number, targetWidth: number): HostBatch {
  const steps = Math.max(0, ...samples.map((sample) => sample.inputs.length));
  const out = emptyBatch(steps, samples.length, inputSize, targetWidth);
  if (samples.length > 0 && samples.every((sample) => sample.stepDifficulty)) out.stepDifficulty = new Int32Array(steps * samples.length);
  samples.forEach((sample, b) => {
    out.difficulty[b] = sample.difficulty;
    sample.inputs.forEach((input, t) => {
      const row = t * samples.length + b;
      out.stepMask[row] = 1;
      if (out.stepDifficulty) out.stepDifficulty[row] = sample.stepDifficulty![t];
      if (input) out.inputs.set(input, row * inputSize);
      const target = sample.targets[t];
      if (target) {
        out.targets.set(target, row * targetWidth);
        out.targetMask[row] = 1;
      }
    });
  });
  return out;
}
