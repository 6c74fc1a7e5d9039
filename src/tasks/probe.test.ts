/**
 * Probing, per task: the generator is the probe's encoding of its own draws (so an input made by hand is encoded
 * exactly as training sees it), inputs written by hand encode to the vectors the task's documented layout
 * prescribes, with targets from independent checkers written here, and what a task cannot represent is refused.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import type { HostBatch } from '../core/types';
import type { FieldMap, ValuesOf } from '../config/fields';
import { addingTask } from './adding';
import { additionTask } from './addition';
import { argmaxTask } from './argmax';
import { copyTask } from './copy';
import { delayCopyTask } from './delayCopy';
import { logicTask, type LogicInput } from './logic';
import { parityTask } from './parity';
import { isRefusal, probeBatch } from './probe';
import { sortTask, SORT_BOUND } from './sort';
import type { Task } from './task';
import { Checks, expectSameRow, expectWellFormed, inputAt, maskAt, targetAt } from './testing';
import { wikiTask } from './wiki';

/** generate() with a seed == the probe's encoding of its random() draws from the same seed, sequence by sequence. */
function expectGeneratorIsEncoding<O extends FieldMap, I>(task: Task<O, I>, options: ValuesOf<O>): void {
  const probe = task.probe!;
  const generated = task.generate(options, 200, new Rng(11));
  const rng = new Rng(11);
  const checks = new Checks();
  for (let b = 0; b < generated.batch; b++) {
    const input = probe.random!(options, rng);
    const encoded = probeBatch(probe, options, input);
    if (isRefusal(encoded)) throw new Error(`the generator's own draw was refused: ${encoded.error}`);
    expectSameRow(generated, b, encoded, checks, `sequence ${b}`);
    const again = probe.parse(options, probe.format(input)!);
    checks.that(!isRefusal(again) && JSON.stringify(again) === JSON.stringify(input), () => `sequence ${b}: the link text does not read back`);
  }
  checks.expectNone();
}

/** Every difficulty's random input has that difficulty and is accepted. */
function expectRandomDifficulties<O extends FieldMap, I>(task: Task<O, I>, options: ValuesOf<O>): void {
  const [lo, hi] = task.difficultyRange(options);
  const rng = new Rng(5);
  for (let d = lo; d <= hi; d++) {
    for (let i = 0; i < 20; i++) {
      const batch = probeBatch(task.probe!, options, task.probe!.random!(options, rng, d));
      if (isRefusal(batch)) throw new Error(batch.error);
      expectWellFormed(task, options, batch);
      expect(batch.difficulty[0]).toBe(d);
    }
  }
}

const refusal = (result: unknown): string => (isRefusal(result) ? result.error : 'accepted');

describe('parity probe', () => {
  const options = { bits: 8, layout: 'random', trainNonZero: 0, nonZeroEvery: 0 } as const;
  it('is the generator, for both layouts, and draws every k on request', () => {
    expectGeneratorIsEncoding(parityTask, options);
    expectGeneratorIsEncoding(parityTask, { bits: 12, layout: 'prefix', trainNonZero: 0, nonZeroEvery: 0 });
    expectRandomDifficulties(parityTask, options);
  });

  it('encodes a vector made by hand, the truth from counting the +1 entries', () => {
    const input = parityTask.probe!.parse(options, '+-0++0-0');
    expect(input).toEqual([[1, -1, 0, 1, 1, 0, -1, 0]]);
    const batch = probeBatch(parityTask.probe!, options, input) as HostBatch;
    expect(Array.from(batch.inputs)).toEqual([1, -1, 0, 1, 1, 0, -1, 0]);
    expect([batch.targets[0], batch.difficulty[0], batch.stepMask[0], batch.targetMask[0]]).toEqual([1, 5, 1, 1]); // three +1: odd
    expect(parityTask.probe!.format(input as number[][])).toBe('+-0++0-0');
  });

  it('refuses what the task cannot represent or the generator never draws', () => {
    const probe = parityTask.probe!;
    expect(refusal(probe.check(options, [[1, 0, 0, 0, 0, 0, 0, 0, 1]]))).toMatch(/8 bits .*has 9/);
    expect(refusal(probe.check(options, [[0, 0, 0, 0, 0, 0, 0, 0]]))).toMatch(/at least one entry/);
    expect(refusal(probe.check(options, [[2, 0, 0, 0, 0, 0, 0, 0]]))).toMatch(/\+1, −1 or 0/);
    expect(refusal(probe.check({ bits: 4, layout: 'prefix', trainNonZero: 0, nonZeroEvery: 0 }, [[1, 0, 1, 0]]))).toMatch(/entry 3 is set but entry 2 is 0/);
    expect(refusal(probe.parse(options, '+-x'))).toMatch(/not a row/);
    expect(refusal(probe.check(options, 'hello'))).toMatch(/list/);
  });
});

