/**
 * What `train --json` prints: one StepMetrics object per logged step, then one TrainSummary. The sweep reads
 * these lines back from its worker processes.
 */
import type { Evaluation } from '../core/evaluate';
import type { StepMetrics } from '../core/trainer';

export interface TrainSummary {
  summary: true;
  steps: number;
  /** The encoded config (the URL-hash text). */
  config: string;
  final: StepMetrics;
  evaluation?: Evaluation;
  wallSeconds: number;
  /** With --eval-every: the wall time of training alone, without the interval evaluations. */
  trainSeconds?: number;
  backend: string;
  /** With --resume: the step the saved run had reached. */
  resumedFrom?: number;
}

/** With --eval-every: a held-out evaluation during training. */
export interface HeldOutLine {
  heldOut: true;
  step: number;
  trainSeconds: number;
  evaluation: Evaluation;
}

export type TrainLine =
  | { kind: 'step'; metrics: StepMetrics }
  | { kind: 'heldOut'; heldOut: HeldOutLine }
  | { kind: 'summary'; summary: TrainSummary };

const STEP_FIELDS = ['step', 'loss', 'taskLoss', 'seqError', 'ponder', 'gradNorm', 'msPerStep'] as const;

function isStepMetrics(value: unknown): value is StepMetrics {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return STEP_FIELDS.every((field) => typeof record[field] === 'number');
}

/** Reads one line of `train --json` output; throws when it is neither a step line nor a summary. */
export function parseTrainLine(text: string): TrainLine {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'object' && value !== null && (value as { summary?: unknown }).summary === true) {
    const summary = value as TrainSummary;
    if (typeof summary.steps !== 'number' || typeof summary.config !== 'string' || !isStepMetrics(summary.final)) {
      throw new Error(`a train summary without steps, config or final metrics: ${text}`);
    }
    return { kind: 'summary', summary };
  }
  if (typeof value === 'object' && value !== null && (value as { heldOut?: unknown }).heldOut === true) {
    return { kind: 'heldOut', heldOut: value as HeldOutLine };
  }
  if (isStepMetrics(value)) return { kind: 'step', metrics: value };
  throw new Error(`not a line of train --json output: ${text}`);
}
