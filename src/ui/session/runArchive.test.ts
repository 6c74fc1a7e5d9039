import * as tf from '@tensorflow/tfjs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeConfig } from '../../config/codec';
import { Trainer } from '../../core/trainer';
import { CURVE_COLUMNS, CURVE_WIDTH } from '../../worker/protocol';
import { SMALL_RUN } from '../../worker/serviceHarness';
import { CurveBuffer } from '../data/curveBuffer';
import { readRunFiles, runArchive } from './runArchive';
import type { SavedRun } from './savedRun';
import { createTrainer, exportTrainerState, restoreTrainer } from '../../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const losses = async (trainer: Trainer, steps: number) => {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await trainer.step()).loss);
  return out;
};

async function trainedRun(): Promise<{ run: SavedRun; trainer: Trainer }> {
  const trainer = createTrainer(SMALL_RUN);
  const buffer = new CurveBuffer(CURVE_WIDTH, 4);
  for (let i = 0; i < 3; i++) {
    const metrics = await trainer.step();
    buffer.push(CURVE_COLUMNS.map((column) => metrics[column]));
  }
  const evaluation = { count: 8, seqError: 0.5, ponder: 1.5, taskLoss: 0.7, bitsPerTarget: 0, byDifficulty: [{ difficulty: 1, count: 8, seqError: 0.5, ponder: 1.5 }] };
  const state = await exportTrainerState(trainer);
  const run = { savedAt: 1_700_000_000_000, link: encodeConfig(SMALL_RUN), historyId: 'abc-1', state, curves: buffer.dump(), evaluations: [{ step: 3, final: true, evaluation }] };
  return { run, trainer };
}

const files = (archive: Uint8Array) => unzipSync(archive);
const rezip = (entries: Record<string, Uint8Array>) => zipSync(entries);

describe('run archive', () => {
  it('round-trips a run through one .zip or its loose files, and the read run continues exactly', async () => {
    const { run, trainer } = await trainedRun();
    const archive = runArchive(run, '{"schema":"metrics"}');
    const read = readRunFiles([{ name: 'run.zip', bytes: archive }]);
    expect({ ...read, state: null }).toEqual({ ...run, state: null });
    expect(new Uint8Array(read.state.weights)).toEqual(new Uint8Array(run.state.weights));
    const loose = Object.entries(files(archive)).map(([name, bytes]) => ({ name, bytes }));
    expect(readRunFiles(loose).state.step).toBe(3);

    const restored = restoreTrainer(read.state);
    expect(await losses(restored, 2)).toEqual(await losses(trainer, 2));
    restored.dispose();
    trainer.dispose();
  });

  it('says clearly what is wrong with a truncated, incomplete or damaged run', async () => {
    const { run, trainer } = await trainedRun();
    trainer.dispose();
    const archive = runArchive(run, '{}');
    const entries = files(archive);
    const cases: Array<[Uint8Array, RegExp]> = [
      [archive.slice(0, archive.length - 200), /run\.zip is not a readable \.zip \(it may be truncated or damaged\)/],
      [rezip({ ...entries, 'optimizer.bin': undefined! }), /optimizer\.bin is missing/],
      [rezip({ ...entries, 'trainer.json': entries['trainer.json'].slice(0, 40) }), /trainer\.json is not valid JSON \(it may be truncated\)/],
      [rezip({ ...entries, 'trainer.json': strToU8('{"format":"something/else"}') }), /not an ACT Playground trainer state/],
      [rezip({ ...entries, 'trainer.json': strToU8(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(entries['trainer.json'])), curves: { width: 7 } })) }), /trainer\.json is damaged: .*curves/],
      [rezip({ ...entries, 'trainer.json': strToU8(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(entries['trainer.json'])), link: 'task=<script>' })) }), /settings are not valid here/],
    ];
    for (const [bytes, message] of cases) expect(() => readRunFiles([{ name: 'run.zip', bytes }])).toThrow(message);
  });
});
