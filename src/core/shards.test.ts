/**
 * Data-parallel training (shards.ts): a trainer whose batches are split among itself and shards follows the
 * trainer that computes each batch whole — loss, metrics, work and weights, step by step, to float rounding —
 * and refuses what cannot be split by rows. The shards here run in this thread (the CLI's run in worker threads:
 * cli.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../config/schema';
import { configOf } from '../config/testing';
import { createTrainer, modelSpecOf } from '../run/engine';
import { initBackend } from './backend';
import { ActModel } from './model';
import { Rng } from './random';
import type { GradientShard, ShardRequest } from './shards';
import { computeShard, ShardFailed } from './shards';
import type { StepMetrics } from './trainer';

/** A shard in this thread: its own model (other initial weights: every request brings the trainer's). */
function localShard(config: Config): GradientShard & { requests: number[] } {
  const spec = modelSpecOf(config);
  const model = new ActModel(spec, new Rng(12345));
  const requests: number[] = [];
  return {
    requests,
    compute: (request: ShardRequest) => {
      requests.push(request.batch.batch);
      return computeShard(model, spec.head, request);
    },
    dispose: () => model.dispose(),
  };
}

async function train(config: Config, shards: GradientShard[], steps: number): Promise<{ metrics: StepMetrics[]; weights: Float32Array[] }> {
  const trainer = createTrainer(config, undefined, { shards });
  const metrics: StepMetrics[] = [];
  for (let i = 0; i < steps; i++) metrics.push(await trainer.step());
  const weights = await Promise.all(trainer.model.variables.map(({ variable }) => variable.data() as Promise<Float32Array>));
  trainer.dispose();
  return { metrics, weights };
}

function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} against ${expected}`).toBeLessThanOrEqual(2e-5 * Math.max(1, Math.abs(expected)));
}

describe.each(['cpu', 'wasm'] as const)('training on shards (%s)', (backend) => {
  beforeAll(() => initBackend(backend));

  // 13 rows in 3 parts of 5, 4 and 4: uneven, so that a part weighted by anything but its rows shows.
  it.each([
    ['ACT over an LSTM on logic, under a ponder budget', 'task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=8&batch=13&maxSteps=5&ponderTarget=2&lr=0.01'],
    ['ACT over an RNN on sort (sequences of different lengths)', 'task=sort&cell=rnn&hidden=8&batch=13&maxSteps=4&tau=0.01&lr=0.01'],
    ['PonderNet on parity', 'task=parity&bits=4&hidden=8&batch=13&halting=pondernet&maxSteps=4&lr=0.01'],
  ])('%s: follows the whole-batch run step by step', async (_, text) => {
    const config = configOf(text);
    const whole = await train(config, [], 4);
    const shards = [localShard(config), localShard(config)];
    const split = await train(config, shards, 4);
    expect(shards.map((shard) => shard.requests)).toEqual([[4, 4, 4, 4], [4, 4, 4, 4]]);
    whole.metrics.forEach((expected, i) => {
      const actual = split.metrics[i];
      for (const key of ['loss', 'taskLoss', 'seqError', 'ponder', 'computedSteps', 'gradNorm', 'tau'] as const) expectClose(actual[key], expected[key], `step ${i + 1} ${key}`);
      // A part is cut to its longest sequence: the padding after it is not computed, so the work may be less.
      expect(actual.work[0]).toBeLessThanOrEqual(expected.work[0] + 1e-9);
      expect(actual.work[0]).toBeGreaterThan(0.5 * expected.work[0]);
      expect(actual.updates[0]).toBeLessThanOrEqual(expected.updates[0]);
    });
    whole.weights.forEach((values, v) => values.forEach((value, j) => expectClose(split.weights[v][j], value, `weight ${v}[${j}]`)));
    shards.forEach((shard) => shard.dispose());
  });
});

describe('a shard that fails', () => {
  beforeAll(() => initBackend('cpu'));
  const config = configOf('task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=8&batch=13&maxSteps=5&ponderTarget=2&lr=0.01');
  const failing = (error: Error): GradientShard => ({ compute: () => Promise.reject(error), dispose: () => undefined });

  it('has its step redone whole, here: the run goes on as the whole-batch run, bit for bit', async () => {
    const whole = await train(config, [], 3);
    const trainer = createTrainer(config, undefined, { shards: [failing(new ShardFailed('helper 1 stopped: gone'))] });
    const metrics = [await trainer.step(), await trainer.step(), await trainer.step()];
    expect(trainer.split.count).toBe(0);
    expect(trainer.split.failure).toBe('helper 1 stopped: gone');
    expect(metrics.map((step) => step.loss)).toEqual(whole.metrics.map((step) => step.loss));
    const weights = await Promise.all(trainer.model.variables.map(({ variable }) => variable.data()));
    expect(weights).toEqual(whole.weights);
    trainer.dispose();
  });

  it('fails the step with any other error, changing nothing', async () => {
    const trainer = createTrainer(config, undefined, { shards: [failing(new Error('a bug'))] });
    await expect(trainer.step()).rejects.toThrow('a bug');
    expect(trainer.stepCount).toBe(0);
    expect(trainer.split.count).toBe(1);
    trainer.dispose();
  });
});

describe('what shards refuse', () => {
  it.each([
    ['task=parity&bits=4&hidden=8&batch=2', /a batch of 2 has too few rows/],
    ['task=parity&bits=4&hidden=8&batch=8&dropout=0.1', /dropout draws one mask for the whole batch/],
    ['task=delaycopy&hidden=8&batch=8&tbptt=5', /streaming training/],
  ])('%s', (text, message) => {
    const config = configOf(text);
    const shards = [localShard(config), localShard(config)];
    expect(() => createTrainer(config, undefined, { shards })).toThrow(message);
    shards.forEach((shard) => shard.dispose());
  });

  it('a live change to dropout', () => {
    const config = configOf('task=parity&bits=4&hidden=8&batch=8');
    const shards = [localShard(config)];
    const trainer = createTrainer(config, undefined, { shards });
    expect(() => trainer.updateLive({ dropout: 0.2 })).toThrow(/dropout/);
    expect(trainer.config.dropout).toBe(0);
    trainer.dispose();
    shards.forEach((shard) => shard.dispose());
  });
});
