/**
 * `npx tsx bench/splitBatchRatio.ts MODEL [steps] [threads] [batch]`: training steps on WASM on one thread against the
 * same steps split among `threads` threads (`train --split-batch`, src/core/shards.ts), alternating the two over the
 * same weights and batches (two rounds each): median ms per step and the ratio of the fastest rounds. MODEL is a
 * directory saved with `--save` (training goes on from it) or a config string (a fresh model); `batch` overrides
 * the config's. Run it alone on the machine: the threads share its cores with anything else running.
 */
import { existsSync } from 'node:fs';
import { startGradientWorkers } from '../src/cli/gradientWorkers';
import { readModelDir } from '../src/cli/io';
import { parseConfig } from '../src/config/codec';
import type { Config } from '../src/config/schema';
import { initBackend } from '../src/core/backend';
import type { ActModel } from '../src/core/model';
import { createTrainer, modelSpecOf, resumeTrainer } from '../src/run/engine';

const WARMUP = 5;

interface Start {
  config: Config;
  model?: () => Promise<{ model: ActModel; step: number }>;
}

async function startOf(source: string, batch?: number): Promise<Start> {
  if (!existsSync(source)) {
    const { config, problems } = parseConfig(source);
    if (problems.length > 0) throw new Error(`${source}: ${problems.map((p) => `${p.key}: ${p.reason}`).join('; ')}`);
    return { config: batch ? { ...config, batch } : config };
  }
  const { config } = await readModelDir(source);
  return {
    config: batch ? { ...config, batch } : config,
    model: async () => {
      const { model, metadata } = await readModelDir(source);
      return { model, step: typeof metadata.steps === 'number' ? metadata.steps : 0 };
    },
  };
}

async function time(start: Start, steps: number, threads: number): Promise<{ msPerStep: number; lastLoss: number }> {
  const shards = threads > 1 ? await startGradientWorkers(threads - 1, modelSpecOf(start.config), 'wasm') : [];
  const saved = await start.model?.();
  const trainer = saved ? resumeTrainer(start.config, saved, undefined, { shards }) : createTrainer(start.config, undefined, { shards });
  const times: number[] = [];
  let lastLoss = 0;
  try {
    for (let i = 0; i < WARMUP + steps; i++) {
      const started = performance.now();
      lastLoss = (await trainer.step()).loss;
      if (i >= WARMUP) times.push(performance.now() - started);
    }
  } finally {
    trainer.dispose();
    shards.forEach((shard) => shard.dispose());
  }
  times.sort((a, b) => a - b);
  return { msPerStep: times[times.length >> 1], lastLoss };
}

async function main(): Promise<void> {
  const [source, stepsText = '40', threadsText = '2', batchText] = process.argv.slice(2);
  if (!source) throw new Error('usage: npx tsx bench/splitBatchRatio.ts MODEL_DIR|CONFIG [steps] [threads] [batch]');
  await initBackend('wasm');
  const [steps, threads] = [Number(stepsText), Number(threadsText)];
  const start = await startOf(source, batchText ? Number(batchText) : undefined);
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
