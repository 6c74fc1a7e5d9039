/**
 * The parts of TF.js 4.22's Engine that this project reaches past its public type for: the gradient tape
 * (tapeSaves.ts changes how nodes are recorded and replayed, tapeSegments.ts records a tape in pieces and
 * backprop.ts runs its backward pass, reading the nodes as the engine records them). One description, so that a
 * TF.js upgrade has one place to check; every use is covered by its tests.
 */
import * as tf from '@tensorflow/tfjs';

/** A node of the gradient tape: its gradient function takes one upstream gradient per output, null off the loss's path. */
export interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => unknown;
  /** What the kernel saved for its gradient (freed after the backward pass). */
  saved?: tf.Tensor[];
}

interface TrackedData {
  backend: { incRef(dataId: object): void };
}

/** Methods and state of the Engine class, not of its public type. */
export interface EngineInternals {
  state: {
    tensorInfo: WeakMap<object, TrackedData>;
    /** The tape being recorded (a fresh one from `startTape` at depth 0; the engine empties it after a backward pass). */
    activeTape: TapeNode[];
    gradientDepth: number;
  };
  makeTensorFromDataId(dataId: object, shape: number[], dtype: tf.DataType, backend: unknown): tf.Tensor;
  keep<T extends tf.Tensor>(tensor: T): T;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  /** A copy by the Identity kernel, recorded on the tape: how a customGrad's save function keeps what it saves. */
  clone(tensor: tf.Tensor): tf.Tensor;
  addTapeNode(kernelName: string, inputs: unknown, outputs: tf.Tensor[], ...gradientSavedAndAttrs: unknown[]): void;
  startTape(): void;
  endTape(): void;
}

export const engineInternals = (): EngineInternals => tf.engine() as unknown as EngineInternals;