describe('logic probe', () => {
  const options = { logicLength: 3, maxGates: 3, trainGates: 0, gatesEvery: 0 };
  it('is the generator and draws every difficulty on request', () => {
    expectGeneratorIsEncoding(logicTask, options);
    expectGeneratorIsEncoding(logicTask, { logicLength: 10, maxGates: 10, trainGates: 0, gatesEvery: 0 });
    expectRandomDifficulties(logicTask, options);
  });

  it('encodes vectors made by hand, the truth from truth tables written here', () => {
    // b0 = 1, b1 = 0; XOR(p=0, q=1) = 1, then AND(p=1, q=0) = 0. Vector 2: q = 0 (the previous answer), p = 1, NOR = 0.
    const input: LogicInput = { b0: true, vectors: [{ b1: false, gates: [3, 5] }, { b1: true, gates: [0] }] };
    expect(logicTask.probe!.format(input)).toBe('10:35,1:0');
    expect(logicTask.probe!.parse(options, '10:35,1:0')).toEqual(input);
    const batch = probeBatch(logicTask.probe!, options, input) as HostBatch;
    const first = Array.from(inputAt(batch, 0, 0));
    const second = Array.from(inputAt(batch, 1, 0));
    expect(first.flatMap((x, i) => (x ? [i] : []))).toEqual([0, 2 + 3, 2 + 10 + 5]);
    expect(second.flatMap((x, i) => (x ? [i] : []))).toEqual([1, 2 + 0]);
    const xor = (p: number, q: number) => p ^ q;
    const and = (p: number, q: number) => p & q;
    const nor = (p: number, q: number) => 1 - (p | q);
    const answer1 = and(xor(0, 1), 0);
    const answer2 = nor(1, answer1);
    expect([targetAt(batch, 0, 0)[0], targetAt(batch, 1, 0)[0]]).toEqual([answer1, answer2]);
    expect(batch.difficulty[0]).toBe(2);
  });

  it('refuses too many vectors or gates, and gates that do not exist', () => {
    const probe = logicTask.probe!;
    const vector = { b1: true, gates: [1] };
    expect(refusal(probe.check(options, { b0: true, vectors: [vector, vector, vector, vector] }))).toMatch(/1 to 3 vectors/);
    expect(refusal(probe.check(options, { b0: true, vectors: [{ b1: true, gates: [1, 2, 3, 4] }] }))).toMatch(/Vector 1.*1 to 3 gates/);
    expect(refusal(probe.check(options, { b0: true, vectors: [{ b1: true, gates: [10] }] }))).toMatch(/not one of the ten gates/);
    expect(refusal(probe.check(options, { b0: true, vectors: [] }))).toMatch(/has 0/);
    expect(refusal(probe.parse(options, '1:3'))).toMatch(/not a vector/);
  });
});

