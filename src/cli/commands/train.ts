import { encodeConfig } from '../../config/codec';
import type { Evaluation } from '../../core/evaluate';
import { evaluate } from '../../core/evaluate';
import type { StepMetrics } from '../../core/trainer';
import { getTask } from '../../tasks/registry';
import { backendFlag, startBackend, threadsFlag } from '../backend';
import { UsageError } from '../args';
import { defineCommand } from '../command';
import { PRESET_FLAG, describeConfigKeys, resolveConfig } from '../config';
import { dataFlag, loadTaskData } from '../data';
import { formatEvaluation } from '../evaluationTable';
import { writeModelDir } from '../io';
import { printLine } from '../output';
import { tableRow } from '../table';
import type { TrainSummary } from '../trainOutput';
import { createTrainer } from '../../run/engine';
import { guardResources, resourceCheckFlag } from '../resources';

const COLUMNS = ['step', 'loss', 'taskLoss', 'seqError', 'ponder', 'gradNorm', 'ms/step'] as const;
const rowOf = (m: StepMetrics) => [m.step, m.loss, m.taskLoss, m.seqError, m.ponder, m.gradNorm, m.msPerStep];

export const trainCommand = defineCommand({
  name: 'train',
  summary: 'Train a model on a task and print its metrics as it learns.',
  flags: {
    config: { kind: 'string', placeholder: 'CFG', default: '', help: 'Config string, e.g. "task=parity&bits=8&act=1&tau=0.001"' },
    preset: PRESET_FLAG,
    steps: { kind: 'int', placeholder: 'N', min: 1, required: true, help: 'Training steps' },
    json: { kind: 'bool', help: 'One JSON object per logged step, then a summary object' },
    logEvery: { kind: 'int', placeholder: 'K', min: 1, default: 10, help: 'Log every K steps (the last step always)' },
    save: { kind: 'string', placeholder: 'DIR', help: 'Write the trained model to DIR/model.json and DIR/weights.bin' },
    eval: { kind: 'int', placeholder: 'N', min: 1, help: 'Evaluate on N fresh sequences after training' },
    evalSeed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the evaluation stream' },
    evalEvery: { kind: 'int', placeholder: 'K', min: 1, help: 'With --eval N: also evaluate on the N held-out sequences every K steps (learning curves at equal steps or equal training time)' },
    backend: backendFlag,
    threads: threadsFlag,
    data: dataFlag,
    ignoreResources: resourceCheckFlag,
  },
  details: () =>
    [
      'With --json: lines {step, loss, taskLoss, seqError, ponder, gradNorm, msPerStep, curriculum?}, then',
      '{summary: true, steps, config, final, evaluation?, wallSeconds, backend}.',
      'With --eval-every K: every K steps a line {heldOut: true, step, trainSeconds, evaluation}; trainSeconds is the',
      'wall time spent training so far, without the time of these evaluations.',
      'loss = L + tau*P, both summed over the time steps of a sequence and averaged over the batch.',
      'curriculum: the task options a curriculum has changed (e.g. copy\'s copyMaxLength); --eval uses them too.',
      '',
      describeConfigKeys(),
    ].join('\n'),
  async run(flags) {
    if (flags.evalEvery !== undefined && flags.eval === undefined) throw new UsageError('--eval-every needs --eval N (how many held-out sequences to evaluate)');
    const config = resolveConfig(flags.config, flags.preset);
    const data = await loadTaskData(getTask(config.task), flags.data);
    const backend = await startBackend(flags.backend, config.backend, flags.threads);
    guardResources(config, backend.name, flags.ignoreResources);
    const started = performance.now();
    const trainer = createTrainer(config, data);
    try {
      if (!flags.json) {
        printLine(`config  ${encodeConfig(config)}\nbackend ${backend.name} (${backend.detail})\n`);
        printLine(tableRow(COLUMNS));
      }
      let last: StepMetrics | undefined;
      let curriculum = '';
      const evaluateNow = () => evaluate(trainer.model, trainer.task, trainer.taskConfig, { sequences: flags.eval!, seed: flags.evalSeed, data });
      // Training time without the interval evaluations, so that runs compare at equal training time.
      let evaluationSeconds = 0;
      for (let i = 1; i <= flags.steps; i++) {
        last = await trainer.step();
        const changes = Object.entries(last.curriculum ?? {}).map(([key, value]) => `${key}=${value}`).join('&');
        if (!flags.json && changes !== curriculum) printLine(`curriculum from step ${i}: ${changes}`);
        curriculum = changes;
        if (i % flags.logEvery === 0 || i === flags.steps) printLine(flags.json ? JSON.stringify(last) : tableRow(rowOf(last)));
        if (flags.evalEvery !== undefined && i % flags.evalEvery === 0 && i < flags.steps) {
          const trainSeconds = (performance.now() - started) / 1000 - evaluationSeconds;
          const evaluationStarted = performance.now();
          const heldOut = await evaluateNow();
          evaluationSeconds += (performance.now() - evaluationStarted) / 1000;
          printLine(flags.json
            ? JSON.stringify({ heldOut: true, step: i, trainSeconds, evaluation: heldOut })
            : `held-out at step ${i} (${trainSeconds.toFixed(1)} s of training): ${formatEvaluation(heldOut, trainer.task.difficultyLabel)}`);
        }
      }
      const trainSeconds = (performance.now() - started) / 1000 - evaluationSeconds;
      const evaluation: Evaluation | undefined = flags.eval !== undefined ? await evaluateNow() : undefined;
      const summary: TrainSummary = {
        summary: true,
        steps: flags.steps,
        config: encodeConfig(config),
        final: last!,
        ...(evaluation ? { evaluation } : {}),
        wallSeconds: (performance.now() - started) / 1000,
        ...(flags.evalEvery !== undefined ? { trainSeconds } : {}),
        backend: backend.name,
      };
      if (flags.save !== undefined) {
        await writeModelDir(flags.save, trainer.model, config, { steps: summary.steps, final: summary.final, evaluation, evalSeed: flags.evalSeed, wallSeconds: summary.wallSeconds });
      }
      if (flags.json) {
        printLine(JSON.stringify(summary));
      } else {
        printLine(`\n${flags.steps} steps in ${summary.wallSeconds.toFixed(1)} s`);
        if (evaluation) printLine(`\nevaluation (seed ${flags.evalSeed}): ${formatEvaluation(evaluation, trainer.task.difficultyLabel)}`);
        if (flags.save !== undefined) printLine(`\nsaved to ${flags.save}`);
      }
    } finally {
      trainer.dispose();
    }
  },
});
