/**
 * What a run's error is read as (the page's latest-step numbers and runs compared, the sweep report): the fraction
 * of sequences with any wrong output for the algorithmic tasks; bits per character for a task that reads text,
 * where nearly every window has some wrong byte (sequence error ≈ 100% whatever the model).
 */
export interface ErrorMeasure {
  /** The evaluation's field. */
  key: 'seqError' | 'bitsPerTarget';
  /** "Sequence error", "Bits per character": what chart titles begin with. */
  title: string;
  /** The y axis label. */
  axis: string;
  /** The least top of a y axis from 0 (so that near-zero errors do not fill the chart). */
  axisFloor: number;
  /** Whether error by difficulty means something (a sequence error per difficulty does; bits are not kept per difficulty). */
  byDifficulty: boolean;
  /** '—' for a missing value (NaN). */
  format: (value: number) => string;
  /** Shorter, for axis ticks. */
  tick: (value: number) => string;
}

export const SEQUENCE_ERROR: ErrorMeasure = {
  key: 'seqError',
  title: 'Sequence error',
  axis: 'sequence error rate',
  axisFloor: 0.1,
  byDifficulty: true,
  format: (value) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '—'),
  tick: (value) => `${Number((value * 100).toPrecision(3))}%`,
};

export const BITS_PER_CHARACTER: ErrorMeasure = {
  key: 'bitsPerTarget',
  title: 'Bits per character',
  axis: 'held-out bits per character',
  axisFloor: 1,
  byDifficulty: false,
  format: (value) => (Number.isFinite(value) ? value.toFixed(3) : '—'),
  tick: (value) => String(Number(value.toPrecision(3))),
};

/** The measure of a task: bits per character where it reads text (tasks/task.ts readsText), else sequence error. */
export const errorMeasureFor = (textTask: boolean): ErrorMeasure => (textTask ? BITS_PER_CHARACTER : SEQUENCE_ERROR);

/** A run's value under the measure; NaN for a run recorded before it kept bits per character. */
export const errorOf = (run: { seqError: number; bitsPerTarget?: number }, measure: ErrorMeasure): number => run[measure.key] ?? Number.NaN;
