/**
 * The naive way, for comparison: the seed notebook's ACT loop (an index-based PyTorch port) ported literally to
 * TF.js. Per input step and per ponder step it reads back which rows still run (`dataSync`), gathers those rows
 * by index, runs the cell on them (input projection included, as `nn.RNNCell` does), writes the results back by
 * index and accumulates by index. Cell equations and halting are ours (../shared/spec/act.md): flag 1 on the
 * first ponder step, p^N = 1 − cum, ρ = N + R, the next input step starts from the mean field; the engine's
 * losses. Self-contained on purpose (plain `tf.matMul` with TF.js's own gradients, `tf.train.adam`, no gradient
 * clipping, as the notebook), so that engine changes never change the baseline.
 *
 * The index ops: `tf.gather`'s own gradient needs the UnsortedSegmentSum kernel, which the WASM backend lacks,
 * and `tf.tensorScatterUpdate` (PyTorch's `s[idx] = …`) has no gradient in TF.js. So both get PyTorch's
 * gradients by hand (tf.customGrad): gather ↔ scatterND (index_select ↔ index_add, indices unique) and
 * write-back ↔ dy with zeros at idx, dy[idx] (index_put); see writeRows for the CPU backend's write-back. A synchronous read-back inside the taped forward is the heart of
 * the port, so it cannot run on WebGPU (no dataSync there).
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../src/config/schema';
import type { NamedVariable } from '../src/core/init';
import { constantVector, kernel, makeVariable } from '../src/core/init';
import { Rng, streamSeed } from '../src/core/random';
import type { HostBatch } from '../src/core/types';
import { logitWidth } from '../src/core/types';
import { getTask } from '../src/tasks/registry';
import type { Task, TaskData } from '../src/tasks/task';
import { createTrainer } from '../src/run/engine';

/** x[idx] with gradient scatterND(idx, dy) (index_select's backward). */
function gatherRows<T extends tf.Tensor>(x: T, idx: tf.Tensor1D): T {
  const column = tf.reshape(idx, [-1, 1]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([column]);
    return {
      value: tf.gather(input, idx),
      gradFunc: (dy: tf.Tensor, [rows]: tf.Tensor[]) => tf.scatterND(rows, dy, input.shape),
    };
  });
  return op(x) as T;
}

/**
 * x with x[idx] = rows (PyTorch's index_put), with index_put's gradients: dy with zeros at idx for x, dy[idx]
 * for the rows. `tf.tensorScatterUpdate` does it, except on the CPU backend, where (TF.js 4.22) it writes into
 * its input's buffer, corrupting tensors the tape saved: there the rows are scattered into zeros (scatterND) and
 * selected in where a scattered mask of ones says so.
 */
function writeRows<T extends tf.Tensor>(x: T, idx: tf.Tensor1D, rows: tf.Tensor): T {
  const column = tf.reshape(idx, [-1, 1]);
  const inPlace = tf.getBackend() === 'cpu';
  const written = inPlace ? tf.cast(tf.scatterND(column, tf.onesLike(rows), x.shape), 'bool') : undefined;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, values, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([column]);
    return {
      value: written ? tf.where(written, tf.scatterND(column, values, input.shape), input) : tf.tensorScatterUpdate(input, column, values),
      gradFunc: (dy: tf.Tensor, [at]: tf.Tensor[]) => [
        tf.sub(dy, tf.scatterND(at, tf.gatherND(dy, at), dy.shape)),
        tf.gatherND(dy, at),
      ],
    };
  });
  return op(x, rows) as T;
}

interface NaiveCell {
  widths: number[];
  variables: NamedVariable[];
  /** One update of the gathered rows: x [k, I+1] (flag appended), state [k, width]. */
  step(x: tf.Tensor2D, state: tf.Tensor2D[]): tf.Tensor2D[];
}

