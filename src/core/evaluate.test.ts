import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/codec';
import { getTask } from '../tasks/registry';
import { evaluate, evaluationBatchSize, evaluationRng } from './evaluate';
import { ponderSettingsFor } from './objective';
import { tracePonder } from './trace';
import { optionsAtLength } from './taskOptions';
import { ActModel } from './model';
import { Rng, streamSeed } from './random';
import { modelSpecFor } from './objective';
import { UnrollPredictor } from './speculation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluation at given lengths', () => {
  it('scores the same number of sequences at exactly each length, beyond the training range too', async () => {
    const config = parseConfig('task=adding&cell=lstm&hidden=4&act=0&sumMaxLength=5').config;
    const task = getTask('adding');
    const model = new ActModel(modelSpecFor(config, task), new Rng(1));
    const evaluation = await evaluate(model, task, config, { sequences: 6, seed: 1, batchSize: 4, lengths: [2, 50] });
    expect(evaluation.count).toBe(12);
    expect(evaluation.byDifficulty.map(({ difficulty, count }) => [difficulty, count])).toEqual([[2, 6], [50, 6]]);
    model.dispose();
  });

  it('refuses a task without lengths, or a length the task cannot express, before evaluating anything', async () => {
    const parity = parseConfig('task=parity&hidden=4').config;
    const model = new ActModel(modelSpecFor(parity, getTask('parity')), new Rng(1));
    await expect(evaluate(model, getTask('parity'), parity, { sequences: 2, seed: 1, lengths: [3] })).rejects.toThrow(/Parity task cannot generate at a given length/);
    model.dispose();
    const argmax = parseConfig('task=argmax&hidden=4&act=0').config;
    const argmaxModel = new ActModel(modelSpecFor(argmax, getTask('argmax')), new Rng(1));
    await expect(evaluate(argmaxModel, getTask('argmax'), argmax, { sequences: 2, seed: 1, lengths: [5, 101] })).rejects.toThrow(/101/);
    argmaxModel.dispose();
  });
});

describe('evaluation batches', () => {
  it('keeps batches of up to 256 for small models and shrinks them for a large memory at long lengths', () => {
    const parity = parseConfig('task=parity').config;
    const parityModel = new ActModel(modelSpecFor(parity, getTask('parity')), new Rng(1));
    expect(evaluationBatchSize(parityModel, getTask('parity'), parity, 256, parity.maxSteps)).toBe(256);
    parityModel.dispose();
    const sam = parseConfig('task=copy&cell=sam&sparseSlots=1024&hidden=64&halting=none').config;
    const copy = getTask('copy');
    const samModel = new ActModel(modelSpecFor(sam, copy), new Rng(1));
    const atSixty = optionsAtLength(copy, sam, 60);
    const batch = evaluationBatchSize(samModel, copy, atSixty, 256, 1);
    expect(batch).toBeGreaterThanOrEqual(1);
    expect(batch).toBeLessThan(100);
    samModel.dispose();
  });

  it('gives the same numbers whatever the batch size', async () => {
    const config = parseConfig('task=parity&bits=6&hidden=8').config;
    const task = getTask('parity');
    const model = new ActModel(modelSpecFor(config, task), new Rng(3));
    const whole = await evaluate(model, task, config, { sequences: 40, seed: 2 });
    const split = await evaluate(model, task, config, { sequences: 40, seed: 2, batchSize: 7 });
    expect(split.seqError).toBe(whole.seqError);
    expect(split.ponder).toBeCloseTo(whole.ponder, 5);
    expect(split.byDifficulty).toEqual(whole.byDifficulty.map((bucket) => ({ ...bucket, ponder: expect.closeTo(bucket.ponder, 5) })));
    expect(split.taskLoss).toBeCloseTo(whole.taskLoss, 4);
    model.dispose();
  });
});

