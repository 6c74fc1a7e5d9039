import { evaluationRng } from '../../core/evaluate';
import { tracePonder } from '../../core/trace';
import { ponderSettingsFor } from '../../core/trainer';
import { predictionOf } from '../../worker/wikiReading';
import { backendFlag, startBackend } from '../backend';
import { classTable, requireCharacterModel } from '../byteReading';
import { defineCommand } from '../command';
import { dataFlag } from '../data';
import { printLine } from '../output';
import { modelDirFlag, withSavedModel } from '../savedModel';

export const ponderByClassCommand = defineCommand({
  name: 'ponder-by-class',
  summary: 'Mean ponder and loss by character class of a saved character model on fresh held-out windows.',
  flags: {
    model: modelDirFlag,
    n: { kind: 'int', placeholder: 'N', min: 1, default: 64, help: 'Held-out windows (of the model\'s training length)' },
    seed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the evaluation stream' },
    backend: { ...backendFlag, help: 'TF.js backend (default wasm)' },
    data: dataFlag,
  },
  details: () =>
    [
      'Reads N windows from the evaluation stream of the validation split (as `eval` does) and prints bits per',
      'character, mean ponder, and a Markdown table: per character class, bytes, mean ponder N, mean loss (bits).',
      'For a text file of your own: `read --model DIR --text FILE` (the same table) or with --json (per byte).',
    ].join('\n'),
  async run(flags) {
    await startBackend(flags.backend, 'auto');
    await withSavedModel(flags.model, flags.data, async ({ model, config, task, data }) => {
      requireCharacterModel(task, flags.model);
      const batch = task.generate(config, flags.n, evaluationRng(flags.seed), data!.heldOut);
      const traces = await tracePonder(model, batch, ponderSettingsFor(config));
      const bytes: number[] = [];
      const ponder: number[] = [];
      const loss: number[] = [];
      for (const sequence of traces) {
        sequence.inputs.forEach((oneHot, t) => {
          bytes.push(oneHot.indexOf(1));
          ponder.push(sequence.ponder[t][0]?.steps ?? 1);
          loss.push(predictionOf(sequence.logits[t], sequence.targets[t][0], 1).loss);
        });
      }
      printLine(`${traces.length} held-out windows of ${config.window} bytes, model ${flags.model}`);
      printLine(classTable({ bytes: Uint8Array.from(bytes), ponder, loss }));
    });
  },
});
