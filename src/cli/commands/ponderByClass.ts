import { heldOutBytes } from '../../worker/heldOutClasses';
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
      const records = await heldOutBytes(model, task, config, data!, flags.n, flags.seed);
      printLine(`${flags.n} held-out windows of ${config.window} bytes, model ${flags.model}`);
      printLine(classTable(records));
    });
  },
});
