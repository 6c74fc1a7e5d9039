/**
 * Data-parallel training over several threads (or processes), for a machine with more cores than one backend
 * thread can use: each step's batch is cut into runs of rows (batchRows.ts); the trainer computes the first
 * part's gradients itself while each shard — a copy of the model elsewhere, handed this step's weights — computes
 * another part's, and the trainer adds them up weighted by rows. The objective is a mean over rows (objective.ts),
 * so the sum is the whole batch's gradient up to float rounding (the sums run in another order): a run on shards
 * follows the run without them closely but not bit for bit, and the same number of shards gives the same run.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import { globalNorm } from './globalNorm';
import { splitRows } from './batchRows';
import type { HaltingSettings } from './halting/method';
import type { ActModel } from './model';
import type { Gradients, UpdateCounts } from './passGradients';
import { batchGradients, emptyCounts } from './passGradients';
import type { PonderUnroll } from './speculation';
import type { HeadSpec, HostBatch } from './types';

export interface ShardRequest {
  /** Every model variable's values, in the model's order. */
  weights: Float32Array[];
  batch: HostBatch;
  settings: HaltingSettings;
}

export interface ShardResult {
  /** The gradients of the part's own mean loss, in the model's variable order. */
  gradients: Float32Array[];
  /** Loss, task loss, sequence error, ponder and computed steps of the part (a step's metrics without the norm). */
  metrics: number[];
  updates: number[];
  work: number[];
}

/** A copy of the model that computes the gradients of a part of a batch, somewhere else (a worker thread). */
export interface GradientShard {
  compute(request: ShardRequest): Promise<ShardResult>;
  dispose(): void;
}

const METRICS = 5;

/**
 * Why a batch of `config` cannot be split among the trainer and `shards` shards (rows must be independent and the
 * loop must not read back per pass) and what would allow it, or undefined when it can.
 */
export function shardRefusal(config: Config, shards: number, unroll: PonderUnroll): { why: string; remedy?: string } | undefined {
  if (config.batch < shards + 1) return { why: `a batch of ${config.batch} has too few rows` };
  if (config.dropout > 0) return { why: 'dropout draws one mask for the whole batch', remedy: 'set dropout=0' };
  if (config.tbptt > 0 || config.tbpttDelta > 0) return { why: 'streaming training (tbptt, tbpttDelta) carries the whole batch\'s state', remedy: 'set tbptt=0 and tbpttDelta=0' };
  if (unroll === 'speculative') return { why: 'speculative unrolling (WebGPU, WebGL) is not split', remedy: 'train on WASM or CPU' };
  return undefined;
}

/** A shard stopped or failed: its part of the step is lost, but the trainer's weights are untouched (the step can be redone without it). */
export class ShardFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardFailed';
  }
}

/** The shards a trainer splits its batches among, until it drops them (the caller starts and disposes them). */
export class SplitBatches {
  private shards: readonly GradientShard[];
  /** Why the shards were dropped during a step, if one failed (its batch was then computed whole, by the trainer). */
  failure?: string;

  constructor(shards: readonly GradientShard[] = []) {
    this.shards = shards;
  }

  /** How many shards compute a part of every batch (0: the trainer computes it whole). */
  get count(): number {
    return this.shards.length;
  }

  /** Throws where batches of `config` cannot be split among the shards (without shards, anything goes). */
  check(config: Config, unroll: PonderUnroll): void {
    const refusal = this.count > 0 ? shardRefusal(config, this.count, unroll) : undefined;
    if (refusal) throw new Error(`training on ${this.count + 1} threads splits each batch by rows; ${refusal.why}${refusal.remedy ? `: ${refusal.remedy}` : ''}`);
  }

  /** From the next step on every batch is computed whole (a live change that cannot be split); the caller still disposes the shards. */
  drop(): void {
    this.shards = [];
  }

  /**
   * The batch's gradients, split among the shards; undefined without shards, or when one failed: then they are
   * dropped, nothing has changed yet, and the trainer computes this batch (and every later one) whole.
   */
  async gradients(model: ActModel, head: HeadSpec, host: HostBatch, settings: HaltingSettings, counts: UpdateCounts): Promise<Gradients | undefined> {
    if (this.count === 0) return undefined;
    try {
      return await shardedGradients(model, head, this.shards, host, settings, counts);
    } catch (error) {
      if (!(error instanceof ShardFailed)) throw error;
      this.drop();
      this.failure = error.message;
      return undefined;
    }
  }
}