describe('addition probe', () => {
  const options = { addLength: 3, maxDigits: 2 };
  it('is the generator and draws every difficulty on request', () => {
    expectGeneratorIsEncoding(additionTask, options);
    expectGeneratorIsEncoding(additionTask, { addLength: 5, maxDigits: 5 });
    expectRandomDifficulties(additionTask, options);
  });

  it('encodes numbers typed by hand, the truth the running sum written out here', () => {
    const input = additionTask.probe!.parse(options, '07, 45,3');
    expect(input).toEqual(['07', '45', '3']);
    const batch = probeBatch(additionTask.probe!, options, input) as HostBatch;
    const hot = (t: number) => Array.from(inputAt(batch, t, 0)).flatMap((x, i) => (x ? [i] : []));
    expect([hot(0), hot(1), hot(2)]).toEqual([[0, 17], [4, 15], [3]]);
    expect(maskAt(batch.targetMask, batch, 0, 0)).toBe(0);
    // 7 + 45 = 52, + 3 = 55; six digit classes, 10 = finished.
    expect(Array.from(targetAt(batch, 1, 0))).toEqual([5, 2, 10, 10, 10, 10]);
    expect(Array.from(targetAt(batch, 2, 0))).toEqual([5, 5, 10, 10, 10, 10]);
    expect(batch.difficulty[0]).toBe(2);
  });

  it('refuses a number too long, a single number, too many and what is not digits', () => {
    const probe = additionTask.probe!;
    expect(refusal(probe.parse(options, '12,345'))).toMatch(/345\) has 3 digits; numbers here have at most 2/);
    expect(refusal(probe.parse(options, '12'))).toMatch(/at least two numbers/);
    expect(refusal(probe.parse(options, '1,2,3,4'))).toMatch(/2 to 3 numbers/);
    expect(refusal(probe.parse(options, '1,-2'))).toMatch(/digits 0 to 9/);
  });
});

describe('sort probe', () => {
  const options = { minCount: 2, maxCount: 5 };
  it('is the generator and draws every count on request', () => {
    expectGeneratorIsEncoding(sortTask, options);
    expectGeneratorIsEncoding(sortTask, { minCount: 2, maxCount: 15 });
    expectRandomDifficulties(sortTask, options);
  });

  it('encodes numbers typed by hand, the truth an independent argsort (ties by position)', () => {
    const input = sortTask.probe!.parse(options, '0.5,-1.25,0.5,2');
    const batch = probeBatch(sortTask.probe!, options, input) as HostBatch;
    expect(batch.steps).toBe(8);
    expect(Array.from({ length: 4 }, (_, t) => Array.from(inputAt(batch, t, 0)))).toEqual([[0.5, 0], [-1.25, 0], [0.5, 0], [2, 1]]);
    // Smallest first: -1.25 (position 1), 0.5 (0), 0.5 (2), 2 (3).
    expect(Array.from({ length: 4 }, (_, i) => targetAt(batch, 4 + i, 0)[0])).toEqual([1, 0, 2, 3]);
    expect(sortTask.probe!.format(input as number[])).toBe('0.5,-1.25,0.5,2');
  });

  it('refuses counts outside the range, non-numbers and values the generator never draws', () => {
    const probe = sortTask.probe!;
    expect(refusal(probe.parse(options, '1'))).toMatch(/2 to 5 numbers/);
    expect(refusal(probe.parse(options, '1,abc'))).toMatch(/“abc” is not a number/);
    expect(refusal(probe.parse(options, '1,7'))).toMatch(/beyond ±6\.66/);
    expect(SORT_BOUND).toBeCloseTo(6.6604, 3);
  });
});

describe('wiki probe', () => {
  it('reads a text in windows, the next byte as the truth; a short text goes into a link, a long one does not', () => {
    const probe = wikiTask.probe!;
    const input = probe.parse({ window: 4 }, 'abcdef');
    const batch = probeBatch(probe, { window: 4 }, input) as HostBatch;
    expect([batch.steps, batch.batch]).toEqual([4, 2]);
    expect(targetAt(batch, 0, 0)[0]).toBe('b'.charCodeAt(0));
    expect(probe.format(input as { name: string; bytes: Uint8Array })).toBe('abcdef');
    expect(probe.format({ name: 'long', bytes: new Uint8Array(1000).fill(97) })).toBeNull();
    expect(refusal(probe.check({ window: 4 }, { name: 'empty', bytes: new Uint8Array(0) }))).toMatch(/no text/);
  });
});

