/**
 * The LSTM update's elementwise part — gates, cell state, output — as one kernel forward and one backward on
 * the CPU backends (WASM and plain JS), in place of 10 TF.js ops forward and about 25 backward per update
 * (jsKernel.ts says why that pays). The sigmoids are the backend's own kernel, tanh x = 2σ(2x) − 1 (as in
 * wasmTanh.ts), the rest arithmetic in another order than the ops' — four lanes at a time in WebAssembly SIMD on
 * WASM (simdLoops.ts), plain loops elsewhere and for the last 0–3 units of a row: values and gradients agree with
 * the composite ops' to float32 rounding (lstmKernel.test.ts), not bit for bit.
 *
 *   [i f g o] = pre-activations;  c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g);  h' = σ(o) ⊙ tanh(c')
 *
 * Backward, with i f g̃ o the activated gates (g̃ = tanh g) and t = tanh c': the total gradient of c' is
 * δ = dc' + dh' ⊙ o ⊙ (1 − t²); then dc = δ ⊙ f and d[i f g o] = [δ g̃ i(1−i), δ c f(1−f), δ i (1−g̃²), dh' t o(1−o)].
 */
import * as tf from '@tensorflow/tfjs';
import { backwardKernel, hasKernel, makeOutputs, registerJsKernels, type Storage } from '../jsKernel';
import type { SimdLoops } from '../simdLoops';

const FORWARD = 'LstmUpdate';
const BACKWARD = 'LstmUpdateGrad';

/**
 * h' and c' from the gate pre-activations [batch, 4H] (plus `recurrent`, the recurrent matMul's part, where given:
 * the sum is the kernel's too, one op fewer) and c [batch, H], where the running backend has the kernel. With
 * `whole`, also [h' c'] side by side [batch, 2H] (what ACT reads: no concatenation op, no split in the gradient).
 */
export function fusedLstmUpdate(preActivations: tf.Tensor2D, c: tf.Tensor2D, recurrent?: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] | undefined;
export function fusedLstmUpdate(preActivations: tf.Tensor2D, c: tf.Tensor2D, recurrent: tf.Tensor2D | undefined, whole: true): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] | undefined;
export function fusedLstmUpdate(preActivations: tf.Tensor2D, c: tf.Tensor2D, recurrent?: tf.Tensor2D, whole = false): tf.Tensor2D[] | undefined {
  if (!hasKernel(FORWARD)) return undefined;
  // Outputs 2 and 3 (the activated gates, tanh c') exist for the gradient only.
  const inputs: tf.NamedTensorMap = recurrent ? { preActivations, c, recurrent } : { preActivations, c };
  const [h, nextC, , , both] = tf.engine().runKernel(FORWARD, inputs, { recurrent: recurrent !== undefined, whole }) as tf.Tensor2D[];
  return whole ? [h, nextC, both] : [h, nextC];
}

/** [h c] side by side per row, into `whole` [batch, 2H]. */
function writeWhole(loops: SimdLoops | undefined, h: Float32Array, c: Float32Array, whole: Float32Array, units: number): void {
  const rows = h.length / units;
  for (const [half, from] of [[0, h], [1, c]] as const) {
    const done = loops?.copyRows([from, 0, units], [whole, half * units, 2 * units], units, rows) ?? 0;
    for (let row = 0; row < rows; row++) {
      for (let j = done; j < units; j++) whole[(2 * row + half) * units + j] = from[row * units + j];
    }
  }
}

/** dh + ∂whole's h half and dc' + its c' half, per row, into `gradH` and `gradC` (an absent upstream counts as 0). */
function addWholeGradient(
  loops: SimdLoops | undefined, dWhole: Float32Array, dh: Float32Array | undefined, dNextC: Float32Array | undefined,
  gradH: Float32Array, gradC: Float32Array, units: number,
): void {
  const rows = gradH.length / units;
  for (const [upstream, sum, half] of [[dh, gradH, 0], [dNextC, gradC, 1]] as const) {
    if (!upstream) {
      for (let row = 0; row < rows; row++) sum.set(dWhole.subarray((2 * row + half) * units, (2 * row + half + 1) * units), row * units);
      continue;
    }
    const done = loops?.addRows([dWhole, half * units, 2 * units], [upstream, 0, units], [sum, 0, units], units, rows) ?? 0;
    for (let row = 0; row < rows; row++) {
      for (let j = done; j < units; j++) sum[row * units + j] = upstream[row * units + j] + dWhole[(2 * row + half) * units + j];
    }
  }
}

/**
 * The forward pass with two calls of the backend's sigmoid (on WASM its vectorised kernel: Math.exp costs ≈ 20 ns
 * here) and loops around them, row by row; tanh x = 2σ(2x) − 1. Returns [h', c', activated gates, tanh c'].
 */
