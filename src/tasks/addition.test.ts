import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { additionTask } from './addition';
import {
  Checks, defaultOptions, expectCovers, expectSeeded, expectWellFormed, inputAt, maskAt, sequenceLength, targetAt,
} from './testing';

const FINISHED = 10;

/** The digits of one input vector (five one-hot chunks of 10, used chunks first), or null if malformed. */
function decodeDigits(input: Float32Array): number[] | null {
  const chunks = Array.from({ length: 5 }, (_, slot) => Array.from(input.subarray(slot * 10, slot * 10 + 10)));
  const used = chunks.filter((chunk) => chunk.some((x) => x !== 0));
  const isOneHot = (chunk: number[]): boolean => chunk.every((x) => x === 0 || x === 1) && chunk.filter((x) => x === 1).length === 1;
  if (used.length === 0 || chunks.slice(0, used.length).some((chunk) => !isOneHot(chunk))) return null;
  return used.map((chunk) => chunk.indexOf(1));
}

/** Six classes: the decimal digits of the sum by repeated division, most significant first, then FINISHED. */
function encodeSum(sum: bigint): number[] {
  const digits: number[] = [];
  let rest = sum;
  do {
    digits.unshift(Number(rest % 10n));
    rest /= 10n;
  } while (rest > 0n);
  return [...digits, ...Array(6 - digits.length).fill(FINISHED)];
}

function checkBatch(options: { addLength: number; maxDigits: number }, samples: number, seed: number) {
  const batch = additionTask.generate(options, samples, new Rng(seed));
  expectWellFormed(additionTask, options, batch);
  const checks = new Checks();
  const lengths: number[] = [];
  const digitCounts: number[] = [];
  const leadingDigits: number[] = [];
  for (let b = 0; b < samples; b++) {
    const length = sequenceLength(batch, b, checks);
    let sum = 0n;
    let most = 0;
    for (let t = 0; t < length; t++) {
      const at = (): string => `sequence ${b}, step ${t}`;
      const digits = decodeDigits(inputAt(batch, t, b)) ?? [];
      checks.that(digits.length >= 1, () => `${at()}: digit chunks are not a non-empty one-hot prefix`);
      sum += BigInt(digits.join('') || '0');
      const hasTarget = maskAt(batch.targetMask, batch, t, b);
      checks.that(hasTarget === (t === 0 ? 0 : 1), () => `${at()}: targetMask ${hasTarget}`);
      const expected = t === 0 ? [0, 0, 0, 0, 0, 0] : encodeSum(sum);
      const target = Array.from(targetAt(batch, t, b));
      checks.that(target.join() === expected.join(), () => `${at()}: target ${target} instead of ${expected}`);
      checks.that(batch.stepDifficulty?.[t * batch.batch + b] === digits.length, () => `${at()}: step difficulty is not the number's digit count`);
      most = Math.max(most, digits.length);
      digitCounts.push(digits.length);
      if (digits.length > 1) leadingDigits.push(digits[0]);
    }
    checks.that(batch.difficulty[b] === most, () => `sequence ${b}: difficulty is not the most digits per number`);
    lengths.push(length);
  }
  checks.expectNone();
  expectCovers(lengths, 2, options.addLength);
  expectCovers(digitCounts, 1, options.maxDigits);
  expectCovers(batch.difficulty, 1, options.maxDigits);
  if (options.maxDigits > 1) expectCovers(leadingDigits, 0, 9);
}

describe('addition', () => {
  it('encodes sums left-aligned with the finished class', () => {
    expect(encodeSum(0n)).toEqual([0, 10, 10, 10, 10, 10]);
    expect(encodeSum(499995n)).toEqual([4, 9, 9, 9, 9, 5]);
  });

  it('re-derives every target with the paper sizes', () => checkBatch({ addLength: 5, maxDigits: 5 }, 3000, 1));

  it('re-derives every target with the defaults and the smallest settings', () => {
    checkBatch(defaultOptions(additionTask), 3000, 2);
    checkBatch({ addLength: 2, maxDigits: 1 }, 1000, 3);
  });

  it('is seeded', () => expectSeeded(additionTask, defaultOptions(additionTask)));
});
