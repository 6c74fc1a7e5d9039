import { encodeConfig } from '../../config/codec';
import { evaluate } from '../../core/evaluate';
import { backendFlag, startBackend } from '../backend';
import { defineCommand } from '../command';
import { dataFlag } from '../data';
import { formatEvaluation } from '../evaluationTable';
import { printLine } from '../output';
import { parseLengths } from '../lengths';
import { modelDirFlag, withSavedModel } from '../savedModel';
import { optionsAtStep } from '../../core/taskOptions';

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
    lengths: {
      kind: 'string', placeholder: 'A..B',
      help: 'Length tasks (copy, adding, argmax): N sequences at exactly each length, e.g. 1..50 or 5,10,50 (beyond training too)',
    },
    'per-difficulty': {
      kind: 'int', placeholder: 'K', min: 1,
      help: 'The by-difficulty rows from K sequences drawn at each difficulty of the range (the overall line stays the N sequences as the generator draws them); for tasks whose own draw leaves some difficulties nearly empty, e.g. logic',
    },
    whole: {
      kind: 'bool',
      help: 'Tasks that read text: the whole held-out split in consecutive windows, each from a zero state, instead of N at random places (--n and --seed are then not used)',
    },
  },
  details: () =>
    [
      'With --lengths, the table has one row per length and a column comparing it with the lengths the model was',
      'trained on (its config, with the curriculum at its saved step): "trained", or the length as a multiple of',
      'the longest trained one. --json then adds {lengths, trainedRange}.',
    ].join('\n'),
  async run(flags) {
    const lengths = flags.lengths === undefined ? undefined : parseLengths(flags.lengths);
    await startBackend(flags.backend, 'auto');
    await withSavedModel(flags.model, flags.data, async ({ model, config, task, data, steps }) => {
      const evaluation = await evaluate(model, task, config, { sequences: flags.n, seed: flags.seed, data, lengths, whole: flags.whole, perDifficulty: flags['per-difficulty'] });
      const trainedRange = lengths ? task.difficultyRange(optionsAtStep(task, config, steps)) : undefined;
      const drawn = flags.whole ? { whole: true } : { seed: flags.seed };
      if (flags.json) printLine(JSON.stringify({ config: encodeConfig(config), ...drawn, ...(lengths ? { lengths, trainedRange } : {}), evaluation }));
      else printLine(`config ${encodeConfig(config)}\n${flags.whole ? 'text   the whole held-out split' : `seed   ${flags.seed}`}\n\n${formatEvaluation(evaluation, task, trainedRange)}`);
    });
  },
});
