import { writeFile } from 'node:fs/promises';
import { ponderAlongSequenceChart } from '../../charts/ponderAlongSequence';
import { encodeConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import type { HostBatch } from '../../core/types';
import { isRefusal, probeBatch } from '../../tasks/probe';
import type { Task } from '../../tasks/task';
import { UsageError } from '../args';
import { evaluationRng } from '../../core/evaluate';
import { tracePonder } from '../../core/trace';
import { ponderSettingsFor } from '../../core/objective';
import { backendFlag, startBackend } from '../backend';
import { defineCommand } from '../command';
import { dataFlag } from '../data';
import { printLine } from '../output';
import { renderChart } from '../svg';
import { formatPonderByStep, ponderByStep } from '../ponderByStep';
import { modelDirFlag, withSavedModel } from '../savedModel';

/** The input's batch, through the task's own probe (the page's "Ask the network"); what it cannot represent is a usage error. */
function probedBatch(task: Task, config: Config, text: string): HostBatch {
  if (!task.probe) throw new UsageError(`the ${task.id} task takes no input made by hand`, false);
  const input = task.probe.parse(config, text);
  const batch = isRefusal(input) ? input : probeBatch(task.probe, config, input);
  if (isRefusal(batch)) throw new UsageError(`--input: ${batch.error}`, false);
  return batch;
}

export const traceCommand = defineCommand({
  name: 'trace',
  summary: 'Run a saved model on fresh sequences and print its pondering, step by step, as JSON.',
  flags: {
    model: modelDirFlag,
    n: { kind: 'int', placeholder: 'N', min: 1, default: 4, help: 'Number of sequences' },
    seed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the stream (the evaluation stream)' },
    backend: { ...backendFlag, help: 'TF.js backend (default wasm)' },
    data: dataFlag,
    input: {
      kind: 'string',
      placeholder: 'TEXT',
      help: "Trace this input made by hand instead of fresh sequences, written as the link's in= part (e.g. +-0+0000 for 8-bit parity, 07,45,3 for addition)",
    },
    'by-step': {
      kind: 'bool',
      help: 'Instead of the JSON: mean N at each step by difficulty, and the last input step against the input steps before it (sort: the paper\'s spike)',
    },
    svg: {
      kind: 'string',
      placeholder: 'FILE',
      help: 'With --by-step: also write that figure as an SVG file (the chart of the page\'s "Ponder along the sequence" panel)',
    },
  },
  details: () =>
    [
      'Prints {config, seed, sequences}: per sequence {length, difficulty, inputs, targets, targetMask, logits,',
      'ponder}, where ponder[t][unit] = {steps N, remainder R, halting h^1..h^N, probability p^1..p^N (sum 1),',
      'cumulative, outputs}. ponder[t] has one unit (or one per layer with ponderMode=layer); empty without ACT.',
      'With --by-step, a table instead: the input steps are the unscored ones before the first scored step.',
    ].join('\n'),
  async run(flags) {
    await startBackend(flags.backend, 'auto');
    await withSavedModel(flags.model, flags.data, async ({ model, config, task, data }) => {
      if (flags.svg !== undefined && !flags['by-step']) throw new UsageError('--svg writes the --by-step figure: add --by-step', false);
      if (flags['by-step'] && config.halting === 'none') throw new UsageError('--by-step: this model does not ponder (halting=none): there is no N to show', false);
      const batch = flags.input === undefined ? task.generate(config, flags.n, evaluationRng(flags.seed), data?.heldOut) : probedBatch(task, config, flags.input);
      const sequences = await tracePonder(model, batch, ponderSettingsFor(config));
      if (!flags['by-step']) return printLine(JSON.stringify({ config: encodeConfig(config), seed: flags.seed, sequences }));
      const along = ponderByStep(sequences);
      if (flags.svg !== undefined) await writeFile(flags.svg, renderChart(ponderAlongSequenceChart(along, task.difficultyLabel)));
      printLine(`config ${encodeConfig(config)}\nseed   ${flags.seed}, ${sequences.length} sequences\n\n${formatPonderByStep(along, task.difficultyLabel)}`);
    });
  },
});
