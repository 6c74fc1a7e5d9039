import { evaluationRng } from '../../core/evaluate';
import type { HostBatch } from '../../core/types';
import { getTask } from '../../tasks/registry';
import { defineCommand } from '../command';
import { PRESET_FLAG, describeConfigKeys, resolveConfig } from '../config';
import { dataFlag, loadTaskData } from '../data';
import { printLine } from '../output';

/**
 * Sequences are generated in batches of this many, as evaluate() does by default: `sample --n N --seed S` prints
 * exactly the sequences that `eval --n N --seed S` scores.
 */
const CHUNK = 256;

export interface SampleLine {
  /** [steps][inputSize] */
  input: number[][];
  /** [steps][targetWidth] */
  target: number[][];
  /** [steps]: 1 where the step's target counts. */
  mask: number[];
  difficulty: number;
}

/** Sequence b of a batch: only its real steps (stepMask 1), exact values. */
function sequenceOf(batch: HostBatch, b: number): SampleLine {
  const line: SampleLine = { input: [], target: [], mask: [], difficulty: batch.difficulty[b] };
  for (let t = 0; t < batch.steps; t++) {
    const row = t * batch.batch + b;
    if (batch.stepMask[row] === 0) continue;
    line.input.push(Array.from(batch.inputs.subarray(row * batch.inputSize, (row + 1) * batch.inputSize)));
    line.target.push(Array.from(batch.targets.subarray(row * batch.targetWidth, (row + 1) * batch.targetWidth)));
    line.mask.push(batch.targetMask[row]);
  }
  return line;
}

export const sampleCommand = defineCommand({
  name: 'sample',
  summary: 'Print generated sequences of a task as JSON lines, to check the data with another program.',
  flags: {
    config: { kind: 'string', placeholder: 'CFG', default: '', help: 'Config string (the task and its options matter)' },
    preset: PRESET_FLAG,
    n: { kind: 'int', placeholder: 'N', min: 1, default: 4, help: 'Number of sequences' },
    seed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the stream (the evaluation stream: eval and trace see the same data)' },
    data: dataFlag,
  },
  details: () =>
    [
      'Each line: {input: [steps][inputSize], target: [steps][targetWidth], mask: [steps], difficulty}, only the',
      'sequence\'s real steps; mask is 1 where the target counts. Values are exact (float32 as JSON numbers).',
      '',
      describeConfigKeys(),
    ].join('\n'),
  async run(flags) {
    const config = resolveConfig(flags.config, flags.preset);
    const task = getTask(config.task);
    const data = await loadTaskData(task, flags.data);
    const rng = evaluationRng(flags.seed);
    for (let done = 0; done < flags.n; done += CHUNK) {
      const batch = task.generate(config, Math.min(CHUNK, flags.n - done), rng, data?.heldOut);
      for (let b = 0; b < batch.batch; b++) printLine(JSON.stringify(sequenceOf(batch, b)));
    }
  },
});
