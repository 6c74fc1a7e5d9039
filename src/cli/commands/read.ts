import { readFile } from 'node:fs/promises';
import { backendFlag, startBackend } from '../backend';
import { UsageError } from '../args';
import { classTable, readBytes, requireCharacterModel } from '../byteReading';
import { defineCommand } from '../command';
import { printLine } from '../output';
import { modelDirFlag, withSavedModel } from '../savedModel';

export const readCommand = defineCommand({
  name: 'read',
  summary: 'A saved character model reads a text file: ponder, loss and entropy per byte, or by character class.',
  flags: {
    model: modelDirFlag,
    text: { kind: 'string', placeholder: 'FILE', required: true, help: 'Any file; its bytes are read in windows of the model\'s training length' },
    json: { kind: 'bool', help: 'One JSON object per byte instead of the table by character class' },
    backend: { ...backendFlag, help: 'TF.js backend (default wasm)' },
  },
  details: () =>
    [
      'With --json: one line per byte of FILE, {"byte": 0-255, "ponder": N, "loss": bits, "entropy": bits}, where',
      'ponder is the updates N the model made on reading the byte, loss = -log2 p(next byte) (null for the last',
      'byte) and entropy is that of the prediction of the next byte. The state is reset every window (as in',
      'training and in the page\'s reading panel). Without --json: bits per character, mean ponder, and count,',
      'mean ponder and mean loss per character class.',
    ].join('\n'),
  async run(flags) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(flags.text));
    } catch (error) {
      throw new UsageError(`cannot read --text ${flags.text}: ${error instanceof Error ? error.message : String(error)}`, false);
    }
    if (bytes.length === 0) throw new UsageError(`--text ${flags.text} is empty: there is nothing to read`, false);
    await startBackend(flags.backend, 'auto');
    await withSavedModel(flags.model, null, async ({ model, config, task }) => {
      requireCharacterModel(task, flags.model);
      const records = await readBytes(model, config, bytes);
      if (!flags.json) {
        printLine(classTable(records));
        return;
      }
      const lines = Array.from(bytes, (byte, i) => JSON.stringify({ byte, ponder: records.ponder[i], loss: records.loss[i], entropy: records.entropy[i] }));
      printLine(lines.join('\n'));
    });
  },
});