describe('ponder along the sequence', () => {
  it('averages N at each step per difficulty, as the traces of the same sequences give it, and the end of the input', async () => {
    // Two layers that ponder each on their own (their mean is the step's N) and a halting bias that makes N vary.
    const config = parseConfig('task=sort&cell=lstm&hidden=6&layers=2&ponderMode=layer&haltBias=-1&maxSteps=6&minCount=2&maxCount=4').config;
    const task = getTask('sort');
    const model = new ActModel(modelSpecFor(config, task), new Rng(5));
    const evaluation = await evaluate(model, task, config, { sequences: 30, seed: 4, batchSize: 30 });
    const traces = await tracePonder(model, task.generate(config, 30, evaluationRng(4), undefined, 'evaluate'), ponderSettingsFor(config, 'evaluation'));
    // The reference, from the traces (the observer's records, not the evaluation's tensors): N per step, mean of the two layers.
    const stepsOf = (trace: (typeof traces)[number]) => trace.ponder.map((units) => (units[0].steps + units[1].steps) / 2);
    const difficulties = [...new Set(traces.map((trace) => trace.difficulty))].sort((a, b) => a - b);
    const expected = difficulties.map((difficulty) => {
      const own = traces.filter((trace) => trace.difficulty === difficulty).map(stepsOf);
      return { difficulty, count: own.length, ponder: own[0].map((_, t) => own.reduce((sum, steps) => sum + steps[t], 0) / own.length), unscoredSteps: difficulty };
    });
    const along = evaluation.alongSequence!;
    expect(along.rows.map(({ difficulty, count, unscoredSteps }) => ({ difficulty, count, unscoredSteps }))).toEqual(expected.map(({ difficulty, count, unscoredSteps }) => ({ difficulty, count, unscoredSteps })));
    along.rows.forEach((row, i) => row.ponder.forEach((n, t) => expect(n).toBeCloseTo(expected[i].ponder[t], 5)));
    expect(new Set(along.rows.flatMap((row) => row.ponder)).size).toBeGreaterThan(3);
    // Sort reads n numbers (unscored), then answers: the last of the n against the n − 1 before, pooled.
    const inputs = traces.map((trace) => stepsOf(trace).slice(0, trace.difficulty));
    const last = inputs.map((steps) => steps[steps.length - 1]);
    const earlier = inputs.flatMap((steps) => steps.slice(0, -1));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(along.endOfInput?.sequences).toBe(30);
    expect(along.endOfInput?.last).toBeCloseTo(mean(last), 5);
    expect(along.endOfInput?.earlier).toBeCloseTo(mean(earlier), 5);
    model.dispose();
  });
});

describe('an even draw over difficulty', () => {
  const config = parseConfig('task=logic&cell=lstm&hidden=6&haltBias=-1&maxSteps=6&logicLength=4&maxGates=4').config;
  const task = getTask('logic');

  it('gives the difficulty curve from that many sequences at each difficulty, as their traces give it, and leaves the rest as drawn', async () => {
    const model = new ActModel(modelSpecFor(config, task), new Rng(5));
    const drawn = await evaluate(model, task, config, { sequences: 24, seed: 3, batchSize: 10 });
    const even = await evaluate(model, task, config, { sequences: 24, seed: 3, batchSize: 10, perDifficulty: 5 });
    expect(even.perDifficulty).toBe(5);
    const overall = ({ byDifficulty: _curve, alongSequence: _along, perDifficulty: _even, ...rest }: typeof even) => rest;
    expect(overall(even)).toEqual(overall(drawn));
    expect(even.alongSequence!.rows.map(({ difficulty, count }) => [difficulty, count])).toEqual([1, 2, 3, 4].map((d) => [d, 5]));
    // The reference: the same draw made here from the even stream, one sequence at a time, each traced on its own.
    const rng = new Rng(streamSeed(3, 'eval-even'));
    const expected: { difficulty: number; count: number; ponder: number }[] = [];
    for (let difficulty = 1; difficulty <= 4; difficulty++) {
      let steps = 0;
      let inputSteps = 0;
      for (let i = 0; i < 5; i++) {
        const sequence = task.probe!.encode(config, task.probe!.random!(config, rng, difficulty));
        const [trace] = await tracePonder(model, sequence, ponderSettingsFor(config, 'evaluation'));
        steps += trace.ponder.reduce((sum, units) => sum + units[0].steps, 0);
        inputSteps += trace.ponder.length;
      }
      expected.push({ difficulty, count: 5, ponder: steps / inputSteps });
    }
    expect(even.byDifficulty.map(({ difficulty, count }) => ({ difficulty, count }))).toEqual(expected.map(({ difficulty, count }) => ({ difficulty, count })));
    even.byDifficulty.forEach((bucket, i) => expect(bucket.ponder).toBeCloseTo(expected[i].ponder, 5));
    expect(new Set(even.byDifficulty.map((bucket) => bucket.ponder)).size).toBeGreaterThan(2);
    model.dispose();
  });

  it('is refused with lengths or for a task that cannot draw at a difficulty, before evaluating anything', async () => {
    const adding = parseConfig('task=adding&cell=lstm&hidden=4&act=0&sumMaxLength=5').config;
    const addingModel = new ActModel(modelSpecFor(adding, getTask('adding')), new Rng(1));
    await expect(evaluate(addingModel, getTask('adding'), adding, { sequences: 2, seed: 1, lengths: [3], perDifficulty: 2 })).rejects.toThrow(/cannot also take lengths/);
    addingModel.dispose();
    const model = new ActModel(modelSpecFor(config, task), new Rng(1));
    const betweenBatches = vi.fn(async () => undefined);
    const unprobed = { ...task, probe: undefined };
    await expect(evaluate(model, unprobed, config, { sequences: 4, seed: 1, batchSize: 2, perDifficulty: 2, betweenBatches })).rejects.toThrow(/cannot draw a sequence at a given difficulty/);
    expect(betweenBatches).not.toHaveBeenCalled();
    model.dispose();
  });
});

