/**
 * `npx tsx bench/compactRatio.ts DIR [steps]`: training steps on WASM from a model saved with `--save DIR`, ACT's
 * updates on the running rows only (`compact`, the default on WASM and CPU) against the masked read-back loop,
 * alternating the two over the same weights and batches (two rounds each): median ms per step, updates run and
 * their work in whole batches. A saved model matters here: at the first steps every row halts alike, and the
 * modes differ only once the net ponders unevenly.
 */
import { readModelDir } from '../src/cli/io';
import { initBackend } from '../src/core/backend';
import type { PonderUnroll } from '../src/core/speculation';
import { resumeTrainer } from '../src/run/engine';

const WARMUP = 5;

interface Timing {
  msPerStep: number;
  updates: number;
  work: number;
  lastLoss: number;
}

async function time(dir: string, steps: number, ponderUnroll: PonderUnroll): Promise<Timing> {
  const { model, config, metadata } = await readModelDir(dir);
  const trainer = resumeTrainer(config, { model, step: typeof metadata.steps === 'number' ? metadata.steps : 0 }, undefined, { ponderUnroll });
  const times: number[] = [];
  let [updates, work, lastLoss] = [0, 0, 0];
  for (let i = 0; i < WARMUP + steps; i++) {
    const started = performance.now();
    const metrics = await trainer.step();
    if (i < WARMUP) continue;
    times.push(performance.now() - started);
    updates += metrics.updates.reduce((a, b) => a + b, 0);
    work += metrics.work.reduce((a, b) => a + b, 0);
    lastLoss = metrics.loss;
  }
  trainer.dispose();
  times.sort((a, b) => a - b);
  return { msPerStep: times[times.length >> 1], updates: updates / steps, work: work / steps, lastLoss };
}

async function main(): Promise<void> {
  const [dir, stepsText = '60'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: npx tsx bench/compactRatio.ts DIR [steps]');
  await initBackend('wasm');
  const steps = Number(stepsText);
  const runs: Record<'readback' | 'compact', Timing[]> = { readback: [], compact: [] };
  for (let round = 0; round < 2; round++) {
    for (const mode of ['readback', 'compact'] as const) {
      const timing = await time(dir, steps, mode);
      runs[mode].push(timing);
      console.log(`${mode.padEnd(8)} round ${round + 1}: ${timing.msPerStep.toFixed(1)} ms/step (median of ${steps}), updates ${timing.updates.toFixed(1)}, work ${timing.work.toFixed(1)} whole batches, last loss ${timing.lastLoss.toFixed(6)}`);
    }
  }
  const best = (mode: 'readback' | 'compact') => Math.min(...runs[mode].map((run) => run.msPerStep));
  console.log(`compact / read-back, fastest rounds: ${(best('compact') / best('readback')).toFixed(3)}× the time, ${(runs.compact[0].work / runs.readback[0].work).toFixed(3)}× the work`);
}

await main();
