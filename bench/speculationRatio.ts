/**
 * `npx tsx bench/speculationRatio.ts [steps] [config]`: cell updates per training step of the speculative unroll
 * (what WebGPU runs) over the read-back mode, the same run on the CPU backend in Node (the trajectories are
 * identical, so the update counts are what WebGPU would compute). Every update computed counts, those a cut
 * threw away included; env MEMORIES, MARGIN, QUANTILE, CUT_COST and GROWTH tune the predictor.
 */
import * as tf from '@tensorflow/tfjs';
import { parseConfig } from '../src/config/codec';
import { createTrainer } from '../src/run/engine';
import type { UnrollPredictorOptions } from '../src/core/speculation';
import { TINY_CONFIG } from './configs';

async function updatesPerStep(text: string, steps: number, ponderUnroll: 'readback' | 'speculative', unroll?: UnrollPredictorOptions): Promise<{ updates: number; cuts: number }> {
  const trainer = createTrainer(parseConfig(text).config, undefined, { ponderUnroll, unroll });
  let updates = 0;
  let cuts = 0;
  for (let i = 0; i < steps; i++) {
    const metrics = await trainer.step();
    if (i === 0) continue; // the first speculative step unrolls to M: nothing is known yet
    updates += metrics.updates.reduce((a, b) => a + b, 0);
    cuts += metrics.cuts ?? 0;
  }
  trainer.dispose();
  return { updates: updates / (steps - 1), cuts };
}

const MEMORIES = (process.env.MEMORIES ?? '16').split(',').map(Number);
const MARGIN = Number(process.env.MARGIN ?? 0);
const QUANTILE = process.env.QUANTILE === undefined ? undefined : Number(process.env.QUANTILE);
const CUT_COST = Number(process.env.CUT_COST ?? 4);
const GROWTH = Number(process.env.GROWTH ?? 2);

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const steps = Number(process.argv[2] ?? 200);
  const text = process.argv[3] ?? TINY_CONFIG.text;
  const readback = await updatesPerStep(text, steps, 'readback');
  for (const memory of MEMORIES) {
    const speculative = await updatesPerStep(text, steps, 'speculative', { memory, margin: MARGIN, quantile: QUANTILE, cutCost: CUT_COST, growth: GROWTH });
    console.log(`${text}, steps 2..${steps}: read-back ${readback.updates.toFixed(2)} updates/step, speculative (memory ${memory}, margin ${MARGIN}, ${QUANTILE === undefined ? `cut cost ${CUT_COST}` : `quantile ${QUANTILE}`}, growth ${GROWTH}) ${speculative.updates.toFixed(2)} (${speculative.cuts} cut short): ${(speculative.updates / readback.updates).toFixed(3)}×`);
  }
}

void main();