describe('ponder by each step\'s own difficulty', () => {
  it('averages N at the steps of each gate count, as the traces of the same sequences give it, for a task whose steps have one', async () => {
    const config = parseConfig('task=logic&cell=lstm&hidden=6&haltBias=-1&maxSteps=6&logicLength=4&maxGates=4').config;
    const task = getTask('logic');
    const model = new ActModel(modelSpecFor(config, task), new Rng(6));
    const evaluation = await evaluate(model, task, config, { sequences: 30, seed: 4, batchSize: 7 });
    const host = task.generate(config, 30, evaluationRng(4), undefined, 'evaluate');
    const traces = await tracePonder(model, host, ponderSettingsFor(config, 'evaluation'));
    // The reference: each step's gates counted from its input vector (the one-hot gate slots after the two bits).
    const sums = new Map<number, { steps: number; ponder: number }>();
    traces.forEach((trace, b) => trace.ponder.forEach((units, t) => {
      const row = (t * host.batch + b) * host.inputSize;
      const gates = host.inputs.subarray(row + 2, row + host.inputSize).reduce((count, x) => count + x, 0);
      const sum = sums.get(gates) ?? { steps: 0, ponder: 0 };
      sums.set(gates, { steps: sum.steps + 1, ponder: sum.ponder + units[0].steps });
    }));
    const expected = [...sums.entries()].sort(([a], [b]) => a - b);
    expect(evaluation.byStepDifficulty!.map(({ difficulty, steps }) => [difficulty, steps])).toEqual(expected.map(([gates, { steps }]) => [gates, steps]));
    evaluation.byStepDifficulty!.forEach((bucket, i) => expect(bucket.ponder).toBeCloseTo(expected[i][1].ponder / expected[i][1].steps, 5));
    expect(new Set(evaluation.byStepDifficulty!.map((bucket) => bucket.ponder)).size).toBeGreaterThan(2);
    const parity = parseConfig('task=parity&bits=6&hidden=8').config;
    const parityModel = new ActModel(modelSpecFor(parity, getTask('parity')), new Rng(3));
    expect((await evaluate(parityModel, getTask('parity'), parity, { sequences: 8, seed: 2 })).byStepDifficulty).toBeUndefined();
    model.dispose();
    parityModel.dispose();
  });
});

