import { encodeConfig, keysNeedingReset, parseConfig } from '../../config/codec';
import { LIVE_KEYS, liveSettingsOf } from '../../config/liveSettings';
import type { Config } from '../../config/schema';
import type { Evaluation } from '../../core/evaluate';
import { evaluate } from '../../core/evaluate';
import type { StepMetrics, Trainer } from '../../core/trainer';
import { getTask } from '../../tasks/registry';
import { backendFlag, startBackend, threadsFlag } from '../backend';
import { UsageError } from '../args';
import { defineCommand } from '../command';
import { PRESET_FLAG, describeConfigKeys, resolveConfig } from '../config';
import { dataFlag, loadTaskData } from '../data';
import { formatEvaluation } from '../evaluationTable';
import { writeModelDir } from '../io';
import { printError, printLine } from '../output';
import { tableRow } from '../table';
import type { TrainSummary } from '../trainOutput';
import { createTrainer, modelSpecOf, restoreTrainer } from '../../run/engine';
import { startGradientWorkers, splitBatchFlag } from '../gradientWorkers';
import { guardResources, resourceCheckFlag } from '../resources';
import type { SavedRun } from '../runState';
import { RUN_STATE_DIR, readRunState, writeRunState } from '../runState';

const COLUMNS = ['step', 'loss', 'taskLoss', 'seqError', 'bits/target', 'ponder', 'gradNorm', 'ms/step'] as const;
const rowOf = (m: StepMetrics) => [m.step, m.loss, m.taskLoss, m.seqError, m.bitsPerTarget, m.ponder, m.gradNorm, m.msPerStep];

/**
 * The saved run's config, with the settings `text` changes on top — only those a running training takes (lr, τ,
 * the ponder budget…): anything else would need a new model.
 */
