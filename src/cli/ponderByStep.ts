/**
 * `trace --by-step`: where a model ponders along its sequences (src/core/ponderAlongSequence.ts, the summary the
 * held-out evaluation keeps too), from the traces of fresh sequences, printed as a table.
 */
import type { SequenceTrace } from '../core/trace';
import { leadingUnscored, PonderAlongSequence, type PonderByStep } from '../core/ponderAlongSequence';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** N at each step of a sequence: the mean over its pondering units (one, or one per layer). */
const stepsOf = (trace: SequenceTrace): number[] => trace.ponder.map((units) => mean(units.map((unit) => unit.steps)));

export function ponderByStep(traces: readonly SequenceTrace[]): PonderByStep {
  if (traces.some((trace) => trace.ponder.length === 0 && trace.length > 0)) throw new Error('this model does not ponder (halting=none): there is no N to show');
  const along = new PonderAlongSequence();
  for (const trace of traces) along.add({ difficulty: trace.difficulty, ponder: stepsOf(trace), unscored: leadingUnscored(trace.targetMask) });
  return along.result();
}

export function formatPonderByStep({ rows, endOfInput }: PonderByStep, difficultyLabel: string): string {
  const lines = [
    `Mean N at each step by ${difficultyLabel} (unscored steps · scored steps):`,
    ...rows.map(({ difficulty, count, ponder, unscoredSteps }) => {
      const values = ponder.map((n) => n.toFixed(2));
      if (unscoredSteps !== undefined && unscoredSteps > 0 && unscoredSteps < values.length) values.splice(unscoredSteps, 0, '·');
      return `  ${String(difficulty).padStart(4)}  ${`(${count} sequences)`.padEnd(16)}  ${values.join(' ')}`;
    }),
  ];
  if (endOfInput) {
    lines.push(
      '',
      `End of the input: N on the last unscored step ${endOfInput.last.toFixed(2)} ÷ on the unscored steps before it ` +
        `${endOfInput.earlier.toFixed(2)} = ${endOfInput.ratio.toFixed(2)} (${endOfInput.sequences} sequences with ≥ 2 unscored steps)`,
    );
  }
  return lines.join('\n');
}
