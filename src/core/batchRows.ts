/** Making HostBatches: empty ones, rows picked out of one (the page's example sequences, the parts of a batch that shards train on), several joined. */
import type { HostBatch } from './types';

/** The number of steps up to and including row `row`'s last real step. */
function sequenceLength(batch: HostBatch, row: number): number {
  let length = 0;
  for (let t = 0; t < batch.steps; t++) if (batch.stepMask[t * batch.batch + row] > 0) length = t + 1;
  return length;
}

/** Allocates a zeroed batch with all masks at 0. */
export function emptyBatch(steps: number, batch: number, inputSize: number, targetWidth: number): HostBatch {
  return {
    steps,
    batch,
    inputSize,
    targetWidth,
    inputs: new Float32Array(steps * batch * inputSize),
    targets: new Float32Array(steps * batch * targetWidth),
    targetMask: new Float32Array(steps * batch),
    stepMask: new Float32Array(steps * batch),
    difficulty: new Int32Array(batch),
  };
}

/** A new batch holding only the given rows, in that order, padded to the longest of them. */
export function selectRows(batch: HostBatch, rows: readonly number[]): HostBatch {
  const steps = Math.max(0, ...rows.map((row) => sequenceLength(batch, row)));
  const size = rows.length;
  const out = emptyBatch(steps, size, batch.inputSize, batch.targetWidth);
  out.difficulty.set(Int32Array.from(rows, (row) => batch.difficulty[row]));
  if (batch.stepDifficulty) out.stepDifficulty = new Int32Array(steps * size);
  for (let t = 0; t < steps; t++) {
    rows.forEach((row, b) => {
      const from = t * batch.batch + row;
      const to = t * size + b;
      out.inputs.set(batch.inputs.subarray(from * batch.inputSize, (from + 1) * batch.inputSize), to * batch.inputSize);
      out.targets.set(batch.targets.subarray(from * batch.targetWidth, (from + 1) * batch.targetWidth), to * batch.targetWidth);
      out.targetMask[to] = batch.targetMask[from];
      out.stepMask[to] = batch.stepMask[from];
      if (out.stepDifficulty) out.stepDifficulty[to] = batch.stepDifficulty![from];
    });
  }
  return out;
}

/** The batch cut into `parts` runs of consecutive rows, as even as can be (the first ones a row longer). */
export function splitRows(batch: HostBatch, parts: number): HostBatch[] {
  if (!Number.isInteger(parts) || parts < 1 || parts > batch.batch) throw new Error(`cannot split a batch of ${batch.batch} rows into ${parts} parts`);
  const base = Math.floor(batch.batch / parts);
  const longer = batch.batch % parts;
  let first = 0;
  return Array.from({ length: parts }, (_, part) => {
    const size = base + (part < longer ? 1 : 0);
    const rows = Array.from({ length: size }, (_, i) => first + i);
    first += size;
    return selectRows(batch, rows);
  });
}

/**
 * The rows of several batches of the same widths as one batch, in order, padded to the longest: e.g. sequences that
 * a probe encodes one at a time, as one evaluation batch.
 */
export function joinRows(parts: readonly HostBatch[]): HostBatch {
  if (parts.length === 0) throw new Error('joinRows needs at least one batch');
  const { inputSize, targetWidth } = parts[0];
  if (parts.some((part) => part.inputSize !== inputSize || part.targetWidth !== targetWidth)) throw new Error('joinRows: the batches differ in input or target width');
  const rows = parts.reduce((sum, part) => sum + part.batch, 0);
  const out = emptyBatch(Math.max(...parts.map((part) => part.steps)), rows, inputSize, targetWidth);
  if (parts.every((part) => part.stepDifficulty)) out.stepDifficulty = new Int32Array(out.steps * rows);
  let first = 0;
  for (const part of parts) {
    out.difficulty.set(part.difficulty, first);
    for (let t = 0; t < part.steps; t++) {
      const from = t * part.batch;
      const to = t * rows + first;
      out.inputs.set(part.inputs.subarray(from * inputSize, (from + part.batch) * inputSize), to * inputSize);
      out.targets.set(part.targets.subarray(from * targetWidth, (from + part.batch) * targetWidth), to * targetWidth);
      out.targetMask.set(part.targetMask.subarray(from, from + part.batch), to);
      out.stepMask.set(part.stepMask.subarray(from, from + part.batch), to);
      out.stepDifficulty?.set(part.stepDifficulty!.subarray(from, from + part.batch), to);
    }
    first += part.batch;
  }
  return out;
}
