/** The long-format rows of a sweep's metrics.csv (the format: METRICS_FORMAT, shown by `sweep --help`). */
import type { TrainLine } from '../trainOutput';

export interface MetricRow {
  id: string;
  step: number;
  metric: string;
  value: number;
}

export const METRICS_FORMAT = [
  'metrics.csv, long format: experiment_id,step,metric,value',
  '  every logged training step: loss, taskLoss, seqError, ponder, tau, gradNorm, msPerStep (training batch; tau',
  '  moves in ponder-budget mode);',
  '  once, at step = the run\'s last step: wallSeconds, eval_count, eval_seqError, eval_ponder, eval_taskLoss,',
  '  eval_bitsPerTarget, eval_computedSteps (updates actually computed per input step; PonderNet: its unroll N),',
  '  per difficulty value k: eval_count_d<k>, eval_seqError_d<k>, eval_ponder_d<k>, and when training saw only',
  '  part of the difficulties (parity trainNonZero): eval_{count,seqError,ponder}_{interpolation,extrapolation}.',
].join('\n');

export const METRICS_HEADER = ['experiment_id', 'step', 'metric', 'value'] as const;

const TRAINING_METRICS = ['loss', 'taskLoss', 'seqError', 'ponder', 'tau', 'gradNorm', 'msPerStep'] as const;

export function metricRows(id: string, lines: readonly TrainLine[]): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const line of lines) {
    if (line.kind === 'step') {
      for (const metric of TRAINING_METRICS) rows.push({ id, step: line.metrics.step, metric, value: line.metrics[metric] });
      continue;
    }
    if (line.kind === 'heldOut') {
      const { step, trainSeconds, evaluation } = line.heldOut;
      rows.push({ id, step, metric: 'heldOut_trainSeconds', value: trainSeconds }, { id, step, metric: 'heldOut_bitsPerTarget', value: evaluation.bitsPerTarget });
      continue;
    }
    const { steps, wallSeconds, evaluation } = line.summary;
    const final = (metric: string, value: number) => rows.push({ id, step: steps, metric, value });
    final('wallSeconds', wallSeconds);
    if (!evaluation) continue;
    final('eval_count', evaluation.count);
    final('eval_seqError', evaluation.seqError);
    final('eval_ponder', evaluation.ponder);
    final('eval_taskLoss', evaluation.taskLoss);
    final('eval_bitsPerTarget', evaluation.bitsPerTarget);
    if (evaluation.computedSteps !== undefined) final('eval_computedSteps', evaluation.computedSteps);
    for (const region of evaluation.regions ?? []) {
      final(`eval_count_${region.region}`, region.count);
      final(`eval_seqError_${region.region}`, region.seqError);
      final(`eval_ponder_${region.region}`, region.ponder);
    }
    for (const d of evaluation.byDifficulty) {
      final(`eval_count_d${d.difficulty}`, d.count);
      final(`eval_seqError_d${d.difficulty}`, d.seqError);
      final(`eval_ponder_d${d.difficulty}`, d.ponder);
    }
  }
  return rows;
}

export const rowFields = (row: MetricRow): (string | number)[] => [row.id, row.step, row.metric, row.value];
