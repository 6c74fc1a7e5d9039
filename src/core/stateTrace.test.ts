import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HaltingSettings } from './halting/method';
import { batchTensors } from './batch';
import type { Cell } from './cells/cell';
import { ActModel, type ModelSpec } from './model';
import { Rng } from './random';
import { frameIndex, planFrames, StateRecorder, viewFrame, type StateFrames } from './stateTrace';
import { tracePonder } from './trace';
import type { HostBatch } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const INPUT = 2;
const HIDDEN = 3;
const SETTINGS: HaltingSettings = { eps: 0.01, maxSteps: 4, haltCheck: 'readback', tau: 0.01, beta: 0, lambdaP: 0.5, repeats: 1 };
const HEAD = { kind: 'sigmoid', units: 1 } as const;

/** Three sequences of lengths 3, 1 and 2 (padded to 3), random inputs. */
function randomBatch(rng: Rng): HostBatch {
  const steps = 3;
  const batch = 3;
  return {
    steps, batch, inputSize: INPUT, targetWidth: 1,
    inputs: Float32Array.from({ length: steps * batch * INPUT }, () => rng.uniform(-1, 1)),
    targets: new Float32Array(steps * batch),
    targetMask: new Float32Array(steps * batch).fill(1),
    stepMask: Float32Array.from([1, 1, 1, 1, 0, 1, 1, 0, 0]),
    difficulty: Int32Array.from([3, 1, 2]),
  };
}

function model(spec: Partial<ModelSpec>, seed = 5): ActModel {
  const built = new ActModel({ cell: 'rnn', inputSize: INPUT, hidden: HIDDEN, layers: 1, halting: 'act', ponderMode: 'stack', head: HEAD, ...spec }, new Rng(seed));
  // A halting bias that lets N vary between 1 and M across steps and rows.
  const rng = new Rng(seed + 1);
  for (const { name, variable } of built.variables) {
    if (name.endsWith('halting/bias')) variable.assign(tf.tensor1d([-1.2]));
    if (name.endsWith('halting/kernel')) variable.assign(tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-2, 2)), variable.shape));
  }
  return built;
}

const weights = (built: ActModel) => new Map(built.variables.map(({ name, variable }) => [name, [...variable.dataSync()]]));

/**
 * An independent tanh-RNN forward in plain arrays, with or without ACT (Graves 2016): the states after every
 * update and the state each input step ends with, for one sequence.
 */
function referenceRnn(w: Map<string, number[]>, inputs: number[][], act: boolean): { updates: number[][]; end: number[] }[] {
  const W = w.get('layer0/rnn/input_kernel')!;
  const U = w.get('layer0/rnn/recurrent_kernel')!;
  const b = w.get('layer0/rnn/bias')!;
  const inputWidth = inputs[0].length + (act ? 1 : 0);
  const step = (x: number[], h: number[]) =>
    Array.from({ length: HIDDEN }, (_, j) => {
      let sum = b[j];
      for (let i = 0; i < inputWidth; i++) sum += x[i] * W[i * HIDDEN + j];
      for (let i = 0; i < HIDDEN; i++) sum += h[i] * U[i * HIDDEN + j];
      return Math.tanh(sum);
    });
  let h = new Array(HIDDEN).fill(0);
  return inputs.map((x) => {
    if (!act) {
      h = step(x, h);
      return { updates: [], end: h };
    }
    const wh = w.get('halting/kernel')!;
    const bh = w.get('halting/bias')![0];
    const updates: number[][] = [];
    const mean = new Array(HIDDEN).fill(0);
    let cumulative = 0;
    let state = h;
    for (let n = 1; n <= SETTINGS.maxSteps; n++) {
      state = step([...x, n === 1 ? 1 : 0], state);
      updates.push(state);
      const halting = 1 / (1 + Math.exp(-(bh + state.reduce((sum, value, i) => sum + value * wh[i], 0))));
      const last = n === SETTINGS.maxSteps || cumulative + halting >= 1 - SETTINGS.eps;
      const p = last ? 1 - cumulative : halting;
      state.forEach((value, i) => (mean[i] += p * value));
      cumulative += halting;
      if (last) break;
    }
    h = mean;
    return { updates, end: mean };
  });
}

function sequenceInputs(batch: HostBatch, row: number, length: number): number[][] {
  return Array.from({ length }, (_, t) => [...batch.inputs.subarray((t * batch.batch + row) * INPUT, (t * batch.batch + row + 1) * INPUT)]);
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
}

