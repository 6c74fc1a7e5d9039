/**
 * Research probe (docs/results.md, "Wikipedia: can a negative τ bring pondering back?"): trains the Wikipedia task
 * with a τ the config schema does not allow — below 0, a reward for pondering — set before every step.
 *
 *   npx tsx scripts/signed-tau.ts --from DIR --tau=T --steps N          # a saved model, a fixed τ (may be < 0)
 *   npx tsx scripts/signed-tau.ts --config CFG --budget B --eta E --scale S --tau=T --steps N
 *
 * The second form is a ponder budget whose τ may change sign: u = asinh(τ / S) moves by E·(ponder − B) after each
 * step and τ = S·sinh(u) (for |τ| ≫ S the same as the product's log-τ ascent). Prints bits per character, ponder
 * and τ of the training batch every 10 steps.
 */
import { parseArgs } from 'node:util';
import { initBackend } from '../src/core/backend';
import { loadTaskData } from '../src/cli/data';
import { readModelDir } from '../src/cli/io';
import { resolveConfig } from '../src/cli/config';
import { createTrainer, resumeTrainer } from '../src/run/engine';
import { getTask } from '../src/tasks/registry';

const { values } = parseArgs({
  options: {
    from: { type: 'string' }, config: { type: 'string', default: 'task=wiki' }, tau: { type: 'string', default: '0.001' },
    steps: { type: 'string', default: '100' }, budget: { type: 'string' }, eta: { type: 'string', default: '0.05' },
    scale: { type: 'string', default: '0.001' }, data: { type: 'string', default: 'data/enwik8' },
  },
});
await initBackend('wasm');
const data = await loadTaskData(getTask('wiki'), values.data);
const saved = values.from ? await readModelDir(values.from) : undefined;
const trainer = saved ? resumeTrainer(saved.config, { model: saved.model }, data) : createTrainer(resolveConfig(values.config), data);
const budget = values.budget === undefined ? undefined : Number(values.budget);
const [eta, scale] = [Number(values.eta), Number(values.scale)];
let tau = Number(values.tau);
for (let step = 1; step <= Number(values.steps); step++) {
  // updateLive takes any number: the schema's 0..1 range is checked where configs are parsed, not here.
  trainer.updateLive({ tau });
  const metrics = await trainer.step();
  if (budget !== undefined) tau = scale * Math.sinh(Math.asinh(tau / scale) + eta * (metrics.ponder - budget));
  if (step % 10 === 0) {
    // The task loss is summed over the window's bytes, in nats.
    const bits = metrics.taskLoss / trainer.config.window / Math.LN2;
    console.log(`step ${step}  bits/char ${bits.toFixed(3)}  ponder ${metrics.ponder.toFixed(3)}  τ ${tau.toExponential(2)}`);
  }
}
trainer.dispose();
