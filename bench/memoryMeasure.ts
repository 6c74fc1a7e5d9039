/**
 * One point of the memory-scaling bench (bench/memoryScaling.ts): the ms per training step and the tensor bytes
 * of a memory cell with N slots on a copy-like batch. No Node imports: the Chromium bench page (bench/page.ts)
 * runs it too.
 */
import * as tf from '@tensorflow/tfjs';
import { batchTensors, disposeBatch } from '../src/core/batch';
import { ActModel } from '../src/core/model';
import { Rng } from '../src/core/random';
import { trainingObjective } from '../src/core/objective';
import type { HeadSpec } from '../src/core/types';
import type { StepProfile } from './profile';
import { profileSteps } from './profile';

const [BITS, LENGTH, BATCH, WIDTH, HEADS, SPARSE_READS, HIDDEN] = [8, 8, 8, 16, 1, 4, 64];
export const STEP_LIMIT_MS = 30_000;
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
  /**
   * Node only: median CPU ms (user + system) of this process per timed step. The WASM backend runs on one thread,
   * so on an idle machine this is about the wall time; on a loaded one it leaves out the time other processes
   * took the core (it still counts their cache pressure).
   */
  cpuMsPerStep?: number;
  /** Peak tensor bytes of one step above the bytes held before it. */
  stepBytes?: number;
  steps?: number;
  /** Where it ran, e.g. "node wasm", "chromium wasm". */
  environment?: string;
  /** Why there is no measurement. */
  skipped?: string;
  /** With --profile: the costliest kernels of a step (tf.profile). */
  profile?: StepProfile;
}

/** This process's CPU ms so far (user + system), in Node; undefined in a browser. */
function processCpuMs(): number | undefined {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : undefined;
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

export async function measureScalingPoint(cell: string, slots: number, timed: number, profiled: number): Promise<ScalingPoint> {
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
  const cpuTimes: number[] = [];
  const started = performance.now();
  await step(); // warm-up
  const warmup = performance.now() - started;
  for (let i = 0; i < timed && warmup < STEP_LIMIT_MS; i++) {
    const [t0, cpu0] = [performance.now(), processCpuMs()];
    await step();
    times.push(performance.now() - t0);
    if (cpu0 !== undefined) cpuTimes.push(processCpuMs()! - cpu0);
  }
  const before = tf.memory().numBytes;
  const profile = await tf.profile(step);
  const kernels = profiled > 0 ? await profileSteps(profiled, step) : undefined;
  model.dispose();
  optimizer.dispose();
  disposeBatch(batch);
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const msPerStep = times.length > 0 ? times[times.length >> 1] : warmup;
  return {
    cell, slots, msPerStep, msFastest: times[0] ?? warmup, cpuMsPerStep: cpuTimes[cpuTimes.length >> 1],
    stepBytes: profile.peakBytes - before, steps: Math.max(times.length, 1), profile: kernels,
  };
}

