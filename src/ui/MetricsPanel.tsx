import { errorMeasureFor, errorOf, type ErrorMeasure } from '../charts/errorMeasure';
import type { StepMetrics } from '../core/trainer';
import type { Config } from '../config/schema';
import { getTask } from '../tasks/registry';
import { readsText } from '../tasks/task';
import { hasCurriculum, optionsAtStep } from '../core/taskOptions';
import { learningRateAt } from '../core/adam';
import { useAppStore } from './store';

interface MetricRow {
  label: string;
  format: (metrics: StepMetrics) => string;
}

/** The batch's error as the task is measured: sequence error, or bits per character on text (errorMeasure.ts). */
const rows = (measure: ErrorMeasure): MetricRow[] => [
  { label: 'Step', format: (m) => String(m.step) },
  { label: 'Loss', format: (m) => formatNumber(m.loss) },
  { label: measure.title, format: (m) => measure.format(errorOf(m, measure)) },
  { label: 'Ponder (mean N)', format: (m) => m.ponder.toFixed(2) },
  // τ moves during training in ponder-budget mode; otherwise it is the setting's value.
  { label: 'τ in force', format: (m) => (Number.isFinite(m.tau) ? formatNumber(m.tau) : '—') },
  { label: 'Gradient norm', format: (m) => formatNumber(m.gradNorm) },
  { label: 'ms per step', format: (m) => m.msPerStep.toFixed(1) },
];

function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

/**
 * For a run with a curriculum: the range of difficulty its next batch is drawn from (e.g. copy's lengths 1–7,
 * parity's non-zero bits 1–5), which the curriculum moves as training goes on.
 */
function curriculumRow(config: Config): MetricRow[] {
  const task = getTask(config.task);
  if (!hasCurriculum(task, config)) return [];
  const label = task.difficultyLabel;
  return [{
    label: `Training ${label}`,
    format: (m) => {
      const options = optionsAtStep(task, config, m.step);
      return (task.trainedDifficulty?.(options) ?? task.difficultyRange(options)).join('–');
    },
  }];
}

/** With a learning-rate half-life: the rate the next step trains at, which falls as training goes on. */
function learningRateRow(config: Config): MetricRow[] {
  if (config.lrHalfLife === 0) return [];
  return [{ label: 'Learning rate now', format: (m) => formatNumber(learningRateAt(config, m.step)) }];
}

/** The latest training numbers (of the last batch), each definition labelled by its term. */
export function MetricsPanel() {
  const metrics = useAppStore((state) => state.metrics);
  const config = useAppStore((state) => state.config);
  return (
    <section className="metrics" aria-labelledby="metrics-title">
      <h2 id="metrics-title" className="visually-hidden">
        Latest step
      </h2>
      <dl>
        {[...rows(errorMeasureFor(readsText(getTask(config.task)))), ...learningRateRow(config), ...curriculumRow(config)].map(({ label, format }, index) => (
          <div key={label} className="metric">
            <dt id={`metric-${index}`}>{label}</dt>
            <dd aria-labelledby={`metric-${index}`}>{metrics ? format(metrics) : '—'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
