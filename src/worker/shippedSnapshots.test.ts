/**
 * Every snapshot shipped in public/models/ loads into a run of the preset it was trained for, and its
 * recorded held-out numbers (written by `train --eval N --save`) come out again from a seeded evaluation.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, withPreset } from '../config/schema';
import { initBackend } from '../core/backend';
import { evaluate, type Evaluation } from '../core/evaluate';
import { loadModel } from '../run/engine';
import { getTask } from '../tasks/registry';
import { SHIPPED_SNAPSHOTS, snapshotFolder, type ShippedSnapshot } from './taskSnapshots';
import { snapshotStart } from './wikiSnapshot';

const MODELS = fileURLToPath(new URL('../../public/models/', import.meta.url));
const ENWIK8 = fileURLToPath(new URL('../../data/enwik8/', import.meta.url));
const shipped = readdirSync(MODELS).filter((name) => existsSync(join(MODELS, name, 'model.json')));
/** The Wikipedia snapshot (its own loader, wikiService.ts) and the algorithmic tasks'. */
const ALL_SNAPSHOTS: readonly ShippedSnapshot[] = [{ task: 'wiki', preset: 'quick' }, ...SHIPPED_SNAPSHOTS];
const filesOf = (name: string) => ({
  json: JSON.parse(readFileSync(join(MODELS, name, 'model.json'), 'utf8')) as unknown,
  weights: new Uint8Array(readFileSync(join(MODELS, name, 'weights.bin'))).buffer,
});

beforeAll(async () => {
  await initBackend('wasm'); // the CLI's backend, which recorded the numbers
});

describe('shipped snapshots', () => {
  it('are the Wikipedia one and those in SHIPPED_SNAPSHOTS, each fitting a run of its preset', () => {
    expect(shipped.sort()).toEqual(ALL_SNAPSHOTS.map(snapshotFolder).sort());
    for (const snapshot of ALL_SNAPSHOTS) {
      const { resume } = snapshotStart(filesOf(snapshotFolder(snapshot)), withPreset(defaultConfig(snapshot.task), snapshot.preset));
      resume.model.dispose();
    }
  });

  for (const snapshot of ALL_SNAPSHOTS) {
    const name = snapshotFolder(snapshot);
    const needsText = getTask(snapshot.task).needsData === true;
    it.skipIf(needsText && !existsSync(join(ENWIK8, 'valid.bin')))(`${name}: its recorded held-out numbers reproduce`, async () => {
      const { json, weights } = filesOf(name);
      const { model, config, metadata } = loadModel(json, weights);
      const recorded = metadata.evaluation as Evaluation;
      const data = needsText ? { train: new Uint8Array(0), heldOut: readFileSync(join(ENWIK8, 'valid.bin')), source: ENWIK8 } : undefined;
      const seed = typeof metadata.evalSeed === 'number' ? metadata.evalSeed : 1;
      const again = await evaluate(model, getTask(config.task), config, { sequences: recorded.count, seed, data, whole: metadata.evalWhole === true });
      model.dispose();
      expect(again.count).toBe(recorded.count);
      expect(again.seqError).toBeCloseTo(recorded.seqError, 3);
      expect(again.ponder).toBeCloseTo(recorded.ponder, 3);
      expect(again.bitsPerTarget).toBeCloseTo(recorded.bitsPerTarget, 3);
      expect(again.byDifficulty.map((row) => row.count)).toEqual(recorded.byDifficulty.map((row) => row.count));
      expect(tf.memory().numTensors).toBeLessThan(10);
    }, 300_000);
  }
});
