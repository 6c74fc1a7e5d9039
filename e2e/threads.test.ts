import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { Browser } from 'playwright-core';
import { parseConfig } from '../src/config/codec';
import { ActModel } from '../src/core/model';
import { ponderSettingsFor } from '../src/core/objective';
import { Rng } from '../src/core/random';
import { computeShard } from '../src/core/shards';
import { modelSpecOf } from '../src/run/engine';
import { getTask } from '../src/tasks/registry';
import { eventually, launchBrowser, openApp, waitUntilReady } from './browser';

// Helper threads (src/worker/helperThreads.ts): Web Workers of the training worker that each compute a part of
// every batch, where a core is spare beyond the trainer's and the page's and WASM runs on one thread.

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
  await tf.setBackend('cpu');
});
after(async () => {
  await browser?.close();
});

const HELPER_SCRIPT = readdirSync(new URL('../dist/assets/', import.meta.url)).find((name) => /^helper\.worker-.*\.js$/.test(name));

interface HelperReply { kind: string; message?: string; gradients?: number[][]; metrics?: number[] }
interface HelperReplies { started: string; first: HelperReply; again: HelperReply }

/**
 * In the page: starts the helper worker, sends it one request twice, and returns its answers as plain arrays. A
 * string, so that the test's compiler adds no helpers (its `__name`) the page does not have.
 */
const IN_PAGE = `async ({ script, spec, weights, batch, settings }) => {
  const worker = new Worker('/assets/' + script, { type: 'module' });
  const ask = (message) => new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
    worker.onerror = (event) => resolve({ kind: 'error', message: event.message });
    worker.postMessage(message);
  });
  const plain = (reply) => ({ kind: reply.kind, message: reply.message, gradients: reply.result?.gradients.map((values) => Array.from(values)), metrics: reply.result?.metrics });
  const typed = { ...batch, inputs: new Float32Array(batch.inputs), targets: new Float32Array(batch.targets), targetMask: new Float32Array(batch.targetMask), stepMask: new Float32Array(batch.stepMask), difficulty: new Int32Array(batch.difficulty) };
  const started = await ask({ kind: 'start', spec, backend: 'wasm' });
  const request = { kind: 'compute', request: { weights: weights.map((values) => new Float32Array(values)), batch: typed, settings } };
  const first = plain(await ask(request));
  const again = plain(await ask(request));
  worker.terminate();
  return { started: started.kind, first, again };
}`;

test('the built helper worker computes a part\'s gradients as the library does', { timeout: 60_000 }, async () => {
  assert.ok(HELPER_SCRIPT, 'the build has a helper worker');
  const config = parseConfig('task=logic&logicLength=3&maxGates=3&hidden=8&batch=6&maxSteps=5&tau=0.01').config;
  const spec = modelSpecOf(config);
  const model = new ActModel(spec, new Rng(5));
  const batch = getTask(config.task).generate(config, config.batch, new Rng(9));
  const weights = await Promise.all(model.variables.map(({ variable }) => variable.data() as Promise<Float32Array>));
  const settings = ponderSettingsFor(config);
  const expected = await computeShard(model, spec.head, { weights, batch, settings });
  model.dispose();

  const { page, errors, close } = await openApp(browser);
  try {
    const asArrays = (record: object) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, ArrayBuffer.isView(value) ? Array.from(value as Float32Array) : value]));
    const args = { script: HELPER_SCRIPT, spec, weights: weights.map((values) => Array.from(values)), batch: asArrays(batch), settings };
    const replies = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify(args)})`)) as HelperReplies;
    assert.equal(replies.started, 'ready');
    assert.equal(replies.first.kind, 'result', replies.first.message);
    assert.deepEqual(replies.again, replies.first, 'the same request, the same answer');
    replies.first.metrics!.forEach((value, i) => assert.ok(Math.abs(value - expected.metrics[i]) <= 1e-4 * Math.max(1, Math.abs(expected.metrics[i])), `metric ${i}: ${value} against ${expected.metrics[i]}`));
    expected.gradients.forEach((values, v) => values.forEach((value, j) => {
      const actual = replies.first.gradients![v][j];
      assert.ok(Math.abs(actual - value) <= 1e-4 * Math.max(1e-2, Math.abs(value)) + 1e-7, `gradient ${v}[${j}]: ${actual} (WASM, in the worker) against ${value} (CPU, here)`);
    }));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('the logic quick preset is split only where a core is spare beyond the trainer\'s and the page\'s', { timeout: 60_000 }, async () => {
  const { page, errors, close } = await openApp(browser, '/#task=logic&backend=wasm');
  try {
    await waitUntilReady(page);
    const backend = page.getByRole('region', { name: 'Backend' });
    await eventually('the backend is named', async () => /Backend: wasm/.test((await backend.textContent()) ?? ''), 20_000);
    const text = (await backend.textContent()) ?? '';
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const spare = /\b1 thread\b/.test(text) && cores >= 3;
    if (spare) assert.match(text, /each batch split over 2 threads \(a helper beside the trainer\)/);
    else assert.doesNotMatch(text, /split/, `${cores} cores, ${text}`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
