/**
 * `npm run bench:memory [-- --slots 16,64,128,256,1024,4096] [--cells dnc,sam,sdnc] [--backend wasm] [--profile 3]`: how a training
 * step of the memory cells scales with the number of slots N (issue #12). For each cell and N: the median ms
 * of a training step (forward, backward, Adam update) and the tensor bytes the step holds at its peak above the
 * resident ones (tf.profile's peakBytes − the bytes before it), on a copy-like task built here: 8 random bit
 * vectors (8 bits + a delimiter channel) to be echoed during 8 blank steps, length 16, batch 8, sigmoid
 * loss on the echo. Sizes: W = 16, R = 1, K = 4, LSTM controller 64, no ACT. A cell whose step passes 30 s
 * is not run at larger N; a size the cell's own options refuse is reported with the reason. `--profile S`: also
 * the costliest kernels over S profiled steps (bench/profile.ts), in the JSON lines and the results file.
 * Writes bench/results/memory.json and docs/memory-scaling.svg (log-log step time vs N).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/core/backend';
import { batchTensors, disposeBatch } from '../src/core/batch';
import { ActModel } from '../src/core/model';
import { Rng } from '../src/core/random';
import { trainingObjective } from '../src/core/trainer';
import type { HeadSpec } from '../src/core/types';
import { scalingSvg } from './memoryPlot';
import type { StepProfile } from './profile';
import { profileSteps } from './profile';

const [BITS, LENGTH, BATCH, WIDTH, HEADS, SPARSE_READS, HIDDEN] = [8, 8, 8, 16, 1, 4, 64];
const STEP_LIMIT_MS = 30_000;
const HEAD: HeadSpec = { kind: 'sigmoid', units: BITS };
const SETTINGS = { eps: 0.01, maxSteps: 1, haltCheck: 'readback', tau: 0, beta: 0, lambdaP: 0.5, repeats: 1 } as const;

/** Each cell's options for N slots (its own keys). */
const CELL_OPTIONS: Record<string, (slots: number) => Record<string, number | string>> = {
  dnc: (slots) => ({ memSlots: slots, memWidth: WIDTH, readHeads: HEADS, allocation: 'sort' }),
  sam: (slots) => ({ sparseSlots: slots, sparseWidth: WIDTH, sparseHeads: HEADS, sparseReads: SPARSE_READS }),
  sdnc: (slots) => ({ sparseSlots: slots, sparseWidth: WIDTH, sparseHeads: HEADS, sparseReads: SPARSE_READS, temporalReads: SPARSE_READS }),
};

export interface ScalingPoint {
  cell: string;
  slots: number;
  /** Median ms of the timed steps. */
  msPerStep?: number;
  /** Fastest timed step: the least disturbed by other processes on a shared machine. */
  msFastest?: number;
  /** Peak tensor bytes of one step above the bytes held before it. */
  stepBytes?: number;
  steps?: number;
  /** Why there is no measurement. */
  skipped?: string;
  /** With --profile: the costliest kernels of a step (tf.profile). */
  profile?: StepProfile;
}

/** The copy-like batch: bits in the first half, a delimiter at step L, the bits as targets in the second half. */
function copyBatch(rng: Rng) {
  const steps = 2 * LENGTH;
  const inputSize = BITS + 1;
  const inputs = new Float32Array(steps * BATCH * inputSize);
  const targets = new Float32Array(steps * BATCH * BITS);
  const targetMask = new Float32Array(steps * BATCH);
  for (let b = 0; b < BATCH; b++) {
    for (let t = 0; t < LENGTH; t++) {
      for (let k = 0; k < BITS; k++) {
        const bit = rng.int(0, 1);
        inputs[(t * BATCH + b) * inputSize + k] = bit;
        targets[((t + LENGTH) * BATCH + b) * BITS + k] = bit;
      }
      targetMask[(t + LENGTH) * BATCH + b] = 1;
    }
    inputs[(LENGTH * BATCH + b) * inputSize + BITS] = 1;
  }
  return batchTensors({
    steps, batch: BATCH, inputSize, targetWidth: BITS, inputs, targets, targetMask,
    stepMask: new Float32Array(steps * BATCH).fill(1), difficulty: new Int32Array(BATCH),
  });
}

async function measure(cell: string, slots: number, timed: number, profiled: number): Promise<ScalingPoint> {
  const rng = new Rng(1);
  let model: ActModel;
  try {
    model = new ActModel({ cell, cellOptions: CELL_OPTIONS[cell](slots), inputSize: BITS + 1, hidden: HIDDEN, layers: 1, halting: 'none', ponderMode: 'stack', head: HEAD }, rng);
  } catch (error) {
    return { cell, slots, skipped: (error as Error).message };
  }
  const batch = copyBatch(rng);
  const optimizer = tf.train.adam(1e-3);
  const variables = model.variables.map((v) => v.variable);
  const step = async () => {
    const loss = optimizer.minimize(() => trainingObjective(model, HEAD, batch, SETTINGS).total, true, variables)!;
    await loss.data();
    loss.dispose();
  };
  const times: number[] = [];
  const started = performance.now();
  await step(); // warm-up
  const warmup = performance.now() - started;
  for (let i = 0; i < timed && warmup < STEP_LIMIT_MS; i++) {
    const t0 = performance.now();
    await step();
    times.push(performance.now() - t0);
  }
  const before = tf.memory().numBytes;
  const profile = await tf.profile(step);
  const kernels = profiled > 0 ? await profileSteps(profiled, step) : undefined;
  model.dispose();
  optimizer.dispose();
  disposeBatch(batch);
  times.sort((a, b) => a - b);
  const msPerStep = times.length > 0 ? times[times.length >> 1] : warmup;
  return { cell, slots, msPerStep, msFastest: times[0] ?? warmup, stepBytes: profile.peakBytes - before, steps: Math.max(times.length, 1), profile: kernels };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      slots: { type: 'string', default: '16,64,128,256,1024,4096' },
      cells: { type: 'string', default: 'dnc,sam,sdnc' },
      backend: { type: 'string', default: 'wasm' },
      timed: { type: 'string', default: '5' },
      profile: { type: 'string', default: '0' },
      out: { type: 'string', default: fileURLToPath(new URL('results/memory.json', import.meta.url)) },
      svg: { type: 'string', default: fileURLToPath(new URL('../docs/memory-scaling.svg', import.meta.url)) },
    },
  });
  const info = await initBackend(values.backend as Parameters<typeof initBackend>[0]);
  const slotList = values.slots.split(',').map(Number);
  const points: ScalingPoint[] = [];
  for (const cell of values.cells.split(',')) {
    let tooSlow: string | undefined;
    for (const slots of slotList) {
      const point = tooSlow ? { cell, slots, skipped: tooSlow } : await measure(cell, slots, Number(values.timed), Number(values.profile));
      if (!tooSlow && (point.msPerStep ?? 0) > STEP_LIMIT_MS) tooSlow = `a step took ${(point.msPerStep! / 1000).toFixed(0)} s at N = ${slots}`;
      points.push(point);
      console.log(JSON.stringify(point));
    }
  }
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ backend: `${info.name} (${info.detail})`, date: new Date().toISOString(), points }, null, 2)}\n`);
  writeFileSync(values.svg, scalingSvg(points));
  console.log(`wrote ${values.out} and ${values.svg}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
