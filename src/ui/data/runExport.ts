/** The run's metrics as files: the learning-curve points as CSV, and everything (settings, curves, evaluations) as JSON. */
import { encodeConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import type { BackendInfo } from '../../core/backend';
import { CURVE_COLUMNS, type EvaluationSnapshot } from '../../worker/protocol';
import type { CurvePoints } from './curveBuffer';

/** Float32 metrics carry about 7 significant digits; more would be noise from widening them. */
const csvNumber = (value: number) => (Number.isFinite(value) ? String(Number(value.toPrecision(7))) : String(value));

export function curvesCsv(points: CurvePoints): string {
  const header = [...CURVE_COLUMNS, 'stepsAveraged'].join(',');
  const lines = [header];
  for (let i = 0; i < points.length; i++) {
    lines.push([...points.columns.map((column) => csvNumber(column[i])), String(points.stride)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface RunExport {
  schema: 'act-playground/run/v1';
  link: string;
  config: Config;
  backend: BackendInfo | null;
  curves: {
    columns: readonly string[];
    /** Each row averages this many training steps (the buffer halves its resolution as the run grows). */
    stepsAveraged: number;
    rows: number[][];
  };
  evaluations: EvaluationSnapshot[];
}

export function runJson(config: Config, backend: BackendInfo | null, points: CurvePoints, evaluations: EvaluationSnapshot[]): string {
  const rows = Array.from({ length: points.length }, (_, i) => points.columns.map((column) => column[i]));
  const document: RunExport = {
    schema: 'act-playground/run/v1',
    link: `#${encodeConfig(config)}`,
    config,
    backend,
    curves: { columns: CURVE_COLUMNS, stepsAveraged: points.stride, rows },
    evaluations,
  };
  return JSON.stringify(document, null, 1);
}