describe('copy probe', () => {
  const options = { copyBits: 3, copyMinLength: 1, copyMaxLength: 4, copyIncrement: 0, copyEvery: 1000 };
  it('is the generator and draws every length on request', () => {
    expectGeneratorIsEncoding(copyTask, options);
    expectGeneratorIsEncoding(copyTask, { ...options, copyBits: 8, copyMinLength: 3, copyMaxLength: 12 });
    expectRandomDifficulties(copyTask, options);
  });

  it('encodes vectors drawn by hand: the vectors, the delimiter, then silent steps whose targets are the vectors', () => {
    const input = copyTask.probe!.parse(options, '101,011');
    expect(input).toEqual([[1, 0, 1], [0, 1, 1]]);
    const batch = probeBatch(copyTask.probe!, options, input) as HostBatch;
    expect(batch.steps).toBe(5);
    expect(Array.from({ length: 5 }, (_, t) => Array.from(inputAt(batch, t, 0)))).toEqual([[1, 0, 1, 0], [0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(Array.from({ length: 5 }, (_, t) => maskAt(batch.targetMask, batch, t, 0))).toEqual([0, 0, 0, 1, 1]);
    expect([Array.from(targetAt(batch, 3, 0)), Array.from(targetAt(batch, 4, 0))]).toEqual([[1, 0, 1], [0, 1, 1]]);
    expect(batch.difficulty[0]).toBe(2);
    expect(copyTask.probe!.format(input as number[][])).toBe('101,011');
  });

  it('refuses vectors of another width, non-bits and lengths the generator never draws (a curriculum reaches 64)', () => {
    const probe = copyTask.probe!;
    expect(refusal(probe.parse(options, '1010'))).toMatch(/Vector 1 has 4 bits; vectors here have 3/);
    expect(refusal(probe.parse(options, '101,1x1'))).toMatch(/“1x1” is not a vector of 0 and 1/);
    expect(refusal(probe.check(options, [[1, 0, 2]]))).toMatch(/bit 3 is 2: bits are 0 or 1/);
    const five = Array.from({ length: 5 }, () => '000').join(',');
    expect(refusal(probe.parse(options, five))).toMatch(/1 to 4 vectors .* has 5/);
    expect(refusal(probe.parse({ ...options, copyIncrement: 2 }, five))).toBe('accepted');
    expect(refusal(probe.parse({ ...options, copyIncrement: 2 }, Array.from({ length: 65 }, () => '000').join(',')))).toMatch(/1 to 64 vectors/);
  });
});

describe('adding probe', () => {
  const options = { sumWidth: 10, sumMinLength: 1, sumMaxLength: 5 };
  it('is the generator and draws every count on request', () => {
    expectGeneratorIsEncoding(addingTask, options);
    expectGeneratorIsEncoding(addingTask, { sumWidth: 4, sumMinLength: 3, sumMaxLength: 30 });
    expectRandomDifficulties(addingTask, options);
  });

  it('encodes typed values one-hot, the end marker after them, the truth their sum at the marker', () => {
    const input = addingTask.probe!.parse(options, '3, 0,8');
    expect(input).toEqual([3, 0, 8]);
    const batch = probeBatch(addingTask.probe!, options, input) as HostBatch;
    const hot = (t: number) => Array.from(inputAt(batch, t, 0)).flatMap((x, i) => (x ? [i] : []));
    expect([0, 1, 2, 3].map(hot)).toEqual([[3], [0], [8], [9]]);
    expect([0, 1, 2, 3].map((t) => maskAt(batch.targetMask, batch, t, 0))).toEqual([0, 0, 0, 1]);
    let sum = 0;
    for (const value of [3, 0, 8]) sum += value;
    expect(targetAt(batch, 3, 0)[0]).toBe(sum);
  });

  it('refuses the end marker as a value, counts out of range and what is not a whole number', () => {
    const probe = addingTask.probe!;
    expect(refusal(probe.parse(options, '1,9'))).toMatch(/Value 2 is 9: .*values are 0 to 8 \(9 is the end marker\)/);
    expect(refusal(probe.parse(options, '1,1,1,1,1,1'))).toMatch(/1 to 5 values/);
    expect(refusal(probe.parse(options, ''))).toMatch(/has 0/);
    expect(refusal(probe.parse(options, '1,-2'))).toMatch(/“-2” is not a whole number/);
    expect(refusal(probe.check(options, [1.5]))).toMatch(/Value 1 is 1.5/);
  });
});

describe('argmax probe', () => {
  const options = { argmaxWidth: 10, argmaxMinLength: 1, argmaxMaxLength: 10 };
  it('is the generator and draws every length on request', () => {
    expectGeneratorIsEncoding(argmaxTask, options);
    expectGeneratorIsEncoding(argmaxTask, { argmaxWidth: 3, argmaxMinLength: 5, argmaxMaxLength: 50 });
    expectRandomDifficulties(argmaxTask, options);
  });

  it('encodes typed values one-hot, the truth the position of the largest (the last on ties) at the last step', () => {
    const values = [2, 7, 1, 7, 0];
    const batch = probeBatch(argmaxTask.probe!, options, argmaxTask.probe!.parse(options, values.join(','))) as HostBatch;
    expect(values.map((_, t) => Array.from(inputAt(batch, t, 0)).indexOf(1))).toEqual(values);
    const largest = Math.max(...values);
    const lastOfLargest = values.lastIndexOf(largest);
    expect(values.map((_, t) => maskAt(batch.targetMask, batch, t, 0))).toEqual([0, 0, 0, 0, 1]);
    expect(targetAt(batch, 4, 0)[0]).toBe(lastOfLargest);
  });

  it('refuses values beyond the one-hot width and lengths out of range', () => {
    const probe = argmaxTask.probe!;
    expect(refusal(probe.parse(options, '3,10'))).toMatch(/Value 2 is 10: with one-hot width 10, values are 0 to 9/);
    expect(refusal(probe.parse(options, Array.from({ length: 11 }, () => '1').join(',')))).toMatch(/1 to 10 values/);
  });
});

describe('delay copy probe', () => {
  const options = { delay: 3, delayLength: 8 };
  it('is the generator: a stream seed read from its start', () => {
    expectGeneratorIsEncoding(delayCopyTask, options);
    expectGeneratorIsEncoding(delayCopyTask, { delay: 10, delayLength: 60 });
  });

  it('encodes a stream made by hand, the truth each symbol m steps later', () => {
    const input = delayCopyTask.probe!.parse(options, '12513412');
    expect(input).toEqual([[1, 2, 5, 1, 3, 4, 1, 2]]);
    const batch = probeBatch(delayCopyTask.probe!, options, input) as HostBatch;
    const symbols = [1, 2, 5, 1, 3, 4, 1, 2];
    expect(symbols.map((_, t) => Array.from(inputAt(batch, t, 0)).indexOf(1))).toEqual(symbols);
    expect(symbols.map((_, t) => maskAt(batch.targetMask, batch, t, 0))).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    expect(symbols.slice(3).map((_, k) => targetAt(batch, 3 + k, 0)[0])).toEqual(symbols.slice(0, 5));
    expect(batch.difficulty[0]).toBe(3);
  });

  it('refuses a marker off a segment start, another symbol on one, the wrong length and other symbols', () => {
    const probe = delayCopyTask.probe!;
    expect(refusal(probe.parse(options, '12213412'))).toBe('accepted');
    expect(refusal(probe.parse(options, '11513412'))).toMatch(/Step 2 is 1: within a segment the symbols are 2 to 5/);
    expect(refusal(probe.parse(options, '12523412'))).toMatch(/Step 4 starts a segment of 3 steps .*not 2/);
    expect(refusal(probe.parse(options, '1251341'))).toMatch(/exactly 8 symbols/);
    expect(refusal(probe.parse(options, '12x13412'))).toMatch(/not a stream of the symbols 1 to 5/);
  });
});
