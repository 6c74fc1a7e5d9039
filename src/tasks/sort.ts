import type { Rng } from '../core/random';
import type { ValuesOf } from '../config/fields';
import type { TaskProbe } from './probe';
import { checkLength, isRefusal, listItems } from './probe';
import type { Task } from './task';
import type { SequenceSample } from './pack';
import { packSequences } from './pack';

/** The paper's 15-way softmax, whatever the count range: classes at or past n are simply never the target. */
const MAX_COUNT = 15;

const options = {
  minCount: {
    kind: 'int', min: 2, max: MAX_COUNT, default: 2, group: 'task', resets: true, task: 'sort',
    label: 'Numbers to sort (min)',
    help: 'The fewest numbers a sequence has; each sequence draws its count uniformly from min to max (paper: 2 to 15). If min is above max, the two are swapped.',
  },
  maxCount: {
    kind: 'int', min: 2, max: MAX_COUNT, default: 5, group: 'task', resets: true, task: 'sort',
    label: 'Numbers to sort (max)',
    help: 'The most numbers a sequence has (paper: 15). The difficulty of a sequence is how many numbers it has.',
  },
} as const;

/** The count range in order: the two fields are validated one by one, so min may exceed max. */
function countRange({ minCount, maxCount }: ValuesOf<typeof options>): [number, number] {
  return [Math.min(minCount, maxCount), Math.max(minCount, maxCount)];
}

type SortOptions = ValuesOf<typeof options>;
/** A probe input: the numbers to sort, in the order given. */
export type SortInput = number[];

/**
 * The largest |x| the generator's normal draw can produce: Box–Muller's radius at the smallest uniform it draws,
 * 2⁻³² (src/core/random.ts). Larger numbers never occur in training, so a probe refuses them.
 */
export const SORT_BOUND = Math.sqrt(-2 * Math.log(2 ** -32));

/** Numbers as the generator draws them (a count given or drawn in the range), rounded to float32 as the network sees them. */
function drawNumbers(lo: number, hi: number, rng: Rng, count = rng.int(lo, hi)): SortInput {
  return Array.from({ length: count }, () => Math.fround(rng.normal()));
}

/** n steps reading the numbers (a flag on the last), then n steps of zero input naming their positions in ascending order. */
function sortSequence(numbers: SortInput): SequenceSample {
  // Rounded to float32 first, so that the order is that of the values the network actually sees.
  const values = numbers.map(Math.fround);
  const count = values.length;
  const order = values.map((_, index) => index).sort((a, b) => values[a] - values[b] || a - b);
  const inputSteps = values.map((value, index) => [value, index === count - 1 ? 1 : 0]);
  return {
    inputs: [...inputSteps, ...order.map(() => null)],
    targets: [...values.map(() => null), ...order.map((index) => [index])],
    difficulty: count,
  };
}

/** The shortest decimal that reads back as the same float32, e.g. 0.53 for Math.fround(0.53). */
function shortFloat32(value: number): string {
  const target = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(target.toPrecision(digits)));
    if (Math.fround(Number(text)) === target) return text;
  }
  return String(target);
}

const probe: TaskProbe<SortOptions, SortInput> = {
  editor: (values) => ({ kind: 'list', itemLabel: 'Number', items: countRange(values), slider: [-3, 3] }),
  answer: 'sequence',
  check(values, value) {
    const numbers = checkLength(value, countRange(values), 'number');
    if (isRefusal(numbers)) return numbers;
    for (const [t, number] of numbers.entries()) {
      if (typeof number !== 'number' || !Number.isFinite(number)) return { error: `Number ${t + 1} (“${String(number)}”) is not a number.` };
      if (Math.abs(number) > SORT_BOUND) {
        return { error: `Number ${t + 1} (${number}) is beyond ±${SORT_BOUND.toFixed(2)}: the generator draws from N(0, 1) and never goes that far.` };
      }
    }
    return numbers.map((number) => Math.fround(number as number));
  },
  format: (numbers) => numbers.map(shortFloat32).join(','),
  parse(values, text) {
    const items = listItems(text);
    const bad = items.find((item) => item === '' || !Number.isFinite(Number(item.replace(/−/g, '-'))));
    if (bad !== undefined) return { error: `“${bad}” is not a number.` };
    return probe.check(values, items.map((item) => Number(item.replace(/−/g, '-'))));
  },
  encode: (_values, numbers) => packSequences([sortSequence(numbers)], 2, 1),
  random(values, rng, difficulty) {
    const [lo, hi] = countRange(values);
    return drawNumbers(lo, hi, rng, difficulty === undefined ? undefined : Math.max(lo, Math.min(hi, difficulty)));
  },
};

/**
 * Sort (Graves 2016, 3.4): n ∈ minCount..maxCount numbers from N(0,1), one per step with a flag on the last;
 * then n steps of zero input whose targets are the input positions (0-based) in ascending order of value.
 * Difficulty: n.
 */
export const sortTask: Task<typeof options, SortInput> = {
  id: 'sort',
  label: 'Sort',
  description:
    'Read n random numbers, one per step, then name their positions from smallest to largest, one per step. Difficulty: n.',
  difficultyLabel: 'numbers to sort',
  options,
  presets: {
    // Its snapshot's recipe (docs/results.md, "Sort: the same recipe with a τ warm-up", then "Sort: ε 0.2"): τ 0.003
    // reached over 5,000 steps, the halting-logit penalty and a learning-rate half-life bring the spike at the end
    // of the input that τ 0.01 alone did not; ε 0.25 lets the other input steps halt after one update (at 0.01 the
    // penalty holds them at two), so the spike stands out more at half the updates (at 0.2 one seed of 7 pondered
    // twice on the first input step too). Version-7 links keep τ 0.01 alone, versions 8–9 ε 0.01, version 10 ε 0.2.
    quick: { minCount: 2, maxCount: 5, cell: 'lstm', hidden: 128, batch: 32, lr: 0.003, maxSteps: 20, eps: 0.25, tau: 0.003, tauWarmup: 5000, haltPenalty: 0.001, lrHalfLife: 5000 },
    paper: { minCount: 2, maxCount: 15, cell: 'lstm', hidden: 512, batch: 16, lr: 0.0001, maxSteps: 100 },
  },
  presetResults: { quick: '9.5–12.5% held-out error after 5,000 steps (3.5–10 minutes, beside other work), 3.6–5.3% after 15,000 (10–28 minutes; 7 seeds); at the end of the input the nets ponder 1.61–1.83× as long as on the earlier input steps (7 seeds of 7 at ≥ 1.5×, mean 1.73) — the paper\'s spike — at about 1.3 updates per step. The snapshot (seed 3): 3.6%, 1.7–2.4 updates on the last number of 2–4 against 1.0 on the others, 1.79×' },
  dims: (values) => ({
    inputSize: 2,
    head: { kind: 'softmax', groups: 1, classes: MAX_COUNT },
    maxSteps: 2 * countRange(values)[1],
  }),
  difficultyRange: countRange,
  generate(values, batchSize, rng) {
    const [lo, hi] = countRange(values);
    const samples = Array.from({ length: batchSize }, () => sortSequence(drawNumbers(lo, hi, rng)));
    return packSequences(samples, 2, 1);
  },
  probe,
};
