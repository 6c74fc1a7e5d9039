/**
 * Where a model ponders along its sequences: mean ponder at every time step, per difficulty, with the steps that
 * are not scored (the input, e.g. the numbers a sort net reads) apart from the scored ones, and the end of the
 * input against the rest of it — the paper's sort figure, where pondering rises on the last input step.
 * Sequences are added one at a time (an evaluation's batches, or the CLI's traces) and summed, not stored.
 */

/** One sequence: its difficulty, the ponder at each of its real steps, and how many steps lead before the first scored one. */
export interface SequencePonder {
  difficulty: number;
  ponder: readonly number[];
  unscored: number;
}

export interface DifficultyByStep {
  difficulty: number;
  count: number;
  /** Mean ponder at each step, over the sequences long enough to have it. */
  ponder: number[];
  /** Steps before the first scored one, when every sequence of this difficulty shares it (else undefined). */
  unscoredSteps?: number;
}

/** Ponder on the last unscored step over ponder on the unscored steps before it, pooled over the sequences with at least two. */
export interface EndOfInput {
  last: number;
  earlier: number;
  ratio: number;
  sequences: number;
}

export interface PonderByStep {
  rows: DifficultyByStep[];
  /** Undefined where no sequence has two unscored steps at its start. */
  endOfInput?: EndOfInput;
}

interface DifficultySums {
  count: number;
  sums: number[];
  counts: number[];
  unscored: Set<number>;
}

/** Leading steps before the first scored one (a target mask per step: > 0 where the step is scored). */
export function leadingUnscored(targetMask: readonly number[]): number {
  const first = targetMask.findIndex((m) => m > 0);
  return first < 0 ? targetMask.length : first;
}

export class PonderAlongSequence {
  private readonly difficulties = new Map<number, DifficultySums>();
  private readonly input = { last: 0, lastCount: 0, earlier: 0, earlierCount: 0 };

  add({ difficulty, ponder, unscored }: SequencePonder): void {
    const sums = this.difficulties.get(difficulty) ?? { count: 0, sums: [], counts: [], unscored: new Set<number>() };
    sums.count += 1;
    sums.unscored.add(unscored);
    ponder.forEach((n, t) => {
      sums.sums[t] = (sums.sums[t] ?? 0) + n;
      sums.counts[t] = (sums.counts[t] ?? 0) + 1;
    });
    this.difficulties.set(difficulty, sums);
    const inputSteps = Math.min(unscored, ponder.length);
    if (inputSteps < 2) return;
    this.input.last += ponder[inputSteps - 1];
    this.input.lastCount += 1;
    for (let t = 0; t < inputSteps - 1; t++) this.input.earlier += ponder[t];
    this.input.earlierCount += inputSteps - 1;
  }

  result(): PonderByStep {
    const rows = [...this.difficulties]
      .sort(([a], [b]) => a - b)
      .map(([difficulty, { count, sums, counts, unscored }]): DifficultyByStep => ({
        difficulty,
        count,
        ponder: sums.map((sum, t) => sum / counts[t]),
        unscoredSteps: unscored.size === 1 ? [...unscored][0] : undefined,
      }));
    const { last, lastCount, earlier, earlierCount } = this.input;
    if (lastCount === 0) return { rows };
    const endOfInput = { last: last / lastCount, earlier: earlier / earlierCount, ratio: last / lastCount / (earlier / earlierCount), sequences: lastCount };
    return { rows, endOfInput };
  }
}
