import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import type { FromWorker } from './protocol';
import { CLASS_WINDOWS } from './evaluationJob';
import { serviceHarness } from './serviceHarness';
import type { Fetcher } from './wikiData';
import { WikiService } from './wikiService';
import { createTrainer, modelSpecOf, saveModel } from '../run/engine';
import { readWeights } from './modelWeights';
import type { FromProbeWorker } from './probeProtocol';
import { ProbeService } from './probeService';
import { startCpu } from './serviceHarness';
import { readText } from './wikiReading';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BASE = new URL('http://localhost/');
const config = parseConfig('task=wiki&hidden=8&window=10&maxSteps=3&batch=4').config;
const words = (length: number) => new TextEncoder().encode('the [[cat]] sat on the mat, '.repeat(Math.ceil(length / 28)).slice(0, length));

async function files(): Promise<Record<string, Uint8Array<ArrayBuffer> | string>> {
  const model = new ActModel(modelSpecOf(config), new Rng(9));
  const { json, weights } = await saveModel(model, config, { steps: 10 });
  model.dispose();
  return {
    'data/enwik8/meta.json': JSON.stringify({ source: 'test', complete: false, totalBytes: 2600, splits: { train: { offset: 0, bytes: 2000 }, valid: { offset: 2000, bytes: 300 } } }),
    'data/enwik8/train.bin': words(2000),
    'data/enwik8/valid.bin': words(300),
    'wiki/default.txt': words(250),
    'models/wiki-act/model.json': JSON.stringify(json),
    'models/wiki-act/weights.bin': new Uint8Array(weights),
  };
}

function serve(served: Record<string, Uint8Array<ArrayBuffer> | string>): Fetcher {
  return async (url) => {
    const body = served[url.pathname.slice(1)];
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
  };
}

/** The reading a probe answer carries (the Wikipedia task's answers are readings). */
function readingIn(message: Extract<FromWorker, { type: 'probed' }>) {
  if (message.answer.kind !== 'reading') throw new Error(`a ${message.answer.kind} answer, not a reading`);
  return message.answer.reading;
}

describe('the training service with the Wikipedia task', () => {
  it('starts from the snapshot on enwik8, reads the default text, trains, evaluates held out and reads a given text', async () => {
    const { service, nth, runDelayed } = serviceHarness({
      wiki: new WikiService(serve(await files()), BASE),
      createTrainer: (runConfig, data) => createTrainer(runConfig, data),
    });
    await service.receive({ type: 'probeHere' }); // the training worker reads as the probe worker would (its fallback)
    await service.receive({ type: 'init', runId: 1, config, avoid: [], pretrained: true });
    // The run continues the snapshot's training at its step (10).
    expect((await nth('wikiStatus')).status).toMatchObject({ dataKind: 'enwik8', pretrained: true, step: 10, trainedWith: { lr: config.lr, maxSteps: 3 } });
    const first = readingIn(await nth('probed'));
    expect([first.step, first.bytes.length, first.ponder.length]).toEqual([10, 250, 250]);

    runDelayed();
    const { snapshot } = await nth('evaluation');
    expect(Number.isFinite(snapshot.evaluation.bitsPerTarget)).toBe(true);
    // The difficulty panel's table: every byte of the first held-out windows in some class.
    expect(snapshot.byClass?.reduce((sum, row) => sum + row.count, 0)).toBe(CLASS_WINDOWS * config.window);
    await service.receive({ type: 'step' });
    expect(readingIn(await nth('probed', 2)).step).toBe(11);

    const mine = new TextEncoder().encode('<img src=x onerror=alert(1)>');
    await service.receive({ type: 'probe', request: { id: 1, task: 'wiki', input: { name: 'mine', bytes: mine } } });
    const read = readingIn(await nth('probed', 3));
    expect([read.name, read.bytes.length, read.stacks.length]).toEqual(['mine', mine.length, mine.length]);

    await service.receive({ type: 'snapshot' });
    const { state } = await nth('snapshot');
    await service.receive({ type: 'restore', runId: 2, state, backend: 'cpu', avoid: [] });
    expect((await nth('wikiStatus', 2)).status).toMatchObject({ dataKind: 'enwik8', model: expect.stringMatching(/^a saved run/) });
    expect((await nth('probed', 4)).runId).toBe(2);
  });

  it('trains the next run on a given text, from a fresh model after a plain reset', async () => {
    const { service, nth } = serviceHarness({
      wiki: new WikiService(serve(await files()), BASE),
      createTrainer: (runConfig, data) => createTrainer(runConfig, data),
    });
    await service.receive({ type: 'probeHere' });
    await service.receive({ type: 'wikiTrainOn', text: { name: 'notes', bytes: words(400) } });
    await service.receive({ type: 'init', runId: 1, config, avoid: [] });
    expect((await nth('wikiStatus')).status).toMatchObject({ dataKind: 'given', pretrained: false, trainedWith: null, model: expect.stringMatching(/^a fresh model/) });
    expect(readingIn(await nth('probed')).name).toMatch(/Andrey Markov/);
    await service.receive({ type: 'step' });
    expect((await nth('progress')).runId).toBe(1);
  });

  it('is read by the probe worker too (the same path): the default text, then a given one, with its copy of the weights', async () => {
    const messages: FromProbeWorker[] = [];
    const wiki = new WikiService(serve(await files()), BASE);
    const service = new ProbeService({
      post: (message) => messages.push(message),
      startBackend: async () => ({ info: await startCpu(), failed: [] }),
      defaultInput: (runConfig) => wiki.defaultInput(runConfig),
    });
    const model = new ActModel(modelSpecOf(config), new Rng(4));
    await service.receive({ type: 'weights', runId: 1, weights: await readWeights(model, config, 7) });
    const readings = () => messages.flatMap((message) => (message.type === 'probed' && message.answer.kind === 'reading' ? [message.answer.reading] : []));
    expect(readings().map((reading) => [reading.name, reading.step, reading.bytes.length])).toEqual([[expect.stringMatching(/Andrey Markov/), 7, 250]]);
    const mine = { name: 'mine', bytes: new TextEncoder().encode('The cat sat.') };
    await service.receive({ type: 'probe', request: { id: 2, task: 'wiki', input: mine } });
    const direct = await readText(model, config, mine, 7);
    expect(Array.from(readings()[1].ponder)).toEqual(Array.from(direct.ponder));
    expect(Array.from(readings()[1].loss)).toEqual(Array.from(direct.loss));
    model.dispose();
  });
});
