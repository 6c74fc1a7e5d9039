import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { delayCopyTask } from './delayCopy';
import type { HostBatch } from '../core/types';
import { Checks, defaultOptions, expectSeeded, expectWellFormed, inputAt, maskAt, targetAt } from './testing';

/** The symbol a one-hot input row holds (checked to be exactly one-hot). */
function symbolAt(batch: HostBatch, t: number, b: number, checks: Checks): number {
  const row = Array.from(inputAt(batch, t, b));
  checks.that(row.length === 6 && row.filter((x) => x === 1).length === 1 && row.filter((x) => x === 0).length === 5, () => `${b}@${t}: not one-hot of width 6`);
  return row.indexOf(1);
}

/** The documented layout, checked from the batch alone: marker every m steps from 0, else 2–5; target = input at t − m. */
function checkLayout(batch: HostBatch, delay: number, firstStep: number, checks: Checks): number[] {
  const counts = [0, 0, 0, 0, 0, 0];
  for (let b = 0; b < batch.batch; b++) {
    for (let t = 0; t < batch.steps; t++) {
      const absolute = firstStep + t;
      const symbol = symbolAt(batch, t, b, checks);
      counts[symbol]++;
      if (absolute % delay === 0) checks.that(symbol === 1, () => `${b}@${absolute}: segment does not start with the marker`);
      else checks.that(symbol >= 2 && symbol <= 5, () => `${b}@${absolute}: symbol ${symbol} inside a segment`);
      const hasTarget = maskAt(batch.targetMask, batch, t, b);
      checks.that(hasTarget === (absolute >= delay ? 1 : 0), () => `${b}@${absolute}: mask ${hasTarget}`);
      if (absolute >= delay && t >= delay) {
        checks.that(targetAt(batch, t, b)[0] === symbolAt(batch, t - delay, b, checks), () => `${b}@${absolute}: target is not the input m steps back`);
      }
    }
  }
  return counts;
}

describe('delaycopy', () => {
  it('follows the documented layout; random symbols are uniform over 2–5', () => {
    for (const delay of [1, 3, 10]) {
      const options = { delay, delayLength: 4 * delay + 7 };
      const batch = delayCopyTask.generate(options, 500, new Rng(delay));
      expectWellFormed(delayCopyTask, options, batch);
      const checks = new Checks();
      const counts = checkLayout(batch, delay, 0, checks);
      checks.expectNone();
      if (delay > 1) {
        const random = counts.slice(2).reduce((a, b) => a + b, 0);
        for (const count of counts.slice(2)) expect(Math.abs(count / random - 0.25)).toBeLessThan(0.02);
      }
    }
  });

  it('streams: consecutive chunks continue each stream exactly; targets cross chunk borders', () => {
    const options = { delay: 5, delayLength: 30 };
    const stream = delayCopyTask.stream!;
    const start = stream.open(options, 8, new Rng(4));
    const whole = stream.read(options, start, 24).batch;
    const first = stream.read(options, start, 7);
    const second = stream.read(options, first.next, 17);
    const checks = new Checks();
    checkLayout(whole, 5, 0, checks);
    checkLayout(second.batch, 5, 7, checks);
    checks.expectNone();
    for (let b = 0; b < 8; b++) {
      for (let t = 0; t < 17; t++) {
        expect(Array.from(inputAt(second.batch, t, b))).toEqual(Array.from(inputAt(whole, t + 7, b)));
        expect(targetAt(second.batch, t, b)[0]).toBe(targetAt(whole, t + 7, b)[0]);
        expect(maskAt(second.batch.targetMask, second.batch, t, b)).toBe(maskAt(whole.targetMask, whole, t + 7, b));
      }
    }
    // Positions are plain numbers (saved with a run): JSON round trip reads the same.
    const reloaded = stream.read(options, JSON.parse(JSON.stringify(first.next)), 17).batch;
    expect(Array.from(reloaded.inputs)).toEqual(Array.from(second.batch.inputs));
  });

  it('is seeded', () => {
    expectSeeded(delayCopyTask, defaultOptions(delayCopyTask));
  });
});
