import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { argmaxTask } from './argmax';
import { optionsAtLength } from '../core/taskOptions';
import {
  Checks, defaultOptions, expectCovers, expectSeeded, expectWellFormed, inputAt, maskAt, oneHotIndex, sequenceLength, targetAt,
} from './testing';

type ArgmaxOptions = ReturnType<typeof defaultOptions<typeof argmaxTask.options>>;

const withOptions = (changes: Partial<ArgmaxOptions>): ArgmaxOptions => ({ ...defaultOptions(argmaxTask), ...changes });

/** The position of the largest value, scanning from the end so that the last of equal values wins. */
function lastLargest(values: number[]): number {
  const largest = Math.max(...values);
  for (let i = values.length - 1; i >= 0; i--) if (values[i] === largest) return i;
  return -1;
}

function checkBatch(options: ArgmaxOptions, samples: number, seed: number): { lengths: number[]; answers: number[]; ties: number } {
  const batch = argmaxTask.generate(options, samples, new Rng(seed));
  expectWellFormed(argmaxTask, options, batch);
  const checks = new Checks();
  const lengths: number[] = [];
  const answers: number[] = [];
  let ties = 0;
  for (let b = 0; b < samples; b++) {
    const steps = sequenceLength(batch, b, checks);
    const values: number[] = [];
    for (let t = 0; t < steps; t++) {
      const value = oneHotIndex(inputAt(batch, t, b));
      checks.that(value >= 0, () => `sequence ${b}, row ${t}: not one-hot`);
      values.push(value);
      const last = t === steps - 1;
      checks.that(maskAt(batch.targetMask, batch, t, b) === (last ? 1 : 0), () => `sequence ${b}, row ${t}: mask`);
    }
    const answer = lastLargest(values);
    const target = targetAt(batch, steps - 1, b)[0];
    checks.that(target === answer, () => `sequence ${b}: target ${target}, the last largest is at ${answer} (${values})`);
    checks.that(batch.difficulty[b] === steps, () => `sequence ${b}: difficulty ${batch.difficulty[b]}, length ${steps}`);
    if (values.filter((value) => value === values[answer]).length > 1) ties++;
    lengths.push(steps);
    answers.push(answer);
  }
  checks.expectNone();
  return { lengths, answers, ties };
}

describe('argmax', () => {
  it('re-derives every answer (last one on ties); lengths and answers cover their ranges', () => {
    const { lengths, answers, ties } = checkBatch(withOptions({ argmaxWidth: 4, argmaxMinLength: 1, argmaxMaxLength: 12 }), 3000, 1);
    expectCovers(lengths, 1, 12);
    expectCovers(answers, 0, 11);
    expect(ties).toBeGreaterThan(1000);
  });

  it('re-derives with two values, a fixed length and a swapped range', () => {
    checkBatch(withOptions({ argmaxWidth: 2, argmaxMinLength: 50, argmaxMaxLength: 50 }), 300, 2);
    expectCovers(checkBatch(withOptions({ argmaxMinLength: 8, argmaxMaxLength: 3 }), 1000, 3).lengths, 3, 8);
  });

  it('is seeded', () => expectSeeded(argmaxTask, defaultOptions(argmaxTask)));

  it('generates at exactly a given length up to its 100 positions, and says why not beyond', () => {
    const { lengths } = checkBatch(optionsAtLength(argmaxTask, withOptions({ argmaxMaxLength: 10 }), 100), 50, 4);
    expect(new Set(lengths)).toEqual(new Set([100]));
    expect(() => optionsAtLength(argmaxTask, defaultOptions(argmaxTask), 101)).toThrow(/100 positions.*101/);
  });
});
