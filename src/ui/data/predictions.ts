/** What the network answered at a step, read from the trace's logits the way the engine scores it. */
import type { HeadSpec } from '../../core/types';
import { targetWidth } from '../../core/types';

/**
 * What the head compares with the target at step t: the step's logits, or for a sum head the running sums of
 * the outputs up to step t.
 */
export function headOutputs(head: HeadSpec, logits: readonly (readonly number[])[], t: number): number[] {
  if (head.kind !== 'sum') return [...logits[t]];
  return Array.from({ length: head.units }, (_, unit) => logits.slice(0, t + 1).reduce((sum, step) => sum + step[unit], 0));
}

/** The predicted class (softmax groups), bit (sigmoid units) or rounded sum (sum units) per output, from headOutputs. */
export function predictedOutputs(head: HeadSpec, logits: readonly number[]): number[] {
  if (head.kind === 'sigmoid') return logits.slice(0, head.units).map((logit) => (logit > 0 ? 1 : 0));
  if (head.kind === 'sum') return logits.slice(0, head.units).map((sum) => Math.round(sum));
  return Array.from({ length: head.groups }, (_, group) => {
    let best = 0;
    for (let c = 1; c < head.classes; c++) if (logits[group * head.classes + c] > logits[group * head.classes + best]) best = c;
    return best;
  });
}

/** The target outputs of a step as whole numbers (bits, class indices or sums). */
export function targetOutputs(head: HeadSpec, targets: readonly number[]): number[] {
  return targets.slice(0, targetWidth(head)).map((value) => (head.kind === 'sigmoid' ? (value > 0.5 ? 1 : 0) : Math.round(value)));
}

export function stepCorrect(head: HeadSpec, logits: readonly number[], targets: readonly number[]): boolean {
  const predicted = predictedOutputs(head, logits);
  return targetOutputs(head, targets).every((target, index) => predicted[index] === target);
}

/** Per step: true/false where the step has a target, null where it has none. */
export function stepResults(head: HeadSpec, sequence: { logits: number[][]; targets: number[][]; targetMask: number[] }): (boolean | null)[] {
  return sequence.targetMask.map((mask, t) => (mask > 0 ? stepCorrect(head, headOutputs(head, sequence.logits, t), sequence.targets[t]) : null));
}
