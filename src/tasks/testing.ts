/**
 * Shared checks for the task tests: they read a HostBatch through its documented layout only, never through
 * the generators' code, so that a generator bug cannot hide behind the checker.
 */
import { expect } from 'vitest';
import { Rng } from '../core/random';
import { targetWidth } from '../core/types';
import type { HostBatch } from '../core/types';
import type { FieldMap, ValuesOf } from '../config/fields';
import type { Task } from './task';

/** The task's options at their schema defaults. */
export function defaultOptions<O extends FieldMap>(task: Task<O>): ValuesOf<O> {
  return Object.fromEntries(Object.entries(task.options).map(([key, field]) => [key, field.default])) as ValuesOf<O>;
}

/** The input vector of sequence b at step t. */
export function inputAt(batch: HostBatch, t: number, b: number): Float32Array {
  const row = t * batch.batch + b;
  return batch.inputs.subarray(row * batch.inputSize, (row + 1) * batch.inputSize);
}

/** The target numbers of sequence b at step t. */
export function targetAt(batch: HostBatch, t: number, b: number): Float32Array {
  const row = t * batch.batch + b;
  return batch.targets.subarray(row * batch.targetWidth, (row + 1) * batch.targetWidth);
}

export const maskAt = (mask: Float32Array, batch: HostBatch, t: number, b: number): number => mask[t * batch.batch + b];

/**
 * Collects failed checks instead of calling expect() for each (which is slow over thousands of samples), then
 * fails once, naming the first few.
 */
export class Checks {
  private readonly failures: string[] = [];

  that(ok: boolean, what: () => string): void {
    if (!ok) this.failures.push(what());
  }

  expectNone(): void {
    expect(this.failures.slice(0, 10), `${this.failures.length} failed checks`).toEqual([]);
  }
}

/** The number of real (non-padding) steps of sequence b, after checking they form a prefix. */
export function sequenceLength(batch: HostBatch, b: number, checks: Checks): number {
  let length = 0;
  while (length < batch.steps && maskAt(batch.stepMask, batch, length, b) === 1) length++;
  for (let t = length; t < batch.steps; t++) {
    checks.that(maskAt(batch.stepMask, batch, t, b) === 0, () => `sequence ${b}: stepMask not 0/1 or not a prefix at step ${t}`);
  }
  return length;
}

/**
 * Shape and masks against the task's dims: sizes, masks 0/1, no target outside a real step, padding all zero,
 * the batch as long as its longest sequence, difficulties within the task's range, target values legal.
 */
export function expectWellFormed<O extends FieldMap>(task: Task<O>, options: ValuesOf<O>, batch: HostBatch): void {
  const dims = task.dims(options);
  const [minDifficulty, maxDifficulty] = task.difficultyRange(options);
  expect(batch.inputSize).toBe(dims.inputSize);
  expect(batch.targetWidth).toBe(targetWidth(dims.head));
  expect(batch.inputs.length).toBe(batch.steps * batch.batch * batch.inputSize);
  expect(batch.targets.length).toBe(batch.steps * batch.batch * batch.targetWidth);
  expect(batch.steps).toBeLessThanOrEqual(dims.maxSteps);
  const { head } = dims;
  const isLegalTarget = (x: number): boolean =>
    head.kind === 'sigmoid' ? x === 0 || x === 1 : Number.isInteger(x) && x >= 0 && (head.kind === 'sum' || x < head.classes);
  const checks = new Checks();
  let longest = 0;
  for (let b = 0; b < batch.batch; b++) {
    const length = sequenceLength(batch, b, checks);
    longest = Math.max(longest, length);
    const difficulty = batch.difficulty[b];
    checks.that(difficulty >= minDifficulty && difficulty <= maxDifficulty, () => `sequence ${b}: difficulty ${difficulty}`);
    for (let t = 0; t < batch.steps; t++) {
      const at = (): string => `sequence ${b}, step ${t}`;
      const hasTarget = maskAt(batch.targetMask, batch, t, b);
      checks.that(hasTarget === 0 || hasTarget === 1, () => `${at()}: targetMask ${hasTarget}`);
      if (t >= length) {
        checks.that(hasTarget === 0, () => `${at()}: target on padding`);
        checks.that(inputAt(batch, t, b).every((x) => x === 0), () => `${at()}: non-zero input on padding`);
      }
      const target = targetAt(batch, t, b);
      if (hasTarget) checks.that(target.every(isLegalTarget), () => `${at()}: illegal target ${target.join(',')}`);
      else checks.that(target.every((x) => x === 0), () => `${at()}: non-zero masked target`);
    }
  }
  checks.expectNone();
  expect(batch.steps).toBe(longest);
}

/** Same seed, identical batches; another seed, different ones. */
export function expectSeeded<O extends FieldMap>(task: Task<O>, options: ValuesOf<O>): void {
  const batchFrom = (seed: number): HostBatch => task.generate(options, 64, new Rng(seed));
  const first = batchFrom(7);
  const again = batchFrom(7);
  const other = batchFrom(8);
  for (const key of ['inputs', 'targets', 'targetMask', 'stepMask', 'difficulty'] as const) {
    expect(Array.from(again[key])).toEqual(Array.from(first[key]));
  }
  expect(Array.from(other.inputs)).not.toEqual(Array.from(first.inputs));
}

/** Every value of min..max occurs among the observed ones, and nothing outside it. */
export function expectCovers(observed: Iterable<number>, min: number, max: number): void {
  const seen = [...new Set(observed)].sort((a, b) => a - b);
  expect(seen).toEqual(Array.from({ length: max - min + 1 }, (_, i) => min + i));
}

/** Row b of a generated batch equals row 0 of an encoded one: inputs, targets, masks, difficulty, padding zero. */
export function expectSameRow(generated: HostBatch, b: number, encoded: HostBatch, checks: Checks, what: string): void {
  checks.that(generated.difficulty[b] === encoded.difficulty[0], () => `${what}: difficulty`);
  for (let t = 0; t < generated.steps; t++) {
    const real = t < encoded.steps;
    const same = (a: ArrayLike<number>, other: ArrayLike<number> | null) => Array.from(a).every((x, i) => x === (other ? other[i] : 0));
    checks.that(same(inputAt(generated, t, b), real ? inputAt(encoded, t, 0) : null), () => `${what}: input at step ${t}`);
    checks.that(same(targetAt(generated, t, b), real ? targetAt(encoded, t, 0) : null), () => `${what}: target at step ${t}`);
    checks.that(maskAt(generated.stepMask, generated, t, b) === (real ? maskAt(encoded.stepMask, encoded, t, 0) : 0), () => `${what}: stepMask at ${t}`);
    checks.that(maskAt(generated.targetMask, generated, t, b) === (real ? maskAt(encoded.targetMask, encoded, t, 0) : 0), () => `${what}: targetMask at ${t}`);
  }
}

/** The index of the single 1 of a 0/1 vector, or −1 when it is not exactly one-hot. */
export function oneHotIndex(vector: ArrayLike<number>): number {
  const values = Array.from(vector);
  const ones = values.filter((x) => x === 1).length;
  return ones === 1 && values.every((x) => x === 0 || x === 1) ? values.indexOf(1) : -1;
}
