/**
 * `npx tsx bench/speculationRatio.ts [steps] [config]`: cell updates per training step of the speculative unroll
 * (what WebGPU runs) over the read-back mode, the same run on the CPU backend in Node (the trajectories are
 * identical, so the update counts are what WebGPU would compute). Discarded attempts count.
 */
import * as tf from '@tensorflow/tfjs';
import { parseConfig } from '../src/config/codec';
import { createTrainer } from '../src/run/engine';
import type { UnrollPredictorOptions } from '../src/core/speculation';
import { TINY_CONFIG } from './configs';

async function updatesPerStep(text: string, steps: number, ponderUnroll: 'readback' | 'speculative', unroll?: UnrollPredictorOptions): Promise<{ updates: number; redos: number }> {
  const trainer = createTrainer(parseConfig(text).config, undefined, { ponderUnroll, unroll });
  let updates = 0;
  let redos = 0;
  for (let i = 0; i < steps; i++) {
    const metrics = await trainer.step();
    if (i === 0) continue; // the first speculative step unrolls to M: nothing is known yet
    updates += metrics.updates.reduce((a, b) => a + b, 0);
    redos += metrics.redos ?? 0;
  }
  trainer.dispose();
  return { updates: updates / (steps - 1), redos };
}

const MEMORIES = (process.env.MEMORIES ?? '16').split(',').map(Number);
const MARGIN = Number(process.env.MARGIN ?? 0);
const QUANTILE = Number(process.env.QUANTILE ?? 1);

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const steps = Number(process.argv[2] ?? 200);
  const text = process.argv[3] ?? TINY_CONFIG.text;
  const readback = await updatesPerStep(text, steps, 'readback');
  for (const memory of MEMORIES) {
    const speculative = await updatesPerStep(text, steps, 'speculative', { memory, margin: MARGIN, quantile: QUANTILE });
    console.log(`${text}, steps 2..${steps}: read-back ${readback.updates.toFixed(2)} updates/step, speculative (memory ${memory}, margin ${MARGIN}, quantile ${QUANTILE}) ${speculative.updates.toFixed(2)} (${speculative.redos} redone): ${(speculative.updates / readback.updates).toFixed(3)}×`);
  }
}

void main();
