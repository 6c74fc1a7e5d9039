/**
 * Mean ponder and loss by character class of a saved character model on held-out text: the numbers behind
 * "it pauses at spaces". Reads N fresh windows from the evaluation stream of the validation split.
 *   npx tsx scripts/ponder-by-class.ts --model public/models/wiki-act --data data/enwik8 --n 64
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { withSavedModel } from '../src/cli/savedModel';
import { initBackend } from '../src/core/backend';
import { evaluationRng } from '../src/core/evaluate';
import { tracePonder } from '../src/core/trace';
import { ponderSettingsFor } from '../src/core/trainer';
import { CLASS_LABELS, statsByClass } from '../src/data/charClass';

const { values } = parseArgs({ options: { model: { type: 'string' }, data: { type: 'string' }, n: { type: 'string', default: '64' }, seed: { type: 'string', default: '1' } } });
if (!values.model) throw new Error('--model DIR is required');
await initBackend('wasm');
const { traces, config } = await withSavedModel(values.model, values.data, async ({ model, config, task, data }) => {
  if (!data) throw new Error('the model is not a character model, or --data gave no text');
  const batch = task.generate(config, Number(values.n), evaluationRng(Number(values.seed)), data.heldOut);
  return { traces: await tracePonder(model, batch, ponderSettingsFor(config)), config };
});

const bytes: number[] = [];
const ponder: number[] = [];
const loss: number[] = [];
for (const sequence of traces) {
  sequence.inputs.forEach((oneHot, t) => {
    bytes.push(oneHot.indexOf(1));
    ponder.push(sequence.ponder[t][0]?.steps ?? 1);
    const logits = tf.tensor1d(sequence.logits[t]);
    const logProbabilities = tf.logSoftmax(logits).dataSync();
    loss.push(-logProbabilities[sequence.targets[t][0]] / Math.LN2);
    logits.dispose();
  });
}
console.log(`${traces.length} held-out windows of ${config.window} bytes (${bytes.length} bytes), model ${values.model}`);
console.log('| class | bytes | mean ponder N | mean loss (bits) |\n|---|---:|---:|---:|');
for (const row of statsByClass(Uint8Array.from(bytes), ponder, loss)) {
  console.log(`| ${CLASS_LABELS[row.charClass].replace(/\|/g, '\\|')} | ${row.count} | ${row.ponder.toFixed(3)} | ${row.loss.toFixed(2)} |`);
}
