import { encodeConfig } from '../../config/codec';
import { probeTruncation, summarizeProbes } from '../../core/adaptiveTruncation';
import { evaluationRng } from '../../core/evaluate';
import { ponderSettingsFor } from '../../core/objective';
import { backendFlag, startBackend } from '../backend';
import { UsageError } from '../args';
import { defineCommand } from '../command';
import { dataFlag } from '../data';
import { printLine } from '../output';
import { modelDirFlag, withSavedModel } from '../savedModel';

/** δ when the saved model was trained without adaptive truncation. */
const DEFAULT_DELTA = 0.1;

export const tbpttProbeCommand = defineCommand({
  name: 'tbptt-probe',
  summary: 'Probe how a saved model\'s gradient decays with lag and the truncation K that δ chooses (adaptive TBPTT).',
  flags: {
    model: modelDirFlag,
    delta: { kind: 'numbers', placeholder: 'δ', help: `Tolerated relative bias (default: the model's tbpttDelta, else ${DEFAULT_DELTA})` },
    seed: { kind: 'int', placeholder: 'S', min: 0, default: 1, help: 'Seed of the probe windows (drawn from the evaluation stream)' },
    backend: { ...backendFlag, help: 'TF.js backend (default wasm)' },
    data: dataFlag,
  },
  details: () =>
    [
      'Prints one JSON object {"phi": [φ_0, φ_1, …], "beta": β̂, "K": K̂, "delta": δ, …}: φ_k = ‖∂loss_T/∂s_{T−1−k}‖, the',
      'gradient of the last step\'s loss with respect to the whole state k steps earlier, averaged over the probes\'',
      'windows (batch rows) and over the task\'s probes (5 for wiki, 1 for delaycopy, as the reference); β̂ = exp(OLS',
      'slope of log φ̄); K̂ the mean of the probes\' K, clipped to the task\'s range (the trainer\'s rule). Also tau, the',
      'per-probe K values and noDecay (β̂ ≥ 1: K goes to its maximum).',
      'Held-out text for the Wikipedia task; fresh streams for delaycopy.',
    ].join('\n'),
  async run(flags) {
    const deltas = flags.delta ?? [];
    if (deltas.length > 1 || deltas.some((value) => !(value > 0 && value < 1))) throw new UsageError('--delta takes one number between 0 and 1');
    await startBackend(flags.backend, 'auto');
    await withSavedModel(flags.model, flags.data, async ({ model, config, task, data }) => {
      if (!task.stream) throw new Error(`${task.label} is made of separate sequences; truncation applies to stream tasks (wiki, delaycopy).`);
      const delta = deltas[0] ?? (config.tbpttDelta > 0 ? config.tbpttDelta : DEFAULT_DELTA);
      const update = await probeTruncation(model, task.dims(config).head, task.stream, config, {
        rows: config.batch,
        delta,
        rng: evaluationRng(flags.seed),
        settings: ponderSettingsFor(config),
        bytes: data?.heldOut,
      });
      const { phi, logBeta, K, tau, probeK, noDecay } = summarizeProbes(update, delta, 0);
      printLine(JSON.stringify({ phi, beta: Math.exp(logBeta), K, delta, tau, probeK, noDecay, config: encodeConfig(config) }));
    });
  },
});