describe('whole-text evaluation', () => {
  const config = parseConfig('task=wiki&window=12&hidden=6&cell=lstm&maxSteps=3').config;
  const task = getTask('wiki');
  const pattern = Uint8Array.from('The cat sat.', (char) => char.charCodeAt(0));
  /** `times` copies of the 12-byte pattern and its first byte again (the last window's last target). */
  const repeated = (times: number) => Uint8Array.from([...Array.from({ length: times }, () => [...pattern]).flat(), pattern[0]]);
  const data = (heldOut: Uint8Array) => ({ train: new Uint8Array(0), heldOut, source: 'test' });

  it('reads every window of the held-out text once, back to back, each from a zero state', async () => {
    const model = new ActModel(modelSpecFor(config, task), new Rng(4));
    // Three copies hold three windows, each the same bytes as the only window of one copy (offset 0).
    const whole = await evaluate(model, task, config, { sequences: 1, seed: 1, data: data(repeated(3)), whole: true, batchSize: 2 });
    const one = await evaluate(model, task, config, { sequences: 1, seed: 9, data: data(repeated(1)) });
    expect(whole.count).toBe(3);
    expect(whole.bitsPerTarget).toBeCloseTo(one.bitsPerTarget, 5);
    expect(whole.ponder).toBeCloseTo(one.ponder, 5);
    // One more byte is not one more window; a different seed reads the same windows.
    const again = await evaluate(model, task, config, { sequences: 50, seed: 7, data: data(Uint8Array.from([...repeated(3), 65])), whole: true });
    expect(again.count).toBe(3);
    expect(again.bitsPerTarget).toBeCloseTo(whole.bitsPerTarget, 5);
    model.dispose();
  });

  it('is refused for tasks that read no text, for a text shorter than a window, and with lengths', async () => {
    const parity = parseConfig('task=parity&bits=6&hidden=8').config;
    const model = new ActModel(modelSpecFor(parity, getTask('parity')), new Rng(3));
    await expect(evaluate(model, getTask('parity'), parity, { sequences: 4, seed: 1, whole: true })).rejects.toThrow(/tasks that read text; Parity does not/);
    model.dispose();
    const reader = new ActModel(modelSpecFor(config, task), new Rng(4));
    await expect(evaluate(reader, task, config, { sequences: 4, seed: 1, data: data(pattern), whole: true })).rejects.toThrow(/shorter than one 12-step window/);
    await expect(evaluate(reader, task, config, { sequences: 4, seed: 1, data: data(repeated(3)), whole: true, lengths: [5] })).rejects.toThrow(/cannot also take lengths/);
    reader.dispose();
  });
});

describe('speculative evaluation (what WebGPU runs)', () => {
  it('gives exactly the read-back evaluation, continuing batches whose unroll was cut short', async () => {
    const record = vi.spyOn(UnrollPredictor.prototype, 'record');
    const cutShort: boolean[] = [];
    for (const text of [
      'task=parity&bits=8&hidden=8&haltBias=-1&maxSteps=12',
      'task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=8&layers=2&ponderMode=layer&maxSteps=6',
      'task=parity&bits=6&hidden=8&halting=pondernet&lambdaP=0.3&maxSteps=8',
    ]) {
      const config = parseConfig(text).config;
      const task = getTask(config.task);
      const model = new ActModel(modelSpecFor(config, task), new Rng(3));
      record.mockClear();
      const options = { sequences: 96, seed: 5, batchSize: 8 };
      const readback = await evaluate(model, task, config, { ...options, ponderUnroll: 'readback' });
      const speculative = await evaluate(model, task, config, { ...options, ponderUnroll: 'speculative' });
      expect(speculative, text).toEqual(readback);
      // Every batch (12 of 8 sequences) read its unroll checks at least once; some were cut short and continued.
      const outcomes = record.mock.calls.map(([positions]) => positions);
      expect(outcomes.length, text).toBeGreaterThanOrEqual(12);
      cutShort.push(outcomes.some((positions) => positions.some(({ cut }) => cut)));
      model.dispose();
    }
    record.mockRestore();
    // Parity from a halting bias of −1 needs a varying number of updates: its batches were cut (the logic net's need is steady).
    expect(cutShort[0]).toBe(true);
  });
});
