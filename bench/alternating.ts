/**
 * What the ratio benches (compactRatio.ts, splitBatchRatio.ts) share: a trainer started from a saved model or a
 * config string, and the median time of its training steps after a warm-up. They alternate two ways of running the
 * same steps over the same weights and batches, so the machine's drift falls on both alike.
 */
import { existsSync } from 'node:fs';
import { readModelDir } from '../src/cli/io';
import { parseConfig } from '../src/config/codec';
import type { Config } from '../src/config/schema';
import type { StepMetrics, Trainer, TrainerOptions } from '../src/core/trainer';
import { createTrainer, resumeTrainer } from '../src/run/engine';

const WARMUP = 5;

/** Where each timed trainer starts: a directory saved with `--save` (training goes on from it) or a config string. */
export interface TrainerStart {
  config: Config;
  trainer(options: TrainerOptions): Promise<Trainer>;
}

/** `batch`, where given, replaces the config's. */
export async function trainerStart(source: string, batch?: number): Promise<TrainerStart> {
  const withBatch = (config: Config) => (batch ? { ...config, batch } : config);
  if (!existsSync(source)) {
    const { config, problems } = parseConfig(source);
    if (problems.length > 0) throw new Error(`${source}: ${problems.map((p) => `${p.key}: ${p.reason}`).join('; ')}`);
    return { config: withBatch(config), trainer: async (options) => createTrainer(withBatch(config), undefined, options) };
  }
  const config = withBatch((await readModelDir(source)).config);
  return {
    config,
    trainer: async (options) => {
      const { model, metadata } = await readModelDir(source);
      return resumeTrainer(config, { model, step: typeof metadata.steps === 'number' ? metadata.steps : 0 }, undefined, options);
    },
  };
}

/** The median ms of `steps` training steps after a warm-up, and every timed step's metrics; disposes the trainer. */
export async function timeSteps(trainer: Trainer, steps: number): Promise<{ msPerStep: number; metrics: StepMetrics[] }> {
  const times: number[] = [];
  const metrics: StepMetrics[] = [];
  try {
    for (let i = 0; i < WARMUP + steps; i++) {
      const started = performance.now();
      const step = await trainer.step();
      if (i < WARMUP) continue;
      times.push(performance.now() - started);
      metrics.push(step);
    }
  } finally {
    trainer.dispose();
  }
  times.sort((a, b) => a - b);
  return { msPerStep: times[times.length >> 1], metrics };
}
