/**
 * `trace --by-step`: where in a sequence a model ponders. Mean N at every time step, per difficulty, with the
 * steps that are not scored (the input, e.g. the numbers a sort net reads) apart from the scored ones, and the
 * end of the input against the rest of it: the paper's sort figure, where pondering rises on the last input.
 */
import type { SequenceTrace } from '../core/trace';

export interface DifficultyByStep {
  difficulty: number;
  count: number;
  /** Mean N at each step, over the sequences long enough to have it. */
  ponder: number[];
  /** Steps before the first scored one, when every sequence of this difficulty shares it (else undefined). */
  unscoredSteps?: number;
}

export interface PonderByStep {
  rows: DifficultyByStep[];
  /**
   * Mean N on the last unscored step over the mean N on the unscored steps before it, pooled over the sequences
   * with at least two unscored steps at the start; undefined where there are none.
   */
  endOfInput?: { last: number; earlier: number; ratio: number; sequences: number };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** N at each step of a sequence: the mean over its pondering units (one, or one per layer). */
const stepsOf = (trace: SequenceTrace): number[] => trace.ponder.map((units) => mean(units.map((unit) => unit.steps)));

const leadingUnscored = (mask: readonly number[]): number => {
  const first = mask.findIndex((m) => m > 0);
  return first < 0 ? mask.length : first;
};

export function ponderByStep(traces: readonly SequenceTrace[]): PonderByStep {
  if (traces.some((trace) => trace.ponder.length === 0 && trace.length > 0)) throw new Error('this model does not ponder (halting=none): there is no N to show');
  const sequences = traces.map((trace) => ({ difficulty: trace.difficulty, steps: stepsOf(trace), unscored: leadingUnscored(trace.targetMask) }));
  const groups = new Map<number, typeof sequences>();
  for (const sequence of sequences) groups.set(sequence.difficulty, [...(groups.get(sequence.difficulty) ?? []), sequence]);
  const rows = [...groups].sort(([a], [b]) => a - b).map(([difficulty, group]): DifficultyByStep => {
    const longest = Math.max(...group.map(({ steps }) => steps.length));
    const ponder = Array.from({ length: longest }, (_, t) => mean(group.filter(({ steps }) => steps.length > t).map(({ steps }) => steps[t])));
    const unscored = new Set(group.map((sequence) => sequence.unscored));
    return { difficulty, count: group.length, ponder, unscoredSteps: unscored.size === 1 ? [...unscored][0] : undefined };
  });
  const last: number[] = [];
  const earlier: number[] = [];
  for (const { steps, unscored } of sequences) {
    const input = steps.slice(0, unscored);
    if (input.length < 2) continue;
    last.push(input[input.length - 1]);
    earlier.push(...input.slice(0, -1));
  }
  const endOfInput = last.length > 0 ? { last: mean(last), earlier: mean(earlier), ratio: mean(last) / mean(earlier), sequences: last.length } : undefined;
  return { rows, endOfInput };
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
