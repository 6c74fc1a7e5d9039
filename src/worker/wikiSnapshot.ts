/**
 * Pretrained snapshots, in public/models/<folder>/ (model.json + weights.bin, written by `npm run cli -- train …
 * --save public/models/<folder>`; commands and numbers in docs/results.md; the folders in taskSnapshots.ts):
 * fetched once, then a new model from it per run, provided it has the shape and task settings the run asks for.
 */
import { CONFIG_KEYS, SCHEMA, type Config, type ConfigKey } from '../config/schema';
import { liveSettingsOf } from '../config/liveSettings';
import type { ModelSpec } from '../core/model';
import type { LiveSettings, ResumeParts } from '../core/trainer';
import { getHaltingMethod } from '../core/halting/registry';
import { curriculumChanges } from '../core/taskOptions';
import { getTask } from '../tasks/registry';
import type { Fetcher } from './wikiData';
import { fetchBytes } from './wikiData';
import { WEIGHTS_FILE, loadModel, modelSpecOf } from '../run/engine';

/** Where a snapshot is served, relative to the app: its folder in public/models/. */
export const snapshotPath = (folder: string): string => `models/${folder}/`;

export interface SnapshotFiles {
  json: unknown;
  weights: ArrayBuffer;
}

/** model.json and weights.bin of the snapshot in public/models/<folder>/; throws saying which is missing or unreadable. */
export async function fetchSnapshot(fetcher: Fetcher, base: URL, folder = 'wiki-act'): Promise<SnapshotFiles> {
  const jsonUrl = new URL(`${snapshotPath(folder)}model.json`, base);
  const [jsonBytes, weights] = await Promise.all([
    fetchBytes(fetcher, jsonUrl),
    fetchBytes(fetcher, new URL(`${snapshotPath(folder)}${WEIGHTS_FILE}`, base)),
  ]);
  try {
    return { json: JSON.parse(new TextDecoder().decode(jsonBytes)), weights: weights.slice().buffer };
  } catch {
    throw new Error(`${jsonUrl.pathname} is not JSON`);
  }
}

/** E.g. "LSTM, 128 units, 1 layer, with ACT". */
export function describeSpec(spec: ModelSpec): string {
  const method = getHaltingMethod(spec.halting);
  const layers = spec.layers === 1 ? '1 layer' : `${spec.layers} layers${method.flag ? ` (${spec.ponderMode === 'layer' ? 'each ponders' : 'pondering as one'})` : ''}`;
  // The halting unit's starting bias shapes how a net learns to ponder; named when it is not the paper's +1.
  const bias = method.haltingUnit && spec.haltBias !== undefined && spec.haltBias !== 1 ? `, halting bias ${String(spec.haltBias).replace('-', '−')}` : '';
  return `${spec.cell.toUpperCase()}, ${spec.hidden} units, ${layers}, ${method.flag ? `with ${method.label}` : 'without pondering'}${bias}`;
}

