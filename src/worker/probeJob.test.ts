import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tracePonder } from '../core/trace';
import { ponderSettingsFor } from '../core/objective';
import { parityTask } from '../tasks/parity';
import { SMALL_RUN, serviceHarness } from './serviceHarness';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('probing through the training service', () => {
  it('sends a copy of its weights with every trace, and keeps requests without answering them until told to', async () => {
    const { service, trainers, all, nth } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    await service.receive({ type: 'probe', request: { id: 3, task: 'parity', input: [[1, 0, 0, 0, 0, 0]] } });
    await service.receive({ type: 'step' });
    const weights = all('weights');
    expect(weights.map((message) => [message.runId, message.weights.step])).toEqual([[1, 0], [1, 1]]);
    const variables = await Promise.all(trainers[0].model.variables.map(({ variable }) => variable.data()));
    expect(Array.from(weights[1].weights.values)).toEqual(variables.flatMap((values) => Array.from(values)));
    expect(all('probed')).toEqual([]);
    await service.receive({ type: 'probeHere' });
    expect((await nth('probed')).answer.id).toBe(3);
  });

  it('once told to, answers an input made by hand with the current model, again after each step, and refuses what the task cannot represent', async () => {
    const { service, trainers, all, nth } = serviceHarness();
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    await service.receive({ type: 'probeHere' });
    expect(all('probed')).toEqual([]); // nobody asked yet, and parity has no default input
    const input = [[1, -1, 0, 1, 0, 0]];
    await service.receive({ type: 'probe', request: { id: 7, task: 'parity', input } });
    const { answer } = await nth('probed');
    if (answer.kind !== 'sequence') throw new Error('parity answers with a trace');
    expect([answer.id, answer.task, answer.trace.step, answer.trace.examples.length]).toEqual([7, 'parity', 0, 1]);
    const [sequence] = answer.trace.examples;
    expect(sequence.inputs).toEqual([[1, -1, 0, 1, 0, 0]]);
    expect(sequence.targets).toEqual([[0]]); // two +1 entries: even
    // The same numbers as tracing the task's own encoding with the model directly.
    const batch = parityTask.probe!.encode(SMALL_RUN, input);
    const [direct] = await tracePonder(trainers[0].model, batch, ponderSettingsFor(SMALL_RUN));
    expect(sequence.logits).toEqual(direct.logits);
    expect(sequence.ponder[0][0].steps).toBe(direct.ponder[0][0].steps);

    await service.receive({ type: 'step' });
    const refreshed = (await nth('probed', 2)).answer;
    expect(refreshed.kind === 'sequence' && refreshed.trace.step).toBe(1);

    const tensors = tf.memory().numTensors;
    await service.receive({ type: 'probe', request: { id: 8, task: 'parity', input: [[1, 0, 0, 0, 0, 0, 1]] } });
    const refused = await nth('probeRefused');
    expect([refused.id, refused.message]).toEqual([8, expect.stringMatching(/6 bits .*has 7/)]);
    for (let i = 0; i < 3; i++) await service.receive({ type: 'probe', request: { id: 9 + i, task: 'parity', input } });
    await nth('probed', 5);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('keeps an input for another task aside until a run of that task', async () => {
    const { service, all, nth } = serviceHarness();
    await service.receive({ type: 'probeHere' });
    await service.receive({ type: 'probe', request: { id: 1, task: 'sort', input: [0.5, -1] } });
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [] });
    await nth('trace');
    expect(all('probed')).toEqual([]);
  });
});
