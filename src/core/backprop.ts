/**
 * The engine's backward pass over recorded tape nodes (TF.js 4.22: engine.ts `gradients`, tape.ts
 * `getFilteredNodesXToY` and `backpropagateGradients`, followed step for step), with one change: a tensor that
 * gets gradients from many nodes sums them in place.
 *
 * Why: a weight read at every ponder update (the LSTM's recurrent kernel, the halting unit, the projected input
 * of an input step) gets one gradient per update, and the engine sums them with an Add kernel and a new tensor
 * each: about 400 kernel calls of a logic step (LSTM 64, batch 128), pure dispatch cost for a few thousand
 * floats. Here the second gradient still goes through Add (the sum is then a tensor this pass made and nothing
 * else holds), and every later one is added into that sum's own memory on the CPU backends. Same additions, in
 * the same order (sum + dx, in float32): the same bits.
 */
import * as tf from '@tensorflow/tfjs';
import type { TapeNode } from './engineInternals';
import { JS_KERNEL_BACKENDS, storageOf, type JsKernelBackend } from './jsKernel';

/** The nodes on a path from some x to y, each keeping only its inputs that depend on an x (getFilteredNodesXToY). */
function nodesFromXToY(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => fromX.has(input.id))) {
      node.outputs.forEach((output) => fromX.add(output.id));
      nodesFromX.add(node.id);
    }
  }
  const leadToY = new Set([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((output) => leadToY.has(output.id))) {
      Object.values(node.inputs).forEach((input) => leadToY.add(input.id));
      nodesToY.add(node.id);
    }
  }
  return tape
    .filter((node) => nodesFromX.has(node.id) && nodesToY.has(node.id))
    .map((node) => ({ ...node, inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, input]) => fromX.has(input.id))) }));
}

/** Adds dx into `sum`'s memory where the running backend is a CPU one (returns false elsewhere: the caller adds). */
function addInPlace(sum: tf.Tensor, dx: tf.Tensor): boolean {
  const backendName = tf.getBackend();
  if (!(JS_KERNEL_BACKENDS as readonly string[]).includes(backendName)) return false;
  const storage = storageOf(backendName as JsKernelBackend, tf.engine().backend);
  const [into, from] = [storage.values(sum), storage.values(dx)];
  const done = storage.loops?.addRows([into, 0, into.length], [from, 0, from.length], [into, 0, into.length], into.length, 1) ?? 0;
  for (let i = done; i < into.length; i++) into[i] = into[i] + from[i]; // stored as float32: one rounding, as Add
  return true;
}

/** Gradients summed per tensor id; a sum this pass made itself may be added to in place. */
class GradientSums {
  private readonly sums = new Map<number, tf.Tensor>();
  private readonly made = new Set<number>();
  /** How many ids each tensor object is the gradient of (a gradient function may hand dy on as an input's gradient). */
  private readonly holders = new Map<tf.Tensor, number>();

  get(id: number): tf.Tensor | undefined {
    return this.sums.get(id);
  }

  set(id: number, gradient: tf.Tensor): void {
    this.sums.set(id, gradient);
    this.holders.set(gradient, (this.holders.get(gradient) ?? 0) + 1);
  }

  add(id: number, dx: tf.Tensor): void {
    const sum = this.sums.get(id);
    if (!sum) {
      this.set(id, dx);
    } else if (this.made.has(id) && addInPlace(sum, dx)) {
      if (!this.holders.has(dx)) dx.dispose();
    } else {
      // dx and the first gradient may share memory with other tensors: the sum is a new tensor.
      const total = tf.add(sum, dx);
      this.release(id);
      this.set(id, total);
      this.made.add(id);
    }
  }

  /** Forgets id's gradient (its node is done with it), freeing it unless it is another id's too. */
  release(id: number): void {
    const gradient = this.sums.get(id);
    if (!gradient) return;
    this.sums.delete(id);
    this.made.delete(id);
    const holders = this.holders.get(gradient)! - 1;
    if (holders > 0) this.holders.set(gradient, holders);
    else {
      this.holders.delete(gradient);
      gradient.dispose();
    }
  }
}

/**
 * The gradients of y w.r.t. each x (undefined where y does not depend on it), from the tape nodes recorded while y
 * was computed; afterwards frees what the nodes saved, as the engine does after a top-level backward pass.
 */
export function backpropagate(tape: TapeNode[], y: tf.Scalar, xs: tf.Tensor[]): (tf.Tensor | undefined)[] {
  const nodes = nodesFromXToY(tape, xs, y);
  const wanted = new Set(xs.map((x) => x.id));
  try {
    return tf.tidy(() => {
      const sums = new GradientSums();
      sums.set(y.id, tf.fill(y.shape, 1));
      for (let i = nodes.length - 1; i >= 0; i--) {
        const node = nodes[i];
        // An output off the path to y gets null (the engine's own rule).
        const dys = node.outputs.map((output) => sums.get(output.id) ?? null);
        if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
        const inputGradients = node.gradient(dys) as Record<string, () => tf.Tensor>;
        for (const [name, x] of Object.entries(node.inputs)) {
          if (!(name in inputGradients)) throw new Error(`Cannot backprop through input ${name} of ${node.kernelName}.`);
          const dx = tf.tidy(() => inputGradients[name]());
          if (dx.dtype !== 'float32' || !tf.util.arraysEqual(dx.shape, x.shape)) {
            throw new Error(`Error in gradient for op ${node.kernelName}: input ${name}'s gradient is ${dx.dtype} [${dx.shape}], its input [${x.shape}]`);
          }
          sums.add(x.id, dx);
        }
        // Unlike the engine, which keeps them to the end: this node's outputs' gradients and what it saved for its
        // gradient are needed no more (the tape is in order, so every other reader of its outputs came before).
        node.outputs.forEach((output) => { if (!wanted.has(output.id)) sums.release(output.id); });
        tf.dispose(node.saved ?? []);
      }
      return xs.map((x) => sums.get(x.id));
    });
  } finally {
    for (const node of tape) tf.dispose(node.saved ?? []);
  }
}