function forward(storage: Storage, preActivations: tf.TensorInfo, c: tf.TensorInfo, recurrent: tf.TensorInfo | undefined, whole: boolean): tf.TensorInfo[] {
  const [batch, units] = c.shape;
  const loops = storage.loops;
  const doubledCandidate = storage.make(preActivations.shape);
  {
    const pre = storage.values(preActivations);
    const out = storage.values(doubledCandidate);
    if (recurrent) {
      const added = storage.values(recurrent);
      for (let k = loops?.addRows([added, 0, 0], [pre, 0, 0], [out, 0, 0], pre.length, 1) ?? 0; k < pre.length; k++) out[k] = pre[k] + added[k];
    } else out.set(pre);
    // x + x = 2x exactly.
    const done = loops?.addRows([out, 2 * units, 4 * units], [out, 2 * units, 4 * units], [out, 2 * units, 4 * units], units, batch) ?? 0;
    for (let row = 0; row < batch; row++) {
      const start = row * 4 * units + 2 * units;
      for (let k = start + done, end = start + units; k < end; k++) out[k] = 2 * out[k];
    }
  }
  const gatesInfo = storage.sigmoid(doubledCandidate);
  storage.dispose(doubledCandidate);
  const [h, nextC, doubledCell] = [storage.make(c.shape), storage.make(c.shape), storage.make(c.shape)];
  const both = whole ? storage.make([batch, 2 * units]) : undefined;
  {
    const [gates, cell, nextCell, doubled] = [gatesInfo, c, nextC, doubledCell].map((info) => storage.values(info));
    const done = loops?.lstmCell(gates, cell, nextCell, doubled, units, batch) ?? 0;
    for (let row = 0; row < batch; row++) {
      const base = row * 4 * units;
      for (let j = done; j < units; j++) {
        const k = row * units + j;
        const g = 2 * gates[base + 2 * units + j] - 1;
        gates[base + 2 * units + j] = g;
        const next = gates[base + units + j] * cell[k] + gates[base + j] * g;
        nextCell[k] = next;
        doubled[k] = 2 * next;
      }
    }
  }
  const tanhCInfo = storage.sigmoid(doubledCell);
  storage.dispose(doubledCell);
  const [gates, tanhC, hidden] = [gatesInfo, tanhCInfo, h].map((info) => storage.values(info));
  const done = loops?.lstmOutput(gates, tanhC, hidden, units, batch) ?? 0;
  for (let row = 0; row < batch; row++) {
    const base = row * 4 * units;
    for (let j = done; j < units; j++) {
      const k = row * units + j;
      const t = 2 * tanhC[k] - 1;
      tanhC[k] = t;
      hidden[k] = gates[base + 3 * units + j] * t;
    }
  }
  if (!both) return [h, nextC, gatesInfo, tanhCInfo];
  writeWhole(loops, hidden, storage.values(nextC), storage.values(both), units);
  return [h, nextC, gatesInfo, tanhCInfo, both];
}

/**
 * The gradients of the pre-activations and of c, row by row (four lanes at a time in WebAssembly SIMD where the
 * loops exist, the rest here); a missing upstream gradient (off the loss's path) counts as 0.
 */
function backward(
  loops: SimdLoops | undefined, dh: Float32Array | undefined, dNextC: Float32Array | undefined, c: Float32Array, gates: Float32Array,
  tanhC: Float32Array, units: number, dPre: Float32Array, dc: Float32Array,
): void {
  const rows = c.length / units;
  const simdDone = loops && dh && dNextC ? loops.lstmBackward({ dh, dNextC, c, gates, tanhC, dPre, dc }, units, rows) : 0;
  for (let row = 0; row < rows; row++) {
    const base = row * 4 * units;
    for (let j = simdDone; j < units; j++) {
      const k = row * units + j;
      const i = gates[base + j];
      const f = gates[base + units + j];
      const g = gates[base + 2 * units + j];
      const o = gates[base + 3 * units + j];
      const t = tanhC[k];
      const gradH = dh?.[k] ?? 0;
      const gradC = (dNextC?.[k] ?? 0) + gradH * o * (1 - t * t);
      dc[k] = gradC * f;
      dPre[base + j] = gradC * g * i * (1 - i);
      dPre[base + units + j] = gradC * c[k] * f * (1 - f);
      dPre[base + 2 * units + j] = gradC * i * (1 - g * g);
      dPre[base + 3 * units + j] = gradH * t * o * (1 - o);
    }
  }
}

registerJsKernels({
  forward: FORWARD,
  backward: BACKWARD,
  runForward: (storage, { preActivations, c, recurrent }, { whole }) => forward(storage, preActivations, c, recurrent, whole === true),
  /** With a recurrent addend: the pre-activations' gradient a second time, for it (each input its own tensor). */
  runBackward(storage, { dh, dNextC, dWhole, c, gates, tanhC }, { recurrent }) {
    // With a gradient of [h' c'], two scratch tensors for the upstream sums (made with the outputs: see Storage.values).
    const scratch = dWhole ? [c!.shape, c!.shape] : [];
    const shapes = [gates!.shape, c!.shape, ...(recurrent ? [gates!.shape] : []), ...scratch];
    const { outputs, values } = makeOutputs(storage, shapes);
    const [dPre, dc] = values;
    const dRecurrent = recurrent ? values[2] : undefined;
    const v = (info: tf.TensorInfo | undefined) => (info ? storage.values(info) : undefined);
    const units = c!.shape[1];
    let [gradH, gradC] = [v(dh), v(dNextC)];
    if (dWhole) {
      const [sumH, sumC] = values.slice(-2);
      addWholeGradient(storage.loops, v(dWhole)!, gradH, gradC, sumH, sumC, units);
      [gradH, gradC] = [sumH, sumC];
    }
    backward(storage.loops, gradH, gradC, v(c)!, v(gates)!, v(tanhC)!, units, dPre, dc);
    dRecurrent?.set(dPre);
    outputs.slice(outputs.length - scratch.length).forEach((info) => storage.dispose(info));
    return outputs.slice(0, outputs.length - scratch.length);
  },
  gradient: {
    inputsToSave: ['c'],
    outputsToSave: [false, false, true, true],
    gradFunc: (dy, [c, gates, tanhC], attrs) => {
      const [dh, dNextC, , , dWhole] = dy as (tf.Tensor | null)[];
      const { recurrent } = attrs as { recurrent: boolean };
      const [dPre, dc, dRecurrent] = backwardKernel(BACKWARD, { dh, dNextC, dWhole: dWhole ?? null }, { c, gates, tanhC }, { recurrent });
      return { preActivations: () => dPre, c: () => dc, ...(dRecurrent ? { recurrent: () => dRecurrent } : {}) };
    },
  },
});