function naiveCell(config: Config, inputSize: number, rng: Rng): NaiveCell {
  const H = config.hidden;
  if (config.cell === 'rnn') {
    const W = kernel(rng, 'W', inputSize + 1, H);
    const U = kernel(rng, 'U', H, H);
    const b = constantVector('b', H);
    return {
      widths: [H],
      variables: [W, U, b],
      step: (x, [h]) => [tf.tanh(tf.add(tf.add(tf.matMul(x, W.variable), b.variable), tf.matMul(h, U.variable))) as tf.Tensor2D],
    };
  }
  if (config.cell !== 'lstm') throw new Error(`the naive port has rnn and lstm cells, not ${config.cell}`);
  const W = kernel(rng, 'W', inputSize + 1, 4 * H);
  const U = kernel(rng, 'U', H, 4 * H);
  const b = makeVariable('b', [4 * H], new Float32Array(4 * H).fill(1, H, 2 * H));
  return {
    widths: [H, H],
    variables: [W, U, b],
    step(x, [h, c]) {
      const gates = tf.add(tf.add(tf.matMul(x, W.variable), b.variable), tf.matMul(h, U.variable));
      const [i, f, g, o] = tf.split(gates, 4, 1);
      const nextC: tf.Tensor2D = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      return [tf.mul(tf.sigmoid(o), tf.tanh(nextC)), nextC];
    },
  };
}

export interface NaiveStep {
  ms: number;
  /** Mean N(t) over the batch's real input steps (as StepMetrics.ponder). */
  ponder: number;
}

export class NaiveTrainer {
  private readonly task: Task;
  private readonly cell: NaiveCell;
  private readonly halting: { W: NamedVariable; b: NamedVariable };
  private readonly output: { W: NamedVariable; b: NamedVariable };
  private readonly optimizer: tf.AdamOptimizer;
  private readonly rng: Rng;

  constructor(private readonly config: Config, private readonly data?: TaskData) {
    this.task = getTask(config.task);
    const dims = this.task.dims(config);
    const rng = new Rng(streamSeed(config.seed, 'init'));
    this.cell = naiveCell(config, dims.inputSize, rng);
    const stateWidth = this.cell.widths.reduce((a, b) => a + b, 0);
    this.halting = { W: kernel(rng, 'Wh', stateWidth, 1), b: makeVariable('bh', [1], new Float32Array([1])) };
    this.output = { W: kernel(rng, 'Wy', config.hidden, logitWidth(dims.head)), b: constantVector('by', logitWidth(dims.head)) };
    this.optimizer = tf.train.adam(config.lr);
    this.rng = new Rng(streamSeed(config.seed, 'train'));
  }

  /** In the engine's order (ActModel.variables): cell kernels and bias, halting unit, output head. */
  private get variables(): tf.Variable[] {
    return [...this.cell.variables, this.halting.W, this.halting.b, this.output.W, this.output.b].map(({ variable }) => variable);
  }

  /** The per-sequence task loss of one step's logits [B, O] (the engine's heads: BCE per unit or CE per group). */
  private stepLoss(logits: tf.Tensor2D, host: HostBatch, t: number): tf.Tensor1D {
    const { batch: B, targetWidth } = host;
    const targets = tf.tensor2d(host.targets.subarray(t * B * targetWidth, (t + 1) * B * targetWidth), [B, targetWidth]);
    const mask = tf.tensor1d(host.targetMask.subarray(t * B, (t + 1) * B));
    const head = this.task.dims(this.config).head;
    if (head.kind === 'sigmoid') {
      const perUnit = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
      return tf.mul(tf.sum(perUnit, 1), mask);
    }
    if (head.kind === 'sum') throw new Error('The naive port has no sum head (it ports the seed\'s sigmoid and softmax heads only).');
    const logProbabilities = tf.logSoftmax(tf.reshape(logits, [B, head.groups, head.classes]));
    const picked = tf.oneHot(tf.cast(targets, 'int32'), head.classes);
    return tf.mul(tf.neg(tf.sum(tf.mul(picked, logProbabilities), [1, 2])), mask);
  }

