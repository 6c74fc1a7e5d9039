import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { addingTask } from './adding';
import { optionsAtLength } from '../core/taskOptions';
import {
  Checks, defaultOptions, expectCovers, expectSeeded, expectWellFormed, inputAt, maskAt, oneHotIndex, sequenceLength, targetAt,
} from './testing';

type AddingOptions = ReturnType<typeof defaultOptions<typeof addingTask.options>>;

const withOptions = (changes: Partial<AddingOptions>): AddingOptions => ({ ...defaultOptions(addingTask), ...changes });

/** Decodes each sequence (n one-hot values 0..s−2, then one-hot(s−1)) and re-adds the values. */
function checkBatch(options: AddingOptions, samples: number, seed: number): { counts: number[]; values: number[] } {
  const batch = addingTask.generate(options, samples, new Rng(seed));
  expectWellFormed(addingTask, options, batch);
  const width = options.sumWidth;
  const checks = new Checks();
  const counts: number[] = [];
  const values: number[] = [];
  for (let b = 0; b < samples; b++) {
    const steps = sequenceLength(batch, b, checks);
    const count = steps - 1;
    checks.that(batch.difficulty[b] === count, () => `sequence ${b}: difficulty ${batch.difficulty[b]}, ${count} values`);
    let sum = 0;
    for (let t = 0; t < steps; t++) {
      const at = (): string => `sequence ${b}, row ${t}`;
      const index = oneHotIndex(inputAt(batch, t, b));
      const last = t === steps - 1;
      if (last) checks.that(index === width - 1, () => `${at()}: not the end marker`);
      else checks.that(index >= 0 && index <= width - 2, () => `${at()}: not a one-hot value 0..${width - 2}`);
      if (!last) {
        sum += index;
        values.push(index);
      }
      checks.that(maskAt(batch.targetMask, batch, t, b) === (last ? 1 : 0), () => `${at()}: mask`);
      checks.that(targetAt(batch, t, b)[0] === (last ? sum : 0), () => `${at()}: target ${targetAt(batch, t, b)[0]}, sum ${sum}`);
    }
    counts.push(count);
  }
  checks.expectNone();
  return { counts, values };
}

describe('adding', () => {
  it('re-adds every sequence; counts cover min..max; values cover 0..s−2', () => {
    const { counts, values } = checkBatch(withOptions({ sumWidth: 6, sumMinLength: 1, sumMaxLength: 15 }), 3000, 1);
    expectCovers(counts, 1, 15);
    expectCovers(values, 0, 4);
  });

  it('re-adds with the paper length, the narrowest width and a swapped range', () => {
    checkBatch(withOptions({ sumMinLength: 100, sumMaxLength: 100 }), 200, 2);
    expectCovers(checkBatch(withOptions({ sumWidth: 3, sumMinLength: 9, sumMaxLength: 3 }), 1000, 3).values, 0, 1);
  });

  it('is seeded', () => expectSeeded(addingTask, defaultOptions(addingTask)));

  it('generates at exactly a given length, beyond the training range too', () => {
    const { counts } = checkBatch(optionsAtLength(addingTask, withOptions({ sumMaxLength: 20 }), 200), 20, 4);
    expect(new Set(counts)).toEqual(new Set([200]));
  });
});
