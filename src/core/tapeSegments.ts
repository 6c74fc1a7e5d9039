/**
 * A gradient tape recorded in pieces, with the host free to await between them: forward passes recorded now,
 * their gradients taken later, once the host has read back whether the pass must go further.
 *
 * Why: speculative unrolling (speculation.ts) reads, after a forward pass, whether any ponder loop was cut short
 * while a row still ran. TF.js's `variableGrads` records and differentiates one synchronous function, so a cut
 * pass could only be thrown away and redone whole. Recorded in segments, the pass goes on from the cut instead:
 * the next segment reuses the earlier one's tensors, and the gradient is taken once over all the segments' nodes
 * in the order they were recorded — the same nodes, in the same order, as a pass that ran straight through.
 * Nodes of work that turned out not to lead to the loss (what followed a cut) are left out by the backward pass's
 * filter (backprop.ts, the engine's rule), like every op off the loss's path.
 */
import * as tf from '@tensorflow/tfjs';
import { backpropagate } from './backprop';
import type { TapeNode } from './engineInternals';
import { engineInternals } from './engineInternals';

export class TapeSegments {
  private nodes: TapeNode[] = [];

  /** Runs `forward` with the tape on and keeps the nodes it records. Tensors it returns must be kept by the caller. */
  record<T>(forward: () => T): T {
    const internals = engineInternals();
    // Inside another gradient the engine's tape would be shared: segments are for a training step's top level.
    if (internals.state.gradientDepth !== 0) throw new Error('TapeSegments.record inside a gradient computation');
    internals.startTape();
    try {
      return forward();
    } finally {
      this.nodes.push(...internals.state.activeTape);
      // The engine holds no reference to the nodes: they are this object's until `gradients` hands them back.
      internals.state.activeTape = [];
      internals.endTape();
    }
  }

  /**
   * The gradients of `loss` (computed in a recorded segment) w.r.t. the variables: the backward pass over every node
   * recorded so far (backprop.ts: the engine's, summing a tensor's many gradients in place). It then frees what the
   * nodes saved; these segments are empty.
   */
  gradients(loss: tf.Scalar, variables: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
    const nodes = this.nodes;
    this.nodes = [];
    const trainable = variables.filter((variable) => variable.trainable);
    const found = backpropagate(nodes, loss, trainable);
    if (found.every((gradient) => !gradient)) throw new Error('Cannot find a connection between any variable and the loss.');
    const grads: tf.NamedTensorMap = {};
    trainable.forEach((variable, i) => {
      if (found[i]) grads[variable.name] = found[i]!;
    });
    return { value: loss, grads };
  }

  /** Frees what the recorded nodes saved for their gradients (segments given up on, e.g. after an error). */
  dispose(): void {
    for (const node of this.nodes) tf.dispose(node.saved ?? []);
    this.nodes = [];
  }
}
