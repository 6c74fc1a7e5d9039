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
 * the sum is the kernel's too, one op fewer) and c [batch, H], where the running backend has the kernel.
 */
export function fusedLstmUpdate(preActivations: tf.Tensor2D, c: tf.Tensor2D, recurrent?: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] | undefined {
  if (!hasKernel(FORWARD)) return undefined;
  // Outputs 2 and 3 (the activated gates, tanh c') exist for the gradient only.
  const inputs: tf.NamedTensorMap = recurrent ? { preActivations, c, recurrent } : { preActivations, c };
  const [h, nextC] = tf.engine().runKernel(FORWARD, inputs, { recurrent: recurrent !== undefined }) as tf.Tensor2D[];
  return [h, nextC];
}

/**
 * The forward pass with two calls of the backend's sigmoid (on WASM its vectorised kernel: Math.exp costs ≈ 20 ns
 * here) and loops around them, row by row; tanh x = 2σ(2x) − 1. Returns [h', c', activated gates, tanh c'].
 */
function forward(storage: Storage, preActivations: tf.TensorInfo, c: tf.TensorInfo, recurrent?: tf.TensorInfo): tf.TensorInfo[] {
  const [batch, units] = c.shape;
  const loops = storage.loops;
  const doubledCandidate = storage.make(preActivations.shape);
  {
    const pre = storage.values(preActivations);
    const out = storage.values(doubledCandidate);
    if (recurrent) {
      const added = storage.values(recurrent);
      for (let k = loops?.scaledAdd(added, 0, pre, 0, out, 0, pre.length, 1) ?? 0; k < pre.length; k++) out[k] = pre[k] + added[k];
    } else out.set(pre);
    for (let row = 0; row < batch; row++) {
      const start = row * 4 * units + 2 * units;
      // x + x·1 = 2x exactly.
      for (let k = start + (loops?.scaledAdd(out, start, out, start, out, start, units, 1) ?? 0), end = start + units; k < end; k++) out[k] = 2 * out[k];
    }
  }
  const gatesInfo = storage.sigmoid(doubledCandidate);
  storage.dispose(doubledCandidate);
  const [h, nextC, doubledCell] = [storage.make(c.shape), storage.make(c.shape), storage.make(c.shape)];
  {
    const [gates, cell, nextCell, doubled] = [gatesInfo, c, nextC, doubledCell].map((info) => storage.values(info));
    for (let row = 0; row < batch; row++) {
      const base = row * 4 * units;
      for (let j = loops?.lstmCell(gates, base, cell, nextCell, doubled, row * units, units) ?? 0; j < units; j++) {
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
  for (let row = 0; row < batch; row++) {
    const base = row * 4 * units;
    for (let j = loops?.lstmOutput(gates, base, tanhC, hidden, row * units, units) ?? 0; j < units; j++) {
      const k = row * units + j;
      const t = 2 * tanhC[k] - 1;
      tanhC[k] = t;
      hidden[k] = gates[base + 3 * units + j] * t;
    }
  }
  return [h, nextC, gatesInfo, tanhCInfo];
}

/**
 * The gradients of the pre-activations and of c, row by row (four lanes at a time in WebAssembly SIMD where the
 * loops exist, the rest here); a missing upstream gradient (off the loss's path) counts as 0.
 */
function backward(
  loops: SimdLoops | undefined, dh: Float32Array | undefined, dNextC: Float32Array | undefined, c: Float32Array, gates: Float32Array,
  tanhC: Float32Array, units: number, dPre: Float32Array, dc: Float32Array,
): void {
  for (let row = 0; row < c.length / units; row++) {
    const base = row * 4 * units;
    const simdDone = loops && dh && dNextC ? loops.lstmBackward({ dh, dNextC, c, gates, tanhC, dPre, dc }, base, row * units, units) : 0;
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
  runForward: (storage, { preActivations, c, recurrent }) => forward(storage, preActivations, c, recurrent),
  /** With a recurrent addend: the pre-activations' gradient a second time, for it (each input its own tensor). */
  runBackward(storage, { dh, dNextC, c, gates, tanhC }, { recurrent }) {
    const shapes = [gates!.shape, c!.shape, ...(recurrent ? [gates!.shape] : [])];
    const { outputs, values: [dPre, dc, dRecurrent] } = makeOutputs(storage, shapes);
    const v = (info: tf.TensorInfo | undefined) => (info ? storage.values(info) : undefined);
    backward(storage.loops, v(dh), v(dNextC), v(c)!, v(gates)!, v(tanhC)!, c!.shape[1], dPre, dc);
    dRecurrent?.set(dPre);
    return outputs;
  },
  gradient: {
    inputsToSave: ['c'],
    outputsToSave: [false, false, true, true],
    gradFunc: (dy, [c, gates, tanhC], attrs) => {
      const [dh, dNextC] = dy as (tf.Tensor | null)[];
      const { recurrent } = attrs as { recurrent: boolean };
      const [dPre, dc, dRecurrent] = backwardKernel(BACKWARD, { dh, dNextC }, { c, gates, tanhC }, { recurrent });
      return { preActivations: () => dPre, c: () => dc, ...(dRecurrent ? { recurrent: () => dRecurrent } : {}) };
    },
  },
});
