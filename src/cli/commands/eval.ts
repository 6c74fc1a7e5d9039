import { encodeConfig } from '../../config/codec';
import { evaluate } from '../../core/evaluate';
import { backendFlag, startBackend } from '../backend';
import { defineCommand } from '../command';
import { dataFlag } from '../data';
import { formatEvaluation } from '../evaluationTable';
import { printLine } from '../output';
import { modelDirFlag, withSavedModel } from '../savedModel';

export const evalCommand = defineCommand({
  name: 'eval',
  summary: 'Evaluate a saved model on fresh sequences: sequence error and ponder, overall and by difficulty.',
  flags: {
    model: modelDirFlag,
    n: { kind: 'int', placeholder: 'N', min: 1, default: 1000, help: 'Number of sequences' },
    seed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the evaluation stream' },
    json: { kind: 'bool', help: 'Print one JSON object: {config, seed, evaluation}' },
    backend: { ...backendFlag, help: 'TF.js backend (default wasm)' },
    data: dataFlag,
  },
  async run(flags) {
    await startBackend(flags.backend, 'auto');
    await withSavedModel(flags.model, flags.data, async ({ model, config, task, data }) => {
      const evaluation = await evaluate(model, task, config, { sequences: flags.n, seed: flags.seed, data });
      if (flags.json) printLine(JSON.stringify({ config: encodeConfig(config), seed: flags.seed, evaluation }));
      else printLine(`config ${encodeConfig(config)}\nseed   ${flags.seed}\n\n${formatEvaluation(evaluation, task.difficultyLabel)}`);
    });
  },
});
