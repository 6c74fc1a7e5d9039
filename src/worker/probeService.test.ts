import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { tracePonder } from '../core/trace';
import { ponderSettingsFor } from '../core/objective';
import { createTrainer } from '../run/engine';
import { parityTask } from '../tasks/parity';
import { readWeights } from './modelWeights';
import type { FromProbeWorker } from './probeProtocol';
import { raiseProbeGate } from './probeGate';
import { ProbeService } from './probeService';
import { SMALL_RUN, startCpu } from './serviceHarness';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function harness(startBackend = async () => ({ info: await startCpu(), failed: [] })) {
  const messages: FromProbeWorker[] = [];
  const service = new ProbeService({ post: (message) => messages.push(message), startBackend });
  const all = <T extends FromProbeWorker['type']>(type: T) => messages.filter((message): message is Extract<FromProbeWorker, { type: T }> => message.type === type);
  return { service, messages, all };
}

const INPUT = [[1, -1, 0, 1, 0, 0]];

describe('the probe worker’s service', () => {
  it('answers with its copy of the weights exactly as the training model would, and waits for weights before the first answer', async () => {
    const { service, all } = harness();
    const trainer = createTrainer(SMALL_RUN);
    await service.receive({ type: 'probe', request: { id: 4, task: 'parity', input: INPUT } });
    expect(all('probed')).toEqual([]); // no weights yet: nothing to answer with
    await trainer.step();
    await service.receive({ type: 'weights', runId: 2, weights: await readWeights(trainer.model, trainer.config, trainer.stepCount) });
    const [answered] = all('probed');
    expect([answered.runId, answered.answer.id, answered.answer.kind === 'sequence' && answered.answer.trace.step]).toEqual([2, 4, 1]);
    const [direct] = await tracePonder(trainer.model, parityTask.probe!.encode(SMALL_RUN, INPUT), ponderSettingsFor(SMALL_RUN));
    if (answered.answer.kind !== 'sequence') throw new Error('parity answers with a trace');
    expect(answered.answer.trace.examples[0].logits).toEqual(direct.logits);
    expect(answered.answer.trace.examples[0].ponder).toEqual(direct.ponder);
    expect(all('probeBackend')[0].backend.name).toBe('cpu');
    trainer.dispose();
  });

  it('keeps its tensor count flat over weight refreshes and answers, and replaces the model when the settings change', async () => {
    const { service, all } = harness();
    const trainer = createTrainer(SMALL_RUN);
    const refresh = async () => service.receive({ type: 'weights', runId: 1, weights: await readWeights(trainer.model, trainer.config, trainer.stepCount) });
    await service.receive({ type: 'probe', request: { id: 1, task: 'parity', input: INPUT } });
    await refresh();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      await trainer.step();
      await refresh();
      await service.receive({ type: 'probe', request: { id: 2 + i, task: 'parity', input: [[1, 0, 0, 0, 0, -1]] } });
    }
    expect(all('probed')).toHaveLength(11);
    expect(tf.memory().numTensors).toBe(tensors);

    // Wider hidden state: a new model of the new spec, the old one disposed (the count moves by the size difference only).
    const wider = createTrainer(parseConfig('task=parity&bits=6&hidden=12&batch=16&seed=3').config);
    const before = tf.memory().numTensors;
    await service.receive({ type: 'weights', runId: 3, weights: await readWeights(wider.model, wider.config, 0) });
    await service.receive({ type: 'weights', runId: 3, weights: await readWeights(wider.model, wider.config, 0) });
    expect(tf.memory().numTensors).toBe(before);
    expect(all('probed').at(-1)?.runId).toBe(3);
    trainer.dispose();
    wider.dispose();
  });

  it('coalesces a burst of requests into answers of the latest one', async () => {
    const { service, all } = harness();
    const trainer = createTrainer(SMALL_RUN);
    await service.receive({ type: 'weights', runId: 1, weights: await readWeights(trainer.model, trainer.config, 0) });
    const burst = Array.from({ length: 6 }, (_, i) => service.receive({ type: 'probe', request: { id: 10 + i, task: 'parity', input: INPUT } }));
    await Promise.all(burst);
    const ids = all('probed').map((message) => message.answer.id);
    expect(ids.at(-1)).toBe(15);
    expect(ids.length).toBeLessThan(6);
    trainer.dispose();
  });

  it('says so when no backend starts, or weights do not fit the settings, and then stays silent', async () => {
    const noBackend = harness(async () => {
      throw new Error('No backend could start: wasm: no WebAssembly; cpu: broken.');
    });
    const trainer = createTrainer(SMALL_RUN);
    const weights = await readWeights(trainer.model, trainer.config, 0);
    await noBackend.service.receive({ type: 'weights', runId: 1, weights });
    await noBackend.service.receive({ type: 'probe', request: { id: 1, task: 'parity', input: INPUT } });
    expect(noBackend.messages).toEqual([{ type: 'probeFailed', message: expect.stringMatching(/No backend could start/) }]);

    const misfit = harness();
    await misfit.service.receive({ type: 'weights', runId: 1, weights: { ...weights, values: weights.values.subarray(1) } });
    expect(misfit.all('probeFailed')[0].message).toMatch(/weights sent have \d+ values; a model of these settings has \d+/);
    trainer.dispose();
  });

  it('lowers the probe gate once everything asked is answered, and when it has no weights to answer with', async () => {
    const { service, all } = harness();
    const gate = new SharedArrayBuffer(4);
    const raised = () => Atomics.load(new Int32Array(gate), 0) !== 0;
    await service.receive({ type: 'probeGate', gate });
    raiseProbeGate(gate);
    await service.receive({ type: 'probe', request: { id: 1, task: 'parity', input: INPUT } });
    expect(raised()).toBe(false); // no weights: the training worker, which sends them, must not hold
    const trainer = createTrainer(SMALL_RUN);
    await service.receive({ type: 'weights', runId: 1, weights: await readWeights(trainer.model, trainer.config, trainer.stepCount) });
    raiseProbeGate(gate);
    await service.receive({ type: 'probe', request: { id: 2, task: 'parity', input: INPUT } });
    expect(all('probed').map((message) => message.answer.id)).toEqual([1, 2]);
    expect(raised()).toBe(false);
    trainer.dispose();
  });
});
