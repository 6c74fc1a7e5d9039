import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { ActModel } from './model';
import { Rng } from './random';
import { loadModel, modelSpecOf, saveModel } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** model.json's config as written before halting methods existed (the `act` key, τ/ε/M always present). */
const oldConfig = (act: 0 | 1) =>
  `v=1&task=parity&cell=gru&hidden=8&layers=1&act=${act}&ponderMode=stack&tau=0.001&eps=0.01&maxSteps=20&lr=0.01&batch=128&clip=10&seed=1&backend=auto&bits=6&layout=random`;

describe('models saved before halting methods', () => {
  for (const [act, halting] of [[1, 'act'], [0, 'none']] as const) {
    it(`load with act=${act} as halting=${halting}, with the same weights`, async () => {
      const { config } = parseConfig(oldConfig(act));
      const model = new ActModel(modelSpecOf(config), new Rng(4));
      const { json, weights } = await saveModel(model, config);
      const old = { ...json, modelTopology: { ...json.modelTopology, config: oldConfig(act) } };
      const loaded = loadModel(JSON.parse(JSON.stringify(old)), weights);
      expect(loaded.config.halting).toBe(halting);
      const names = loaded.model.variables.map(({ name }) => name);
      expect(names.includes('halting/kernel')).toBe(act === 1);
      // With ACT the cell reads the flag: its input kernel has one row more.
      const kernel = loaded.model.variables.find(({ name }) => name === 'layer0/gru/input_kernel');
      expect(kernel?.variable.shape[0]).toBe(6 + act);
      for (const [index, { variable }] of loaded.model.variables.entries()) {
        expect([...variable.dataSync()]).toEqual([...model.variables[index].variable.dataSync()]);
      }
      loaded.model.dispose();
      model.dispose();
    });
  }
});