function resumedConfig(saved: SavedRun, text: string): Config {
  const savedConfig = resolveConfig(saved.state.model.modelTopology.config);
  if (text === '') return savedConfig;
  const { config, problems } = parseConfig(text, savedConfig);
  if (problems.length > 0) throw new UsageError(`--config has problems: ${problems.map((p) => `${p.key}=${p.value}: ${p.reason}`).join('; ')}`, false);
  const needNewModel = keysNeedingReset(savedConfig, config);
  if (needNewModel.length > 0) {
    throw new UsageError(`--resume can change only settings that apply while training (${LIVE_KEYS.join(', ')}); ${needNewModel.join(', ')} would need a new model`, false);
  }
  return config;
}

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
    checkpointEvery: { kind: 'int', placeholder: 'K', min: 1, help: `With --save DIR: every K steps and at the end, write the model and the run's whole state (DIR/${RUN_STATE_DIR}/: Adam's moments, the data position, τ, the streams) so that --resume can continue it` },
    resume: { kind: 'bool', help: `Continue the run saved in --save DIR (its ${RUN_STATE_DIR}/ state) up to --steps steps in all, exactly as if it had never stopped; the config is the saved run's, and --config may change only settings that apply while training (e.g. "lr=0.0003": a schedule by hand)` },
    eval: { kind: 'int', placeholder: 'N', min: 1, help: 'Evaluate on N fresh sequences after training' },
    evalSeed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the evaluation stream' },
    evalEvery: { kind: 'int', placeholder: 'K', min: 1, help: 'With --eval N: also evaluate on the N held-out sequences every K steps (learning curves at equal steps or equal training time)' },
    evalWhole: { kind: 'bool', help: 'Tasks that read text: evaluate (after training, and every --eval-every K steps) on the whole held-out split in consecutive windows instead of --eval N windows at random places' },
    backend: backendFlag,
    threads: threadsFlag,
    splitBatch: splitBatchFlag,
    data: dataFlag,
    ignoreResources: resourceCheckFlag,
  },
  details: () =>
    [
      'With --json: lines {step, loss, taskLoss, seqError, bitsPerTarget, ponder, gradNorm, msPerStep, curriculum?}, then',
      '{summary: true, steps, config, final, evaluation?, wallSeconds, backend}.',
      'With --eval-every K: every K steps a line {heldOut: true, step, trainSeconds, evaluation}; trainSeconds is the',
      'wall time spent training so far, without the time of these evaluations (or of checkpoints; summed over resumes).',
      'A resumed run logs and evaluates at the same steps as one that never stopped; its summary has resumedFrom,',
      'and its wallSeconds and trainSeconds count the time before the resume too.',
      'loss = L + tau*P, both summed over the time steps of a sequence and averaged over the batch;',
      'bitsPerTarget = L per target, in bits (on text: the batch\'s bits per character).',
      'curriculum: the task options a curriculum has changed (e.g. copy\'s copyMaxLength); --eval uses them too.',
      'Also per line: updates (cell updates run per ponder unit, summed over the input steps) and work (the same in whole',
      'batches: on WASM and CPU, ACT computes an update only on the rows still running).',
      '',
      describeConfigKeys(),
    ].join('\n'),
  async run(flags) {
    const evaluates = flags.eval !== undefined || flags.evalWhole;
    if (flags.evalEvery !== undefined && !evaluates) throw new UsageError('--eval-every needs --eval N (how many held-out sequences to evaluate) or --eval-whole');
    if ((flags.checkpointEvery !== undefined || flags.resume) && flags.save === undefined) throw new UsageError('--checkpoint-every and --resume need --save DIR (where the run state is kept)');
    if (flags.resume && flags.preset !== undefined) throw new UsageError('--resume continues the saved run with its own config: leave out --preset');
    const saved: SavedRun | undefined = flags.resume ? await readRunState(flags.save!) : undefined;
    if (saved && saved.state.step >= flags.steps) throw new UsageError(`the run in ${flags.save} is at step ${saved.state.step} already: ask for more --steps`);
    const config = saved ? resumedConfig(saved, flags.config) : resolveConfig(flags.config, flags.preset);
    const data = await loadTaskData(getTask(config.task), flags.data);
    const backend = await startBackend(flags.backend, config.backend, flags.threads);
    guardResources(config, backend.name, flags.ignoreResources);
    if (flags.splitBatch > 1 && backend.name !== 'wasm' && backend.name !== 'cpu') throw new UsageError(`--split-batch runs on the wasm and cpu backends, not ${backend.name}`);
    const shards = flags.splitBatch > 1 ? await startGradientWorkers(flags.splitBatch - 1, modelSpecOf(config), backend.name) : [];
    const started = performance.now();
    let trainer: Trainer;
    try {
      trainer = saved ? restoreTrainer(saved.state, data, { shards }) : createTrainer(config, data, { shards });
      if (saved) trainer.updateLive(liveSettingsOf(config));
    } catch (error) {
      shards.forEach((shard) => shard.dispose());
      throw error;
    }
    const firstStep = trainer.stepCount + 1;
    try {
      if (!flags.json) {
        printLine(`config  ${encodeConfig(config)}\nbackend ${backend.name} (${backend.detail})\n`);
        if (saved) printLine(`resumed at step ${saved.state.step} from ${flags.save}\n`);
        printLine(tableRow(COLUMNS));
      }
      let last: StepMetrics | undefined;
      let curriculum = '';
      let warnedShards = false;
      const evaluateNow = () => evaluate(trainer.model, trainer.task, trainer.taskConfig, { sequences: flags.eval ?? 0, seed: flags.evalSeed, data, whole: flags.evalWhole });
      // Training time without the interval evaluations and checkpoints, so that runs compare at equal training time.
      let pausedSeconds = 0;
      const trainSecondsNow = () => (saved?.progress.trainSeconds ?? 0) + (performance.now() - started) / 1000 - pausedSeconds;
      const wallSecondsNow = () => (saved?.progress.wallSeconds ?? 0) + (performance.now() - started) / 1000;
      const progress = () => ({ trainSeconds: trainSecondsNow(), wallSeconds: wallSecondsNow() });
      const paused = async <T>(work: () => Promise<T>): Promise<T> => {
        const pauseStarted = performance.now();
        const result = await work();
        pausedSeconds += (performance.now() - pauseStarted) / 1000;
        return result;
      };
      const checkpoint = () => paused(async () => {
        await writeModelDir(flags.save!, trainer.model, config, { steps: trainer.stepCount, final: last });
        await writeRunState(flags.save!, trainer, progress());
      });
      for (let i = firstStep; i <= flags.steps; i++) {
        last = await trainer.step();
        if (trainer.split.failure && !warnedShards) {
          warnedShards = true;
          printError(`warning: ${trainer.split.failure}; from step ${i} on every batch is computed whole, on one thread`);
        }
        const changes = Object.entries(last.curriculum ?? {}).map(([key, value]) => `${key}=${value}`).join('&');
        if (!flags.json && changes !== curriculum) printLine(`curriculum from step ${i}: ${changes}`);
        curriculum = changes;
        if (i % flags.logEvery === 0 || i === flags.steps) printLine(flags.json ? JSON.stringify(last) : tableRow(rowOf(last)));
        if (flags.evalEvery !== undefined && i % flags.evalEvery === 0 && i < flags.steps) {
          const trainSeconds = trainSecondsNow();
          const heldOut = await paused(evaluateNow);
          printLine(flags.json
            ? JSON.stringify({ heldOut: true, step: i, trainSeconds, evaluation: heldOut })
            : `held-out at step ${i} (${trainSeconds.toFixed(1)} s of training): ${formatEvaluation(heldOut, trainer.task)}`);
        }
        if (flags.checkpointEvery !== undefined && i % flags.checkpointEvery === 0 && i < flags.steps) await checkpoint();
      }
      const trainSeconds = trainSecondsNow();
      if (flags.checkpointEvery !== undefined || saved) await writeRunState(flags.save!, trainer, progress());
      const evaluation: Evaluation | undefined = evaluates ? await evaluateNow() : undefined;
      const summary: TrainSummary = {
        summary: true,
        steps: flags.steps,
        config: encodeConfig(config),
        final: last!,
        ...(evaluation ? { evaluation } : {}),
        wallSeconds: wallSecondsNow(),
        ...(flags.evalEvery !== undefined ? { trainSeconds } : {}),
        backend: backend.name,
        ...(saved ? { resumedFrom: saved.state.step } : {}),
      };
      if (flags.save !== undefined) {
        const drawn = flags.evalWhole ? { evalWhole: true } : { evalSeed: flags.evalSeed };
        await writeModelDir(flags.save, trainer.model, config, { steps: summary.steps, final: summary.final, evaluation, ...drawn, wallSeconds: summary.wallSeconds });
      }
      if (flags.json) {
        printLine(JSON.stringify(summary));
      } else {
        printLine(`\n${flags.steps} steps in ${summary.wallSeconds.toFixed(1)} s`);
        if (evaluation) printLine(`\nevaluation (${flags.evalWhole ? 'the whole held-out split' : `seed ${flags.evalSeed}`}): ${formatEvaluation(evaluation, trainer.task)}`);
        if (flags.save !== undefined) printLine(`\nsaved to ${flags.save}`);
      }
    } finally {
      trainer.dispose();
      shards.forEach((shard) => shard.dispose());
    }
  },
});