describe('state capture', () => {
  for (const act of [true, false]) {
    it(`gives the RNN's h after every update and at the end of every input step (${act ? 'ACT' : 'no ACT'}), as a plain-array reference computes it`, async () => {
      const built = model({ halting: act ? 'act' : 'none' });
      const batch = randomBatch(new Rng(9));
      const before = tf.memory().numTensors;
      const traces = await tracePonder(built, batch, SETTINGS, { stateValues: 10_000 });
      expect(tf.memory().numTensors).toBe(before);
      let pondered = 0;
      traces.forEach((trace, row) => {
        const reference = referenceRnn(weights(built), sequenceInputs(batch, row, trace.length), act);
        const [frames] = trace.states!;
        expect(frames.views.map((view) => view.name)).toEqual(['h']);
        expect([...frames.steps]).toEqual(reference.map((_, t) => t));
        expect([...frames.updates]).toEqual(reference.map((step) => step.updates.length));
        reference.forEach((step, t) => {
          step.updates.forEach((state, n) => expectClose(viewFrame(frames, 0, frameIndex(frames, t, n + 1)), state));
          expectClose(viewFrame(frames, 0, frameIndex(frames, t)), step.end);
          pondered = Math.max(pondered, step.updates.length);
        });
      });
      if (act) expect(pondered).toBeGreaterThan(1);
      built.dispose();
    });
  }

  it('names a stack\'s views by layer and matches the state tensors the forward pass hands its observer', async () => {
    const built = model({ cell: 'lstm', layers: 2 });
    const batch = randomBatch(new Rng(3));
    const traces = await tracePonder(built, batch, SETTINGS, { stateValues: 10_000 });
    // The same forward, with the state tensors read directly: [t][n] → whole state [batch, 4H] (n = 0: the end).
    const direct = new Map<string, number[][]>();
    tf.tidy(() => {
      const tensors = batchTensors(batch);
      built.forward(tensors.inputs, tensors.stepMask, SETTINGS, {
        ponderStep: (t, _u, record) => void direct.set(`${t}/${record.n}`, tf.concat(record.state, 1).arraySync() as number[][]),
        endState: (t, _u, state) => void direct.set(`${t}/0`, tf.concat(state, 1).arraySync() as number[][]),
      });
    });
    traces.forEach((trace, row) => {
      const [frames] = trace.states!;
      expect(frames.views.map((view) => view.name)).toEqual(['layer0/h', 'layer0/c', 'layer1/h', 'layer1/c']);
      for (let t = 0; t < trace.length; t++) {
        expect(frames.updates[t]).toBe(trace.ponder[t][0].steps);
        for (let n = 0; n <= frames.updates[t]; n++) {
          const whole = direct.get(`${t}/${n}`)![row];
          const frame = frameIndex(frames, t, n === 0 ? undefined : n);
          frames.views.forEach((_, v) => expectClose(viewFrame(frames, v, frame), whole.slice(v * HIDDEN, (v + 1) * HIDDEN)));
        }
      }
    });
    built.dispose();
  });

  it('adds a cell\'s derived views after its state views: the aLSTM\'s policy π = tanh(z·V) of every kept frame, as plain arrays compute it', async () => {
    const adaptSize = 2;
    const built = model({ cell: 'alstm', layers: 2, cellOptions: { adaptSize } });
    const traces = await tracePonder(built, randomBatch(new Rng(3)), SETTINGS, { stateValues: 100_000 });
    const w = weights(built);
    const policyWidth = INPUT + 1 + HIDDEN + 12 * HIDDEN;
    const names = ['h', 'c', 'z', 'cz'];
    let checked = 0;
    for (const trace of traces) {
      const [frames] = trace.states!;
      expect(frames.views.map((view) => view.name)).toEqual([...names.map((n) => `layer0/${n}`), ...names.map((n) => `layer1/${n}`), 'layer0/policy', 'layer1/policy']);
      // Layer 0 reads the input and ACT's flag (INPUT + 1), layer 1 reads layer 0's h.
      const widths = [INPUT + 1 + HIDDEN + 12 * HIDDEN, HIDDEN + HIDDEN + 12 * HIDDEN];
      expect(frames.views.slice(8).map((view) => view.cols)).toEqual(widths);
      expect(policyWidth).toBe(widths[0]);
      const frameCount = frames.values[0].length / HIDDEN;
      for (let frame = 0; frame < frameCount; frame++) {
        for (const layer of [0, 1]) {
          const V = w.get(`layer${layer}/alstm/policy_kernel`)!;
          const z = viewFrame(frames, layer * 4 + 2, frame);
          const expected = Array.from({ length: widths[layer] }, (_, j) => Math.tanh(z.reduce((sum, value, i) => sum + value * V[i * widths[layer] + j], 0)));
          expectClose(viewFrame(frames, 8 + layer, frame), expected);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(6);
    built.dispose();
  });

  it('gives each layer its own frames when each layer ponders', async () => {
    const built = model({ cell: 'gru', layers: 2, ponderMode: 'layer' });
    const traces = await tracePonder(built, randomBatch(new Rng(4)), SETTINGS, { stateValues: 10_000 });
    const [first, second] = traces[0].states!;
    expect(traces[0].states).toHaveLength(2);
    expect(first.views.map((view) => view.name)).toEqual(['h']);
    expect([...first.updates]).toEqual(traces[0].ponder.map((units) => units[0].steps));
    expect([...second.updates]).toEqual(traces[0].ponder.map((units) => units[1].steps));
    built.dispose();
  });

  it('keeps within the cap: fewer steps keep their ponder updates first', async () => {
    const built = model({});
    const batch = randomBatch(new Rng(9));
    const full = (await tracePonder(built, batch, SETTINGS, { stateValues: 10_000 }))[0].states![0];
    const endsOnly = 3 * HIDDEN;
    const capped = (await tracePonder(built, batch, SETTINGS, { stateValues: endsOnly }))[0].states![0];
    expect([...capped.updates]).toEqual([0, 0, 0]);
    expect(capped.values[0]).toHaveLength(endsOnly);
    for (let t = 0; t < 3; t++) expect(viewFrame(capped, 0, frameIndex(capped, t))).toEqual(viewFrame(full, 0, frameIndex(full, t)));
    built.dispose();
  });

  it('captures nothing unless asked', async () => {
    const built = model({});
    const traces = await tracePonder(built, randomBatch(new Rng(9)), SETTINGS);
    expect(traces[0].states).toBeUndefined();
    built.dispose();
  });

  it('refuses a view that does not fit its state, naming it', () => {
    const cell = { kind: 'odd', stateWidths: [4], views: [{ name: 'memory', label: 'memory', state: 0, offset: 2, rows: 2, cols: 2, rowLabel: 'slot', colLabel: 'width', range: 'auto' }] } as unknown as Cell;
    expect(() => new StateRecorder([cell])).toThrow(/"memory" of cell odd does not fit.*width 4.*columns 2…5/);
  });
});

describe('planFrames', () => {
  // Three steps; one unit of 10 values per frame, pondering 2, 3 and 1 times: 30 end values, 60 update values.
  const pondered = [[2], [3], [1]];
  it('keeps everything that fits', () => {
    expect(planFrames(pondered, [10], 90)).toEqual({ steps: [0, 1, 2], withUpdates: [true, true, true] });
  });
  it('then drops the updates of all but every k-th step', () => {
    expect(planFrames(pondered, [10], 89)).toEqual({ steps: [0, 1, 2], withUpdates: [true, false, true] });
    expect(planFrames(pondered, [10], 59)).toEqual({ steps: [0, 1, 2], withUpdates: [true, false, false] });
    expect(planFrames(pondered, [10], 49)).toEqual({ steps: [0, 1, 2], withUpdates: [false, false, false] });
  });
  it('then keeps only every j-th end state, and nothing when one is too big', () => {
    expect(planFrames(pondered, [10], 29)).toEqual({ steps: [0, 2], withUpdates: [false, false] });
    expect(planFrames(pondered, [10], 10)).toEqual({ steps: [0], withUpdates: [false] });
    expect(planFrames(pondered, [10], 9)).toEqual({ steps: [], withUpdates: [] });
  });
  it('adds the units of a layer-by-layer model', () => {
    expect(planFrames([[1, 2]], [3, 5], 3 + 5 + 3 + 10)).toEqual({ steps: [0], withUpdates: [true] });
    expect(planFrames([[1, 2]], [3, 5], 3 + 5 + 3 + 9)).toEqual({ steps: [0], withUpdates: [false] });
  });
});

describe('frameIndex', () => {
  it('counts each kept step\'s updates and its end state', () => {
    const frames = { updates: Int32Array.from([2, 0, 3]) } satisfies Pick<StateFrames, 'updates'>;
    expect([frameIndex(frames, 0, 1), frameIndex(frames, 0, 2), frameIndex(frames, 0)]).toEqual([0, 1, 2]);
    expect(frameIndex(frames, 1)).toBe(3);
    expect([frameIndex(frames, 2, 1), frameIndex(frames, 2)]).toEqual([4, 7]);
  });
});
