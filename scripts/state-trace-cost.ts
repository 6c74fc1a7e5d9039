/**
 * What capturing the state views costs the worker's example traces: the trace forward of the page's example
 * sequences with and without the views (median of --repeats), the values kept, and one training step to compare.
 *   npx tsx scripts/state-trace-cost.ts --config "task=addition" --config "task=wiki&hidden=512" --repeats 5
 * A task that reads text (wiki) reads fixed pseudo-random bytes here: the cost does not depend on the text.
 */
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config/codec';
import { initBackend } from '../src/core/backend';
import { tracePonder } from '../src/core/trace';
import { Trainer } from '../src/core/trainer';
import { ponderSettingsFor } from '../src/core/objective';
import { getTask } from '../src/tasks/registry';
import { exampleBatch } from '../src/worker/exampleSet';
import { STATE_VALUES_PER_TRACE } from '../src/worker/protocol';

const { values } = parseArgs({ options: { config: { type: 'string', multiple: true, default: ['task=addition'] }, repeats: { type: 'string', default: '5' } } });
const backend = await initBackend('wasm');
console.log(`backend ${backend.name} (${backend.detail})\n`);
console.log('| config | examples × steps | trace ms | trace + views ms | values kept | training step ms |\n|---|---|---:|---:|---:|---:|');

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
async function timed(run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < Number(values.repeats); i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

for (const text of values.config!) {
  const { config } = parseConfig(text);
  const task = getTask(config.task);
  const data = task.needsData ? { train: randomBytes(1 << 16), heldOut: randomBytes(1 << 14), source: 'random bytes' } : undefined;
  const trainer = Trainer.create(config, task, data);
  const examples = exampleBatch(task, config, data?.heldOut);
  const settings = ponderSettingsFor(config);
  const stateValues = Math.floor(STATE_VALUES_PER_TRACE / examples.batch);
  const plain = await timed(() => tracePonder(trainer.model, examples, settings));
  const withViews = await timed(() => tracePonder(trainer.model, examples, settings, { stateValues }));
  const kept = (await tracePonder(trainer.model, examples, settings, { stateValues }))
    .flatMap((sequence) => sequence.states ?? [])
    .reduce((sum, frames) => sum + frames.values.reduce((total, array) => total + array.length, 0), 0);
  const step = await timed(() => trainer.step());
  console.log(`| ${text} | ${examples.batch} × ${examples.steps} | ${plain.toFixed(0)} | ${withViews.toFixed(0)} | ${kept} | ${step.toFixed(0)} |`);
  trainer.dispose();
}

function randomBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => 32 + ((i * 2654435761) >>> 24) % 90);
}
