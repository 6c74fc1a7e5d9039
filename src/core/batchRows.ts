/** Picking rows out of a HostBatch: the page's example sequences, and the parts of a batch that shards train on. */
import type { HostBatch } from './types';

/** The number of steps up to and including row `row`'s last real step. */
function sequenceLength(batch: HostBatch, row: number): number {
  let length = 0;
  for (let t = 0; t < batch.steps; t++) if (batch.stepMask[t * batch.batch + row] > 0) length = t + 1;
  return length;
}

/** A new batch holding only the given rows, in that order, padded to the longest of them. */
export function selectRows(batch: HostBatch, rows: readonly number[]): HostBatch {
  const steps = Math.max(0, ...rows.map((row) => sequenceLength(batch, row)));
  const size = rows.length;
  const out: HostBatch = {
    steps,
    batch: size,
    inputSize: batch.inputSize,
    targetWidth: batch.targetWidth,
    inputs: new Float32Array(steps * size * batch.inputSize),
    targets: new Float32Array(steps * size * batch.targetWidth),
    targetMask: new Float32Array(steps * size),
    stepMask: new Float32Array(steps * size),
    difficulty: Int32Array.from(rows, (row) => batch.difficulty[row]),
  };
  for (let t = 0; t < steps; t++) {
    rows.forEach((row, b) => {
      const from = t * batch.batch + row;
      const to = t * size + b;
      out.inputs.set(batch.inputs.subarray(from * batch.inputSize, (from + 1) * batch.inputSize), to * batch.inputSize);
      out.targets.set(batch.targets.subarray(from * batch.targetWidth, (from + 1) * batch.targetWidth), to * batch.targetWidth);
      out.targetMask[to] = batch.targetMask[from];
      out.stepMask[to] = batch.stepMask[from];
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
