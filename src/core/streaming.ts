/**
 * Streaming training with truncated backpropagation through time (Aicher, Foti & Fox 2019; the reference's
 * "original-buffer" scheme): B parallel streams through the task's data; each training step reads the next K
 * steps of every stream and runs a window of the K − 1 steps before them plus the K new ones, from the state
 * carried (without gradient) from the previous step; the loss counts only the K new steps, so every loss term
 * backpropagates through at least K steps. The window then advances K steps, and the state carried is the one
 * after the window's first (buffered + 1) steps, where the next window starts.
 * When K changes (adaptive truncation), the next window still starts K_old − 1 steps back (that is the state
 * kept); from the step after, it is K_new − 1.
 */
import * as tf from '@tensorflow/tfjs';
import type { FieldMap, ValuesOf } from '../config/fields';
import type { StreamPositions, TaskStream } from '../tasks/task';
import type { HostBatch } from './types';

/** The streams' position and carried state as plain data, saved with a run (trainerState.ts). */
export interface StreamSnapshot {
  /** Where each stream's next window starts (the task's own numbers). */
  positions: StreamPositions;
  /** Steps from the window start to the first new step (K − 1 of the previous step; 0 at the start). */
  buffered: number;
  /** The truncation K of the next step. */
  truncation: number;
  /** Each carried state tensor (unit-major, in each unit's state order), row-major [batch, width]; [] at the start. */
  state: number[][];
}

export interface StreamWindow {
  batch: HostBatch;
  /** The state to carry is the one after this many steps of the window. */
  keepStateAfter: number;
}

export class TruncatedStreams {
  private positions: StreamPositions;
  private buffered: number;
  private carried: tf.Tensor2D[][] | undefined;
  /** K of the next step (adaptive truncation changes it). */
  truncation: number;

  constructor(snapshot: StreamSnapshot, stateWidths: number[][]) {
    this.positions = snapshot.positions;
    this.buffered = snapshot.buffered;
    this.truncation = snapshot.truncation;
    this.carried = snapshot.state.length === 0 ? undefined : fromRows(snapshot.state, stateWidths, snapshot.positions.length);
  }

  /** The window of the next step: `buffered` steps without loss, then `truncation` new steps with it. */
  window(stream: TaskStream, options: ValuesOf<FieldMap>, bytes?: Uint8Array): StreamWindow {
    const { batch } = stream.read(options, this.positions, this.buffered + this.truncation, bytes);
    // The buffered steps are context only: no loss, no ponder cost.
    batch.targetMask.fill(0, 0, this.buffered * batch.batch);
    batch.stepMask.fill(0, 0, this.buffered * batch.batch);
    return { batch, keepStateAfter: this.buffered + 1 };
  }

  /** The state the next window starts from (undefined: zeros). Owned by this object. */
  get state(): tf.Tensor2D[][] | undefined {
    return this.carried;
  }

  /** After a step: the window of K new steps was trained; keep `next` (taken over) as the carried state. */
  advance(stream: TaskStream, options: ValuesOf<FieldMap>, next: tf.Tensor2D[][], bytes?: Uint8Array): void {
    this.positions = stream.read(options, this.positions, this.buffered + 1, bytes).next;
    this.buffered = this.truncation - 1;
    if (this.carried) tf.dispose(this.carried.flat());
    this.carried = next;
  }

  async snapshot(): Promise<StreamSnapshot> {
    const state = this.carried ? await Promise.all(this.carried.flat().map(async (tensor) => Array.from(await tensor.data()))) : [];
    return { positions: this.positions.map((position) => [...position]), buffered: this.buffered, truncation: this.truncation, state };
  }

  dispose(): void {
    if (this.carried) tf.dispose(this.carried.flat());
    this.carried = undefined;
  }
}

/** Checks a saved snapshot against the model and batch; throws an Error naming what does not fit. */
export function checkStreamSnapshot(snapshot: StreamSnapshot, stateWidths: number[][], batch: number): void {
  const ok = Array.isArray(snapshot.positions) && snapshot.positions.length === batch
    && snapshot.positions.every((position) => Array.isArray(position) && position.every(Number.isFinite))
    && Number.isInteger(snapshot.buffered) && snapshot.buffered >= 0 && Number.isInteger(snapshot.truncation) && snapshot.truncation >= 1
    && Array.isArray(snapshot.state);
  if (!ok) throw new Error(`the saved stream positions are malformed (expected ${batch} streams)`);
  const widths = stateWidths.flat();
  if (snapshot.state.length === 0) return;
  if (snapshot.state.length !== widths.length || snapshot.state.some((rows, i) => !Array.isArray(rows) || rows.length !== batch * widths[i] || !rows.every(Number.isFinite))) {
    throw new Error(`the saved carried state does not fit this model (${widths.length} tensors of ${batch} × [${widths.join(', ')}])`);
  }
}

function fromRows(rows: number[][], stateWidths: number[][], batch: number): tf.Tensor2D[][] {
  let index = 0;
  return stateWidths.map((widths) => widths.map((width) => tf.tensor2d(rows[index++], [batch, width])));
}
