/**
 * `npx tsx bench/splitBatchRatio.ts MODEL [steps] [threads] [batch]`: training steps on WASM on one thread against the
 * same steps split among `threads` threads (`train --split-batch`, src/core/shards.ts), alternating the two over the
 * same weights and batches (two rounds each): median ms per step and the ratio of the fastest rounds. MODEL is a
 * directory saved with `--save` (training goes on from it) or a config string (a fresh model); `batch` overrides
 * the config's. Run it alone on the machine: the threads share its cores with anything else running.
 */
import { startGradientWorkers } from '../src/cli/gradientWorkers';
import { initBackend } from '../src/core/backend';
import { modelSpecOf } from '../src/run/engine';
import type { TrainerStart } from './alternating';
import { timeSteps, trainerStart } from './alternating';

async function time(start: TrainerStart, steps: number, threads: number): Promise<{ msPerStep: number; lastLoss: number }> {
  const shards = threads > 1 ? await startGradientWorkers(threads - 1, modelSpecOf(start.config), 'wasm') : [];
  try {
    const { msPerStep, metrics } = await timeSteps(await start.trainer({ shards }), steps);
    return { msPerStep, lastLoss: metrics[metrics.length - 1].loss };
  } finally {
    shards.forEach((shard) => shard.dispose());
  }
}

async function main(): Promise<void> {
  const [source, stepsText = '40', threadsText = '2', batchText] = process.argv.slice(2);
  if (!source) throw new Error('usage: npx tsx bench/splitBatchRatio.ts MODEL_DIR|CONFIG [steps] [threads] [batch]');
  await initBackend('wasm');
  const [steps, threads] = [Number(stepsText), Number(threadsText)];
  const start = await trainerStart(source, batchText ? Number(batchText) : undefined);
  const best: Record<number, number> = { 1: Infinity, [threads]: Infinity };
  for (let round = 1; round <= 2; round++) {
    for (const count of [1, threads]) {
      const timing = await time(start, steps, count);
      best[count] = Math.min(best[count], timing.msPerStep);
      console.log(`${count} thread(s), round ${round}: ${timing.msPerStep.toFixed(1)} ms/step (median of ${steps}), last loss ${timing.lastLoss.toFixed(6)}`);
    }
  }
  console.log(`batch ${start.config.batch}: ${threads} threads ${(best[1] / best[threads]).toFixed(2)}× as fast as one (fastest rounds)`);
}

await main();
