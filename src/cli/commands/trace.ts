import { encodeConfig } from '../../config/codec';
import { evaluationRng } from '../../core/evaluate';
import { tracePonder } from '../../core/trace';
import { ponderSettingsFor } from '../../core/trainer';
import { backendFlag, startBackend } from '../backend';
import { defineCommand } from '../command';
import { dataFlag } from '../data';
import { printLine } from '../output';
import { modelDirFlag, withSavedModel } from '../savedModel';

export const traceCommand = defineCommand({
  name: 'trace',
  summary: 'Run a saved model on fresh sequences and print its pondering, step by step, as JSON.',
  flags: {
    model: modelDirFlag,
    n: { kind: 'int', placeholder: 'N', min: 1, default: 4, help: 'Number of sequences' },
    seed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the stream (the evaluation stream)' },
    backend: { ...backendFlag, help: 'TF.js backend (default wasm)' },
    data: dataFlag,
  },
  details: () =>
    [
      'Prints {config, seed, sequences}: per sequence {length, difficulty, inputs, targets, targetMask, logits,',
      'ponder}, where ponder[t][unit] = {steps N, remainder R, halting h^1..h^N, probability p^1..p^N (sum 1),',
      'cumulative, outputs}. ponder[t] has one unit (or one per layer with ponderMode=layer); empty without ACT.',
    ].join('\n'),
  async run(flags) {
    await startBackend(flags.backend, 'auto');
    await withSavedModel(flags.model, flags.data, async ({ model, config, task, data }) => {
      const batch = task.generate(config, flags.n, evaluationRng(flags.seed), data?.heldOut);
      const sequences = await tracePonder(model, batch, ponderSettingsFor(config));
      printLine(JSON.stringify({ config: encodeConfig(config), seed: flags.seed, sequences }));
    });
  },
});
