import { describe, expect, it } from 'vitest';
import { CurveBuffer } from './curveBuffer';

const column = (buffer: CurveBuffer, c: number) => Array.from(buffer.points().columns[c]);

describe('CurveBuffer', () => {
  it('keeps every row until it is full', () => {
    const buffer = new CurveBuffer(2, 8);
    for (let step = 1; step <= 5; step++) buffer.push([step, step * 10]);
    expect(buffer.length).toBe(5);
    expect(buffer.stride).toBe(1);
    expect(column(buffer, 0)).toEqual([1, 2, 3, 4, 5]);
    expect(column(buffer, 1)).toEqual([10, 20, 30, 40, 50]);
  });

  it('halves its resolution by averaging neighbours when full, and never holds more than its capacity', () => {
    const buffer = new CurveBuffer(1, 4);
    for (let step = 1; step <= 4; step++) buffer.push([step]);
    expect(buffer.stride).toBe(2);
    expect(column(buffer, 0)).toEqual([1.5, 3.5]);
    for (let step = 5; step <= 100; step++) {
      buffer.push([step]);
      expect(buffer.length).toBeLessThanOrEqual(4);
    }
    // Every point is the mean of the steps it stands for, so the values stay in order and the mean is kept.
    const values = column(buffer, 0);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
  });

  it('shows a partial bucket as the newest point', () => {
    const buffer = new CurveBuffer(1, 4);
    for (let step = 1; step <= 5; step++) buffer.push([step]);
    // [1.5, 3.5] full, then 5 alone in a bucket of 2.
    expect(column(buffer, 0)).toEqual([1.5, 3.5, 5]);
    expect(buffer.length).toBe(3);
  });

  it('reads packed rows and clears', () => {
    const buffer = new CurveBuffer(3, 10);
    buffer.pushRows(new Float32Array([1, 2, 3, 4, 5, 6]));
    expect(buffer.length).toBe(2);
    expect(column(buffer, 2)).toEqual([3, 6]);
    buffer.clear();
    expect(buffer.length).toBe(0);
    expect(buffer.stride).toBe(1);
  });

  it('refuses an odd capacity (pairs could not be merged)', () => {
    expect(() => new CurveBuffer(1, 5)).toThrow(/even/);
  });

  it('dumps and loads its exact contents, partial bucket included, and refuses a damaged dump changing nothing', () => {
    const buffer = new CurveBuffer(2, 4);
    for (let step = 1; step <= 7; step++) buffer.push([step, step * 10]);
    const copy = new CurveBuffer(2, 4);
    copy.load(JSON.parse(JSON.stringify(buffer.dump())));
    expect(copy.points()).toEqual(buffer.points());
    copy.push([8, 80]);
    buffer.push([8, 80]);
    expect(copy.points()).toEqual(buffer.points());

    const good = buffer.dump();
    for (const bad of [{ ...good, width: 3 }, { ...good, rows: [1, 2, 3] }, { ...good, rows: ['<img>', 2] }, { ...good, stride: 3 }, { ...good, partialCount: 9 }]) {
      expect(() => copy.load(bad as typeof good)).toThrow(/curves/);
    }
    expect(copy.points()).toEqual(buffer.points());
  });

  it('loads a dump saved before later columns were added: they are missing where it has points, counted after', () => {
    const older = new CurveBuffer(1, 8);
    for (let step = 1; step <= 3; step++) older.push([step]);
    const buffer = new CurveBuffer(2, 8);
    buffer.load(JSON.parse(JSON.stringify(older.dump())));
    buffer.push([4, 40]);
    expect(column(buffer, 0)).toEqual([1, 2, 3, 4]);
    expect(column(buffer, 1)).toEqual([Number.NaN, Number.NaN, Number.NaN, 40]);

    // Halfway through a bucket of two steps: the merged point lacks the new column, the next one has it.
    const halfway = new CurveBuffer(1, 4);
    for (let step = 1; step <= 5; step++) halfway.push([step]);
    expect(halfway.stride).toBe(2);
    const widened = new CurveBuffer(2, 4);
    widened.load(halfway.dump());
    for (let step = 6; step <= 7; step++) widened.push([step, step * 10]);
    expect(column(widened, 0)).toEqual([1.5, 3.5, 5.5, 7]);
    expect(column(widened, 1)).toEqual([Number.NaN, Number.NaN, Number.NaN, 70]);
    expect(() => widened.load({ ...halfway.dump(), width: 0 })).toThrow(/columns/);
  });

  it('drops the points past a step', () => {
    const buffer = new CurveBuffer(2, 8);
    for (let step = 1; step <= 6; step++) buffer.push([step, step * 10]);
    buffer.dropAfter(0, 4);
    expect(column(buffer, 0)).toEqual([1, 2, 3, 4]);
  });
});