/** A shard's side of a step: takes the request's weights and computes its part's gradients. */
export async function computeShard(model: ActModel, head: HeadSpec, request: ShardRequest): Promise<ShardResult> {
  const { variables } = model;
  if (request.weights.length !== variables.length) throw new Error(`the shard's model has ${variables.length} variables, the request ${request.weights.length}`);
  tf.tidy(() => variables.forEach(({ variable }, i) => variable.assign(tf.tensor(request.weights[i], variable.shape))));
  const counts = emptyCounts(model);
  const part = batchGradients(model, head, request.batch, request.settings, counts);
  try {
    const metrics = Array.from(await part.packed.data()).slice(0, METRICS);
    const gradients = await Promise.all(part.gradients.map((gradient) => gradient.data() as Promise<Float32Array>));
    return { gradients, metrics, ...counts };
  } finally {
    tf.dispose([part.packed, part.norm, ...part.gradients]);
  }
}

const realSteps = (part: HostBatch) => part.stepMask.reduce((sum, value) => sum + value, 0);

/**
 * The trainer's side of a step: the batch's gradients, its part computed here while the shards compute theirs,
 * with the metrics of the whole batch. `counts` gets the work of every part (in whole batches of the step; a part
 * is cut to its longest sequence, so padding the whole batch would compute is left out) and, as updates, the
 * longest loop any part ran.
 */
export async function shardedGradients(
  model: ActModel, head: HeadSpec, shards: readonly GradientShard[], host: HostBatch, settings: HaltingSettings, counts: UpdateCounts,
): Promise<Gradients> {
  const parts = splitRows(host, shards.length + 1);
  const weights = await Promise.all(model.variables.map(({ variable }) => variable.data() as Promise<Float32Array>));
  const pending = shards.map((shard, i) => shard.compute({ weights, batch: parts[i + 1], settings }));
  const ownCounts = emptyCounts(model);
  let own: Gradients | undefined;
  let results: ShardResult[];
  try {
    own = batchGradients(model, head, parts[0], settings, ownCounts);
    results = await Promise.all(pending);
  } catch (error) {
    if (own) tf.dispose([own.packed, own.norm, ...own.gradients]);
    await Promise.allSettled(pending);
    throw error;
  }
  const rowShares = parts.map((part) => part.batch / host.batch);
  const steps = parts.map(realSteps);
  const stepShares = steps.map((count) => count / steps.reduce((a, b) => a + b, 0));
  // Loss, task loss and sequence error are means over rows; ponder and computed steps means over real input steps.
  const metricShares = (k: number) => [rowShares[k], rowShares[k], rowShares[k], stepShares[k], stepShares[k]];
  const shardMetrics = Array.from({ length: METRICS }, (_, m) => results.reduce((sum, result, k) => sum + result.metrics[m] * metricShares(k + 1)[m], 0));
  const all = [ownCounts, ...results];
  counts.updates.forEach((_, unit) => (counts.updates[unit] += Math.max(...all.map((part) => part.updates[unit]))));
  counts.work.forEach((_, unit) => (counts.work[unit] += all.reduce((sum, part, k) => sum + part.work[unit] * rowShares[k], 0)));
  // The own part's metrics stay on the device: the step reads the combined ones back once, as without shards.
  const ownPart = own;
  const combined = tf.tidy(() => {
    const gradients = ownPart.gradients.map((gradient, i) =>
      results.reduce((sum, result, k) => tf.add(sum, tf.mul(tf.tensor(result.gradients[i], gradient.shape), rowShares[k + 1])), tf.mul(gradient, rowShares[0])));
    const norm = globalNorm(gradients);
    const metrics = tf.add(tf.mul(tf.slice(ownPart.packed, 0, METRICS), metricShares(0)), shardMetrics);
    return { gradients, norm, packed: tf.concat([metrics, tf.reshape(norm, [1])]) as tf.Tensor1D };
  });
  tf.dispose([own.packed, own.norm, ...own.gradients]);
  return combined;
}
