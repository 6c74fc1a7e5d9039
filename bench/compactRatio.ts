/**
 * `npx tsx bench/compactRatio.ts DIR [steps]`: training steps on WASM from a model saved with `--save DIR`, ACT's
 * updates on the running rows only (`compact`, the default on WASM and CPU) against the masked read-back loop,
 * alternating the two over the same weights and batches (two rounds each): median ms per step, updates run and
 * their work in whole batches. A saved model matters here: at the first steps every row halts alike, and the
 * modes differ only once the net ponders unevenly.
 */
import { initBackend } from '../src/core/backend';
import type { PonderUnroll } from '../src/core/speculation';
import type { TrainerStart } from './alternating';
import { timeSteps, trainerStart } from './alternating';

interface Timing {
  msPerStep: number;
  updates: number;
  work: number;
  lastLoss: number;
}

async function time(start: TrainerStart, steps: number, ponderUnroll: PonderUnroll): Promise<Timing> {
  const { msPerStep, metrics } = await timeSteps(await start.trainer({ ponderUnroll }), steps);
  const total = (key: 'updates' | 'work') => metrics.reduce((sum, step) => sum + step[key].reduce((a, b) => a + b, 0), 0) / steps;
  return { msPerStep, updates: total('updates'), work: total('work'), lastLoss: metrics[metrics.length - 1].loss };
}

async function main(): Promise<void> {
  const [dir, stepsText = '60'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: npx tsx bench/compactRatio.ts DIR [steps]');
  await initBackend('wasm');
  const steps = Number(stepsText);
  const start = await trainerStart(dir);
  const runs: Record<'readback' | 'compact', Timing[]> = { readback: [], compact: [] };
  for (let round = 0; round < 2; round++) {
    for (const mode of ['readback', 'compact'] as const) {
      const timing = await time(start, steps, mode);
      runs[mode].push(timing);
      console.log(`${mode.padEnd(8)} round ${round + 1}: ${timing.msPerStep.toFixed(1)} ms/step (median of ${steps}), updates ${timing.updates.toFixed(1)}, work ${timing.work.toFixed(1)} whole batches, last loss ${timing.lastLoss.toFixed(6)}`);
    }
  }
  const best = (mode: 'readback' | 'compact') => Math.min(...runs[mode].map((run) => run.msPerStep));
  console.log(`compact / read-back, fastest rounds: ${(best('compact') / best('readback')).toFixed(3)}× the time, ${(runs.compact[0].work / runs.readback[0].work).toFixed(3)}× the work`);
}

await main();