/** E.g. "trained 3,000 steps with the CLI (τ 0.0001, lr 0.01); then 0.4% error, ponder 2.52 on 1,000 held-out sequences". */
export function describeTraining(metadata: Record<string, unknown>, config: Config): string {
  const stepCount = typeof metadata.steps === 'number' ? metadata.steps : undefined;
  const steps = stepCount !== undefined ? `${stepCount.toLocaleString('en-US')} steps` : 'an unknown number of steps';
  // τ and the ponder budget are ACT's: a model that does not ponder (or ponders by another method) had none.
  const budget = config.ponderTarget > 0 ? `, ponder budget ${config.ponderTarget}` : '';
  const margin = config.haltMargin > 0 ? ` beyond |z| ${config.haltMargin}` : '';
  const logitPenalty = config.haltPenalty > 0 ? `, halting-logit penalty ${config.haltPenalty}${margin}` : '';
  const warmup = config.tauWarmup > 0 ? ` reached over ${config.tauWarmup.toLocaleString('en-US')} steps` : '';
  // The halting threshold ε, where it is not the paper's 0.01.
  const threshold = config.eps !== SCHEMA.eps.default ? `, ε ${config.eps}` : '';
  const penalty = config.halting === 'act' ? `τ ${config.tau}${warmup}${budget}${logitPenalty}${threshold}, ` : '';
  const regularisers = `${config.weightDecay > 0 ? `, weight decay ${config.weightDecay}` : ''}${config.dropout > 0 ? `, output dropout ${config.dropout}` : ''}`;
  const halving = config.lrHalfLife > 0 ? ` halving every ${config.lrHalfLife.toLocaleString('en-US')} steps` : '';
  const how = `(${penalty}lr ${config.lr}${halving}${regularisers}, seed ${config.seed})`;
  const raised = Object.entries(curriculumChanges(getTask(config.task), config, stepCount ?? 0));
  // E.g. "; a curriculum: training non-zero at most 1 → 8" (each task option the curriculum changed, by its label).
  const curriculum = raised.length > 0 ? `; a curriculum: ${raised.map(([key, to]) => `${lowerFirst(SCHEMA[key as ConfigKey].label)} ${String(config[key as ConfigKey])} → ${String(to)}`).join(', ')}` : '';
  const evaluation = metadata.evaluation as { bitsPerTarget?: unknown; seqError?: unknown; ponder?: unknown; count?: unknown } | undefined;
  let result = '';
  if (config.task === 'wiki' && typeof evaluation?.bitsPerTarget === 'number') {
    result = `; then ${evaluation.bitsPerTarget.toFixed(2)} bits per character ${metadata.evalWhole === true ? 'on the whole held-out split' : 'held out'}`;
  } else if (typeof evaluation?.seqError === 'number' && typeof evaluation.ponder === 'number') {
    const count = typeof evaluation.count === 'number' ? ` on ${evaluation.count.toLocaleString('en-US')} held-out sequences` : ' held out';
    result = `; then ${(evaluation.seqError * 100).toFixed(1)}% sequence error, ponder ${evaluation.ponder.toFixed(2)}${count}`;
  }
  return `trained ${steps} with the CLI ${how}${curriculum}${result}`;
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** The settings of the task that a snapshot and a run must share besides the model's shape (e.g. logic's gates). */
function taskSettingsDiffer(saved: Config, wanted: Config): ConfigKey[] {
  return CONFIG_KEYS.filter((key) => (SCHEMA[key] as { task?: string }).task === wanted.task && saved[key] !== wanted[key]);
}

/**
 * Where a run from the snapshot continues its training: at the snapshot's step, so that a learning-rate schedule
 * and a curriculum go on from there instead of starting over (Start on a sort snapshot from step 0 took it from
 * 3.3% to 15% held-out error in 100 steps; docs/results.md), and — with the same ponder budget and starting τ — at
 * the τ the budget had moved it to. The optimizer's moments are not shipped: Adam starts afresh.
 */
function continuation(metadata: Record<string, unknown>, saved: Config, config: Config): Omit<ResumeParts, 'model'> {
  const step = typeof metadata.steps === 'number' && Number.isInteger(metadata.steps) && metadata.steps >= 0 ? metadata.steps : 0;
  const finalTau = (metadata.final as { tau?: unknown } | undefined)?.tau;
  const sameBudget = config.halting === 'act' && config.ponderTarget > 0 && config.ponderTarget === saved.ponderTarget && config.tau === saved.tau;
  return sameBudget && typeof finalTau === 'number' && Number.isFinite(finalTau) ? { step, tau: finalTau } : { step };
}

/** What a run from a snapshot starts with. */
export interface SnapshotStart {
  resume: ResumeParts;
  /** How it was trained, in words. */
  description: string;
  /**
   * The settings it was trained with that a run may change while it runs (lr, τ, dropout, …). Start continues
   * under the page's; the page names those that differ and offers these instead.
   */
  trainedWith: LiveSettings;
}

/** A run with `config` from the snapshot: its model and where its training continues; throws saying why it does not fit. */
export function snapshotStart(files: SnapshotFiles, config: Config): SnapshotStart {
  const { model, metadata, config: saved } = loadModel(files.json, files.weights);
  const wanted = modelSpecOf(config);
  if (JSON.stringify(model.spec) !== JSON.stringify(wanted)) {
    model.dispose();
    throw new Error(`it is ${describeSpec(model.spec)}; these settings ask for ${describeSpec(wanted)}`);
  }
  const differ: ConfigKey[] = saved.task === config.task ? taskSettingsDiffer(saved, config) : ['task'];
  if (differ.length > 0) {
    model.dispose();
    throw new Error(`it was trained with ${differ.map((key) => `${key}=${String(saved[key])}`).join(', ')}; these settings have ${differ.map((key) => `${key}=${String(config[key])}`).join(', ')}`);
  }
  return {
    resume: { model, ...continuation(metadata, saved, config) },
    description: `the pretrained snapshot (${describeSpec(model.spec)}), ${describeTraining(metadata, saved)}`,
    trainedWith: liveSettingsOf(saved),
  };
}
