/**
 * tf.profile of a few training steps, kernel times grouped by kernel name. Each kernel's time is the median over
 * the profiled steps of its per-step total, so that a step preempted by another process (this machine is shared)
 * does not decide the picture.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelTime {
  name: string;
  /** Median per step. */
  ms: number;
  calls: number;
  /** The input shapes that took most of this kernel's time, e.g. "[32,2048]x[2048,512]", and their ms. */
  topShapes: string;
  topShapesMs: number;
}

export interface StepProfile {
  steps: number;
  /** A profiled step's wall time (median): profiling slows steps down, so compare shares, not with unprofiled steps. */
  wallMs: number;
  /** Σ of the kernels' medians. */
  kernelMs: number;
  /** Kernel calls per step: each costs dispatch and bookkeeping besides its work. */
  calls: number;
  /** The costliest kernels. */
  kernels: KernelTime[];
  /**
   * The matMul calls of one profiled step (same shapes, same count) replayed back to back through tf.matMul,
   * outside training: wall time, op dispatch included. What these matMuls alone cost a TF.js step on this backend.
   */
  matMulReplay?: MatMulReplay;
}

export interface MatMulReplay {
  calls: number;
  /** Median over the repeats, read-back included. */
  ms: number;
}

const TOP = 12;

type PerShape = Map<string, number>;
interface ProfiledStep {
  wallMs: number;
  kernels: Map<string, { calls: number; shapes: PerShape }>;
  /** Input shapes of every matMul call, in order. */
  matMuls: number[][][];
}

export const MATMUL_KERNELS = new Set(['BatchMatMul', '_FusedMatMul']);

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * One step's kernel times by name and input shapes. customGrad ops are profiled too, under their scope's name
 * (e.g. "forward"), around kernels that are profiled themselves: they are left out, not counted twice.
 */
async function profileOne(step: () => Promise<unknown>): Promise<ProfiledStep> {
  const started = performance.now();
  const info = await tf.profile(async () => {
    await step();
  });
  const wallMs = performance.now() - started;
  const kernels: ProfiledStep['kernels'] = new Map();
  const matMuls: number[][][] = [];
  for (const kernel of info.kernels) {
    if (!tf.getKernel(kernel.name, tf.getBackend())) continue;
    if (MATMUL_KERNELS.has(kernel.name)) matMuls.push(kernel.inputShapes.slice(0, 2));
    const time = await kernel.kernelTimeMs;
    const shapes = kernel.inputShapes.map((shape) => `[${shape.join(',')}]`).join('x');
    const entry = kernels.get(kernel.name) ?? { calls: 0, shapes: new Map() };
    entry.calls += 1;
    entry.shapes.set(shapes, (entry.shapes.get(shapes) ?? 0) + (typeof time === 'number' ? time : 0));
    kernels.set(kernel.name, entry);
  }
  return { wallMs, kernels, matMuls };
}

const total = (shapes: PerShape | undefined): number => [...(shapes?.values() ?? [])].reduce((a, b) => a + b, 0);

/**
 * The transposes a matMul of these input shapes used: the profile records shapes, not attributes. Plain when
 * the inner sizes agree (the engine's own matMuls are all plain), else the combination that fits.
 */
function transposesFor(a: number[], b: number[]): [boolean, boolean] {
  const [rowsA, colsA] = a.slice(-2);
  const [rowsB, colsB] = b.slice(-2);
  if (colsA === rowsB) return [false, false];
  if (rowsA === rowsB) return [true, false];
  if (colsA === colsB) return [false, true];
  return [true, true];
}

/**
 * Runs the given matMul calls on random operands, back to back, and times them (median of `repeats`). Calls of
 * the same shapes share their operands: the WASM backend caches a packed copy of a matMul's second operand by
 * tensor (measured: a [512,2048] operand packs in ~7 ms, then multiplies in ~4 ms), and a training step reuses
 * its weights across ponder steps. Sharing more than the step does only lowers the replay: it stays a floor.
 */
export async function replayMatMuls(calls: readonly number[][][], repeats = 5): Promise<MatMulReplay> {
  const signature = ([a, b]: number[][]): string => `${a.join(',')}x${b.join(',')}`;
  const operands = new Map<string, readonly [tf.Tensor, tf.Tensor]>();
  for (const call of calls) {
    if (!operands.has(signature(call))) operands.set(signature(call), [tf.randomNormal(call[0]), tf.randomNormal(call[1])]);
  }
  const once = async (): Promise<number> => {
    const started = performance.now();
    const products = calls.map((call) => {
      const [a, b] = operands.get(signature(call))!;
      const [transposeA, transposeB] = transposesFor(call[0], call[1]);
      return tf.matMul(a, b, transposeA, transposeB);
    });
    await Promise.all(products.map((product) => product.data()));
    const ms = performance.now() - started;
    tf.dispose(products);
    return ms;
  };
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) times.push(await once());
    return { calls: calls.length, ms: median(times) };
  } finally {
    tf.dispose([...operands.values()].flat());
  }
}

export async function profileSteps(steps: number, step: () => Promise<unknown>): Promise<StepProfile> {
  const runs: ProfiledStep[] = [];
  for (let i = 0; i < steps; i++) runs.push(await profileOne(step));
  const names = new Set(runs.flatMap((run) => [...run.kernels.keys()]));
  const kernels: KernelTime[] = [...names].map((name) => {
    const per = runs.map((run) => run.kernels.get(name));
    const summed = new Map<string, number>();
    for (const entry of per) for (const [shapes, ms] of entry?.shapes ?? []) summed.set(shapes, (summed.get(shapes) ?? 0) + ms);
    const [topShapes] = [...summed.entries()].reduce((x, y) => (y[1] > x[1] ? y : x));
    return {
      name,
      ms: median(per.map((entry) => total(entry?.shapes))),
      calls: median(per.map((entry) => entry?.calls ?? 0)),
      topShapes,
      topShapesMs: median(per.map((entry) => entry?.shapes.get(topShapes) ?? 0)),
    };
  }).sort((x, y) => y.ms - x.ms);
  return {
    steps,
    wallMs: median(runs.map((run) => run.wallMs)),
    kernelMs: kernels.reduce((sum, k) => sum + k.ms, 0),
    calls: kernels.reduce((sum, k) => sum + k.calls, 0),
    kernels: kernels.slice(0, TOP),
    matMulReplay: await replayMatMuls(runs[runs.length - 1].matMuls),
  };
}
