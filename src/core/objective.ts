/**
 * What a config trains, shared by training, evaluation, probes and the CLI: the model's shape, the halting
 * settings, and the training objective of a batch (the loss convention: L + the halting method's regulariser,
 * both summed over the time steps of a sequence and averaged over the batch).
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import type { Task, TaskData } from '../tasks/task';
import type { HaltingSettings } from './halting/method';
import { haltCheckFor } from './backend';
import type { BatchTensors } from './batch';
import type { HeadSpec } from './types';
import { expectedSequenceLoss, sequenceErrors, sequenceLoss } from './head';
import type { ActModel, ForwardResult, ForwardStart, ModelSpec, OutputDropout } from './model';
import { getCell } from './cells/registry';

export function modelSpecFor(config: Config, task: Task): ModelSpec {
  const dims = task.dims(config);
  const cellKeys = Object.keys(getCell(config.cell).options);
  return {
    cell: config.cell,
    cellOptions: Object.fromEntries(cellKeys.map((key) => [key, (config as Record<string, unknown>)[key] as number | string | boolean])),
    inputSize: dims.inputSize,
    hidden: config.hidden,
    layers: config.layers,
    halting: config.halting,
    haltBias: config.haltBias,
    ponderMode: config.ponderMode,
    head: dims.head,
  };
}

/** The halting settings of a config; for evaluations, M is `evalMaxSteps` when set. */
export function ponderSettingsFor(
  config: Pick<Config, 'eps' | 'maxSteps' | 'evalMaxSteps' | 'tau' | 'haltPenalty' | 'haltMargin' | 'beta' | 'lambdaP' | 'repeats'>,
  phase: 'training' | 'evaluation' = 'training',
): HaltingSettings {
  const maxSteps = phase === 'evaluation' && config.evalMaxSteps > 0 ? config.evalMaxSteps : config.maxSteps;
  const { eps, tau, haltPenalty, haltMargin, beta, lambdaP, repeats } = config;
  return { eps, maxSteps, haltCheck: haltCheckFor(tf.getBackend()), tau, haltPenalty, haltMargin, beta, lambdaP, repeats };
}

export interface Objective {
  /** L + the method's regulariser, averaged over the batch: what the gradients are of. */
  total: tf.Scalar;
  taskLoss: tf.Scalar;
  seqError: tf.Scalar;
  /** Mean reported ponder over the real input steps. */
  ponder: tf.Scalar;
  /** Mean updates actually computed per real input step and row. */
  computedSteps: tf.Scalar;
  updates: number[];
  work: number[];
  /** With ForwardStart.keepStateAfter: every unit's state after that many steps. */
  stateAfter?: tf.Tensor2D[][];
  /** Speculative unrolling: the per-position unroll checks (ForwardResult.unrolled). */
  unrolled?: tf.Tensor1D;
}

/** The training loss of a batch and the metrics that come with it (the loss convention: see the file comment). */
export function trainingObjective(model: ActModel, head: HeadSpec, batch: BatchTensors, settings: HaltingSettings, start?: ForwardStart, dropout?: OutputDropout): Objective {
  const out = model.forward(batch.inputs, batch.stepMask, settings, undefined, start, dropout);
  const taskLoss = taskLossOf(head, out, batch);
  const errors = sequenceErrors(head, out.logits, batch.targets, batch.targetMask);
  return {
    total: tf.mean(tf.add(taskLoss, out.regulariser)) as tf.Scalar,
    taskLoss: tf.mean(taskLoss) as tf.Scalar,
    seqError: tf.mean(errors) as tf.Scalar,
    ponder: tf.div(tf.sum(out.ponderSteps), batch.realSteps) as tf.Scalar,
    computedSteps: tf.div(tf.sum(out.computedSteps), batch.realSteps) as tf.Scalar,
    updates: out.updates,
    work: out.work,
    stateAfter: out.stateAfter,
    unrolled: out.unrolled,
  };
}

/** The task loss of each sequence [batch]: of the one output per step, or the expected loss over several. */
export function taskLossOf(head: HeadSpec, out: Pick<ForwardResult, 'logits' | 'scored'>, batch: Pick<BatchTensors, 'targets' | 'targetMask'>): tf.Tensor1D {
  return out.scored
    ? expectedSequenceLoss(head, out.scored, batch.targets, batch.targetMask)
    : sequenceLoss(head, out.logits, batch.targets, batch.targetMask);
}

/** Throws a clear Error when a task that reads text gets none. */
export function requireData(task: Task, data: TaskData | undefined): void {
  if (task.needsData && !data) throw new Error(`The ${task.label} task needs text to read; none was given.`);
}