  /** The seed's forward and the loss L + τ·P over a batch; `counts` gets N(t) of every row [t * B + b]. */
  private loss(host: HostBatch, counts: Float32Array): tf.Scalar {
    const { steps, batch: B, inputSize } = host;
    const { eps, maxSteps, tau } = this.config;
    let state = this.cell.widths.map((width) => tf.zeros([B, width]) as tf.Tensor2D);
    let total: tf.Tensor1D = tf.zeros([B]);
    for (let t = 0; t < steps; t++) {
      const x = tf.tensor2d(host.inputs.subarray(t * B * inputSize, (t + 1) * B * inputSize), [B, inputSize]);
      const [firstInput, laterInput] = [1, 0].map((flag) => tf.concat([x, tf.fill([B, 1], flag)], 1) as tf.Tensor2D);
      let cumulative: tf.Tensor1D = tf.zeros([B]);
      let remainder: tf.Tensor1D = tf.zeros([B]);
      let meanField = state.map((tensor) => tf.zerosLike(tensor));
      const count = counts.subarray(t * B, (t + 1) * B);
      let rows = Int32Array.from({ length: B }, (_, i) => i);
      for (let n = 1; n <= maxSteps && rows.length > 0; n++) {
        const idx = tf.tensor1d(rows, 'int32');
        const next = this.cell.step(gatherRows(n === 1 ? firstInput : laterInput, idx), state.map((s) => gatherRows(s, idx)));
        state = state.map((s, i) => writeRows(s, idx, next[i]));
        const whole = next.length === 1 ? next[0] : tf.concat(next, 1);
        const halting = tf.sigmoid(tf.reshape(tf.add(tf.matMul(whole, this.halting.W.variable), this.halting.b.variable), [-1]));
        const cumRows = gatherRows(cumulative, idx);
        const reached = n === maxSteps ? tf.onesLike(halting) : tf.cast(tf.greaterEqual(tf.add(cumRows, halting), 1 - eps), 'float32');
        const left = tf.sub(1, cumRows);
        const probability = tf.add(tf.mul(reached, left), tf.mul(tf.sub(1, reached), halting));
        meanField = meanField.map((sum, i) => writeRows(sum, idx, tf.add(gatherRows(sum, idx), tf.mul(tf.expandDims(probability, 1), next[i]))));
        remainder = writeRows(remainder, idx, tf.add(gatherRows(remainder, idx), tf.mul(reached, left)));
        cumulative = writeRows(cumulative, idx, tf.add(cumRows, tf.mul(tf.sub(1, reached), halting)));
        for (const row of rows) count[row] += 1;
        // The seed's `selector = (accum_h < 1 - eps).data; if not selector.any(): break`: a read-back per ponder step.
        const halted = reached.dataSync();
        rows = rows.filter((_, k) => halted[k] === 0);
      }
      state = meanField;
      const logits: tf.Tensor2D = tf.add(tf.matMul(state[0], this.output.W.variable), this.output.b.variable);
      const stepMask = tf.tensor1d(host.stepMask.subarray(t * B, (t + 1) * B));
      const ponderCost = tf.mul(tf.add(tf.tensor1d(count), remainder), stepMask);
      total = tf.add(total, tf.add(this.stepLoss(logits, host, t), tf.mul(tau, ponderCost)));
    }
    return tf.mean(total) as tf.Scalar;
  }

  async step(): Promise<NaiveStep> {
    const started = performance.now();
    const host = this.task.generate(this.config, this.config.batch, this.rng, this.data?.train);
    const counts = new Float32Array(host.steps * host.batch);
    const loss = tf.tidy(() => {
      const cost = this.optimizer.minimize(() => this.loss(host, counts), true, this.variables);
      if (!cost) throw new Error('the naive port\'s optimizer returned no loss');
      return cost;
    });
    await loss.data();
    loss.dispose();
    const ms = performance.now() - started;
    const real = host.stepMask.reduce((a, b) => a + b, 0);
    return { ms, ponder: counts.reduce((sum, n, i) => sum + n * host.stepMask[i], 0) / real };
  }

  /**
   * The check that the naive port computes what the engine does: from the engine's initial weights, the loss
   * L + τ·P of the first batch of both must agree (each trainer's first batch is the same: same seed and stream).
   */
  static async compareWithEngine(config: Config): Promise<{ ours: number; naive: number }> {
    const trainer = createTrainer(config);
    const naive = new NaiveTrainer(config);
    try {
      const ours = trainer.model.variables.map(({ variable }) => variable);
      naive.variables.forEach((variable, i) => variable.assign(ours[i]));
      const host = naive.task.generate(config, config.batch, new Rng(streamSeed(config.seed, 'train')));
      const naiveLoss = tf.tidy(() => naive.loss(host, new Float32Array(host.steps * host.batch)).dataSync()[0]);
      return { ours: (await trainer.step()).loss, naive: naiveLoss };
    } finally {
      trainer.dispose();
      naive.dispose();
    }
  }

  dispose(): void {
    this.optimizer.dispose();
    for (const variable of this.variables) variable.dispose();
  }
}
