import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import type { Fetcher } from './wikiData';
import { givenTaskData } from './wikiData';
import { DEFAULT_TEXT_NAME, minimumTrainingBytes } from './wikiProtocol';
import { WikiService } from './wikiService';
import { modelSpecOf, saveModel } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const BASE = new URL('http://localhost/app/');
const config = parseConfig('task=wiki&hidden=8&window=10&maxSteps=3').config;
const text = (length: number) => new Uint8Array(length).fill(0x61);

/** Answers the given paths (relative to BASE) and 404 for the rest, like a static server. */
function serve(files: Record<string, Uint8Array<ArrayBuffer> | string>): Fetcher {
  return async (url) => {
    const body = files[url.pathname.slice(BASE.pathname.length)];
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
  };
}

const enwik8Files = (train: number, valid: number) => ({
  'data/enwik8/meta.json': JSON.stringify({ source: 'enwik8-head.xml', complete: false, totalBytes: train + 2 * valid, splits: { train: { offset: 0, bytes: train }, valid: { offset: train, bytes: valid } } }),
  'data/enwik8/train.bin': text(train),
  'data/enwik8/valid.bin': text(valid),
});

async function snapshotFiles(snapshotConfig = config) {
  const model = new ActModel(modelSpecOf(snapshotConfig), new Rng(5));
  const { json, weights } = await saveModel(model, snapshotConfig, { steps: 1500, evaluation: { bitsPerTarget: 2.25 } });
  model.dispose();
  return { 'models/wiki-act/model.json': JSON.stringify(json), 'models/wiki-act/weights.bin': new Uint8Array(weights) };
}

describe('WikiService', () => {
  it('trains on served enwik8 and starts from the pretrained snapshot when it fits', async () => {
    const service = new WikiService(serve({ ...enwik8Files(500, 200), ...(await snapshotFiles()) }), BASE);
    const run = await service.prepare(config, 'pretrained');
    expect(run.data?.train).toHaveLength(500);
    expect(run.data?.heldOut).toHaveLength(200);
    expect(run.status).toMatchObject({ dataKind: 'enwik8', enwik8Problem: null, pretrained: true, snapshotProblem: null });
    expect(run.status?.model).toMatch(/pretrained snapshot \(LSTM, 8 units, 1 layer, with ACT\), trained 1,500 steps.*2\.25 bits/);
    expect(run.resume?.model.spec.hidden).toBe(8);
    run.resume?.model.dispose();
  });

  it('without enwik8, says how to get it and trains on the default excerpt; a given text replaces it', async () => {
    const service = new WikiService(serve({ 'wiki/default.txt': text(300) }), BASE);
    const run = await service.prepare(config, 'fresh');
    expect(run.status?.dataKind).toBe('default');
    expect(run.status?.enwik8Problem).toMatch(/data\/enwik8\/meta\.json is not on this server \(HTTP 404\).*npm run data:enwik8/);
    expect(run.data?.source).toContain(DEFAULT_TEXT_NAME);
    expect(run.resume).toBeUndefined();

    service.trainOn({ name: 'notes.txt', bytes: text(1000) });
    const given = await service.prepare(config, 'fresh');
    expect(given.status?.dataKind).toBe('given');
    expect(given.data?.source).toMatch(/^notes\.txt \(1,000 bytes\): trains on the first 90%/);
  });

  it('names a bad meta.json, an HTML answer for every path, and a text too short for the window', async () => {
    const service = new WikiService(serve({ 'data/enwik8/meta.json': '{"totalBytes": "lots"}', 'wiki/default.txt': text(50) }), BASE);
    await expect(service.prepare(config, 'fresh')).rejects.toThrow(/meta\.json is not the meta\.json of `npm run data:enwik8`.*default.*50 bytes: too few.*at least 110 bytes/);
    const page = new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
    const spa = new WikiService(async () => page.clone(), BASE);
    await expect(spa.prepare(config, 'fresh')).rejects.toThrow(/meta\.json is not on this server \(it answers with a web page\)/);
  });

  it('falls back to a fresh model, saying why, when the snapshot is missing or has another shape', async () => {
    const missing = await new WikiService(serve(enwik8Files(500, 200)), BASE).prepare(config, 'pretrained');
    expect(missing.resume).toBeUndefined();
    expect(missing.status?.snapshotProblem).toMatch(/model\.json is not on this server \(HTTP 404\).*fresh model/);
    expect(missing.status?.model).toMatch(/^a fresh model \(LSTM, 8 units/);

    const other = parseConfig('task=wiki&hidden=16&window=10').config;
    const service = new WikiService(serve({ ...enwik8Files(500, 200), ...(await snapshotFiles(other)) }), BASE);
    const before = tf.memory().numTensors;
    const mismatched = await service.prepare(config, 'pretrained');
    expect(mismatched.status?.snapshotProblem).toMatch(/it is LSTM, 16 units.*these settings ask for LSTM, 8 units/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('given text', () => {
  it('splits 90/10 and needs a whole window plus one byte in the held-out tenth', () => {
    const data = givenTaskData({ name: 'x', bytes: text(1010) });
    expect([data.train.length, data.heldOut.length]).toEqual([909, 101]);
    expect(minimumTrainingBytes(100)).toBe(1010);
  });
});
