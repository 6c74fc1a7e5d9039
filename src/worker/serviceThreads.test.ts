/**
 * The training service with helper threads (helperThreads.ts): a run that can be split gets them and says so, a
 * live change that cannot be split and a helper that fails both end the split with a note, and training goes on.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import { computeShard, ShardFailed, type GradientShard } from '../core/shards';
import { modelSpecOf } from '../run/engine';
import type { HelperThreads } from './helperThreads';
import { serviceHarness, stepsIn } from './serviceHarness';

const SPLIT_RUN = configOf('task=parity&bits=4&hidden=8&batch=16&seed=3');

/** One helper in this thread, for every run; `failAt` makes its nth request fail as a dead thread would. */
function localHelpers(failAt = Infinity): HelperThreads & { discarded: number } {
  let requests = 0;
  return {
    discarded: 0,
    async shardsFor(config) {
      const spec = modelSpecOf(config);
      const model = new ActModel(spec, new Rng(1));
      const shard: GradientShard = {
        compute: (request) => (++requests >= failAt ? Promise.reject(new ShardFailed('helper thread 1 stopped: gone')) : computeShard(model, spec.head, request)),
        dispose: () => model.dispose(),
      };
      return { shards: [shard] };
    },
    discard() {
      this.discarded += 1;
    },
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('training service with helper threads', () => {
  it('a run that can be split trains on the helpers and says how many', async () => {
    const { service, nth, trainers } = serviceHarness({ helpers: localHelpers() });
    await service.receive({ type: 'init', runId: 1, config: SPLIT_RUN, avoid: [] });
    expect((await nth('ready')).threads).toEqual({ helpers: 1, note: undefined });
    await service.receive({ type: 'step' });
    expect(stepsIn([await nth('progress')]).map((metrics) => metrics.step)).toEqual([1]);
    expect(trainers[0].split.count).toBe(1);
  });

  it('a live change to dropout ends the split, with a note, and applies', async () => {
    const helpers = localHelpers();
    const { service, nth, trainers } = serviceHarness({ helpers });
    await service.receive({ type: 'init', runId: 1, config: SPLIT_RUN, avoid: [] });
    await service.receive({ type: 'setLive', settings: { dropout: 0.2 } });
    const { threads } = await nth('threads');
    expect(threads.helpers).toBe(0);
    expect(threads.note).toBe('Training went back to one thread: dropout draws one mask for the whole batch, so each batch is no longer split among threads.');
    expect(trainers[0].config.dropout).toBe(0.2);
    expect(helpers.discarded).toBe(1);
    await service.receive({ type: 'step' });
    expect(stepsIn([await nth('progress')])).toHaveLength(1);
  });

  it('a helper that fails mid-run: the step is redone alone, the page is told, training goes on', async () => {
    const helpers = localHelpers(2);
    const { service, nth, all } = serviceHarness({ helpers });
    await service.receive({ type: 'init', runId: 1, config: SPLIT_RUN, avoid: [] });
    for (let i = 0; i < 3; i++) await service.receive({ type: 'step' });
    expect((await nth('threads')).threads).toEqual({ helpers: 0, note: 'A helper thread failed (helper thread 1 stopped: gone); the step was redone without it and training goes on on one thread.' });
    expect(stepsIn(all('progress')).map((metrics) => metrics.step)).toEqual([1, 2, 3]);
    expect(all('error')).toEqual([]);
    expect(helpers.discarded).toBe(1);
  });

  it('helpers that cannot start: one thread trains, and the note says why', async () => {
    const helpers: HelperThreads = { shardsFor: async () => ({ shards: [], failure: 'helper thread 1 stopped: the script did not load' }), discard: () => undefined };
    const { service, nth } = serviceHarness({ helpers });
    await service.receive({ type: 'init', runId: 1, config: SPLIT_RUN, avoid: [] });
    expect((await nth('ready')).threads).toEqual({ helpers: 0, note: 'No helper threads: helper thread 1 stopped: the script did not load. Training runs on one thread.' });
  });
});
