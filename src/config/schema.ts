import type { EnumField, Field, FieldMap, ValuesOf } from './fields';
import { fieldCells } from './fields';
import type { PresetName, PresetValues } from './presets';
import { TASK_IDS, TASKS } from '../tasks/registry';
import { parityTask } from '../tasks/parity';
import { logicTask } from '../tasks/logic';
import { additionTask } from '../tasks/addition';
import { sortTask } from '../tasks/sort';
import { wikiTask } from '../tasks/wiki';
import { copyTask } from '../tasks/copy';
import { addingTask } from '../tasks/adding';
import { argmaxTask } from '../tasks/argmax';
import { CELL_IDS } from '../core/cells/registry';
import { dncPlugin } from '../core/cells/dnc/dnc';
import { HALTING_IDS, HALTING_METHODS } from '../core/halting/registry';
import { actMethod } from '../core/halting/act';
import { ponderNetMethod } from '../core/halting/pondernet';
import { repeatMethod } from '../core/halting/repeat';
import { delayCopyTask } from '../tasks/delayCopy';
import { alstmPlugin } from '../core/cells/alstm/alstm';
import { samPlugin } from '../core/cells/sam/sam';
import { sdncPlugin } from '../core/cells/sdnc/sdnc';

/**
 * Bumped when a key changes meaning or a task's quick preset changes; written into every hash as `v`. Version 2:
 * the logic quick preset gained a ponder budget (see QUICK_PRESETS_BEFORE), and stacked aLSTM layers thread their
 * adaptation state (adaptThread, see DEFAULTS_BEFORE). Version 3: the Wikipedia quick preset gained τ 0.01 and the
 * halting-logit penalty (haltPenalty). Version 4: the Wikipedia quick preset became an LSTM 256 on batches of 32 at
 * lr 0.01, and the addition quick preset's τ went from 0.1 to 0.03 (the shipped snapshots' recipes). Version 5: the
 * parity quick preset's halting bias went from +1 to −1.5 (its snapshot's recipe). Version 6: the parity quick
 * preset's learning rate halves every 2,000 steps (lrHalfLife; constant before). Version 7: the parity quick preset's
 * τ went from 1e-4 to 3e-3, reached over a warm-up of 4,000 steps (tauWarmup, a key added then). Version 8: the sort
 * quick preset became its snapshot's recipe (τ 0.003 over a 5,000-step warm-up, halting-logit penalty 0.001, lr
 * halving every 5,000 steps; τ 0.01 and none of these before). Version 9: the Wikipedia quick preset's learning rate
 * halves every 5,000 steps and it trains with output dropout 0.3 (its snapshot's late settings; constant, none before).
 * Version 10: the sort quick preset halts at ε 0.2 (0.01 before), its snapshot's recipe. Version 11: the sort quick
 * preset halts at ε 0.25 (the spike at the end of the input in 7 seeds of 7, against 6 of 7 at 0.2), its snapshot's recipe.
 * Version 12: the logic quick preset became 10 vectors of up to 6 gates with a ponder budget of 5 (3 vectors of up
 * to 3 gates and a budget of 4 before), a task that the same LSTM without pondering does not learn in as many steps.
 * Version 13: the parity quick preset became 10 bits under a curriculum on the non-zero count (one more every 1,000
 * steps), the halting-logit penalty 1e-4, a halting bias of −2 and lr halving every 6,000 steps (8 bits, none of
 * these, −1.5 and 2,000 before): the ponder rise kept in 19 seeds of 24 against 6 of 12.
 * Version 14: the logic quick preset became 10 vectors of up to 10 gates on batches of 128 at lr 0.006 with a ponder
 * budget of 5.5 (up to 6 gates, batches of 32, lr 0.003 and a budget of 5 before): ≤ 5% error within 10 minutes on 2
 * cores over 3 seeds, where the same LSTM without pondering stays above 30%.
 */
export const SCHEMA_VERSION = 14;

/**
 * The Wikipedia quick preset before version 3. Its lr moved from 3e-3 to 0.02 late in version 2 without a bump;
 * every link carries lr, so only a hand-written link naming just the task differs: version 1 reads 3e-3, 2 reads 0.02.
 */
const WIKI_QUICK_V2 = { window: 100, cell: 'lstm', hidden: 128, batch: 16, lr: 0.02, maxSteps: 10 };
const WIKI_QUICK_V3 = { ...WIKI_QUICK_V2, tau: 0.01, haltPenalty: 0.001 };
/** The Wikipedia quick preset of versions 4 to 8 (a constant learning rate, no dropout). */
const WIKI_QUICK_V8 = { ...WIKI_QUICK_V3, hidden: 256, batch: 32, lr: 0.01 };
/** The parity quick preset of versions 1 to 4 (the halting bias at its default +1; −1.5 since). */
const PARITY_QUICK_V4 = { bits: 8, layout: 'random', cell: 'rnn', hidden: 64, batch: 128, lr: 0.01, maxSteps: 20, tau: 0.0001 };
/** The parity quick preset of version 5 (a constant learning rate; halving every 2,000 steps since). */
const PARITY_QUICK_V5 = { ...PARITY_QUICK_V4, haltBias: -1.5 };
/** The parity quick preset of version 6 (τ 1e-4 from the first step; 3e-3 after a warm-up since). */
const PARITY_QUICK_V6 = { ...PARITY_QUICK_V5, lrHalfLife: 2000 };
/** The parity quick preset of versions 7 to 12 (8 bits, no curriculum; 10 bits with one since). */
const PARITY_QUICK_V12 = { ...PARITY_QUICK_V6, tau: 0.003, tauWarmup: 4000 };
/** The sort quick preset of versions 1 to 7 (τ 0.01 from the start, no halting-logit penalty, a constant learning rate). */
const SORT_QUICK_V7 = { minCount: 2, maxCount: 5, cell: 'lstm', hidden: 128, batch: 32, lr: 0.003, maxSteps: 20, tau: 0.01 };
/** The sort quick preset of versions 8 and 9 (ε at its default 0.01; 0.2 in version 10). */
const SORT_QUICK_V9 = { ...SORT_QUICK_V7, tau: 0.003, tauWarmup: 5000, haltPenalty: 0.001, lrHalfLife: 5000 };
/** The sort quick preset of version 10 (ε 0.2; 0.25 since). */
const SORT_QUICK_V10 = { ...SORT_QUICK_V9, eps: 0.2 };
/** The logic quick preset of versions 2 to 11 (3 vectors of up to 3 gates, a ponder budget of 4). */
const LOGIC_QUICK_V11 = { logicLength: 3, maxGates: 3, cell: 'lstm', hidden: 64, batch: 32, lr: 0.003, maxSteps: 10, tau: 0.01, ponderTarget: 4, ponderRate: 0.003 };
/** The logic quick preset of versions 12 and 13 (10 vectors of up to 6 gates, batches of 32, a budget of 5). */
const LOGIC_QUICK_V13 = { logicLength: 10, maxGates: 6, cell: 'lstm', hidden: 64, batch: 32, lr: 0.003, maxSteps: 10, tau: 0.01, ponderTarget: 5, ponderRate: 0.003, trainGates: 0, gatesEvery: 0 };
/** The addition quick preset of versions 1 to 3 (τ 0.1). */
const ADDITION_QUICK_V3 = { addLength: 3, maxDigits: 2, cell: 'lstm', hidden: 128, batch: 32, lr: 0.003, maxSteps: 20, tau: 0.1 };

/**
 * The quick presets as they were in earlier schema versions, where they differ from today's. A link or saved run
 * of version v reads its missing keys from the quick preset of version v, so a key added later (which the link
 * could not carry) keeps the value it had then: e.g. a version-1 logic link has no ponderTarget and means "no
 * budget", not the budget of later versions. When a quick preset changes, bump SCHEMA_VERSION (and the v= that
 * e2e/playground.test.ts expects) and record the old one here.
 */
const QUICK_PRESETS_BEFORE: Record<number, Record<string, PresetValues>> = {
  1: { logic: { logicLength: 3, maxGates: 3, cell: 'lstm', hidden: 64, batch: 32, lr: 0.001, maxSteps: 20 }, wiki: { ...WIKI_QUICK_V2, lr: 0.003 }, addition: ADDITION_QUICK_V3, parity: PARITY_QUICK_V4, sort: SORT_QUICK_V7 },
  2: { logic: LOGIC_QUICK_V11, wiki: WIKI_QUICK_V2, addition: ADDITION_QUICK_V3, parity: PARITY_QUICK_V4, sort: SORT_QUICK_V7 },
  3: { logic: LOGIC_QUICK_V11, wiki: WIKI_QUICK_V3, addition: ADDITION_QUICK_V3, parity: PARITY_QUICK_V4, sort: SORT_QUICK_V7 },
  4: { logic: LOGIC_QUICK_V11, wiki: WIKI_QUICK_V8, parity: PARITY_QUICK_V4, sort: SORT_QUICK_V7 },
  5: { logic: LOGIC_QUICK_V11, wiki: WIKI_QUICK_V8, parity: PARITY_QUICK_V5, sort: SORT_QUICK_V7 },
  6: { logic: LOGIC_QUICK_V11, wiki: WIKI_QUICK_V8, parity: PARITY_QUICK_V6, sort: SORT_QUICK_V7 },
  7: { logic: LOGIC_QUICK_V11, wiki: WIKI_QUICK_V8, parity: PARITY_QUICK_V12, sort: SORT_QUICK_V7 },
  8: { logic: LOGIC_QUICK_V11, wiki: WIKI_QUICK_V8, parity: PARITY_QUICK_V12, sort: SORT_QUICK_V9 },
  9: { logic: LOGIC_QUICK_V11, parity: PARITY_QUICK_V12, sort: SORT_QUICK_V9 },
  10: { logic: LOGIC_QUICK_V11, parity: PARITY_QUICK_V12, sort: SORT_QUICK_V10 },
  11: { logic: LOGIC_QUICK_V11, parity: PARITY_QUICK_V12 },
  12: { logic: LOGIC_QUICK_V13, parity: PARITY_QUICK_V12 },
  13: { logic: LOGIC_QUICK_V13 },
};

/**
 * Defaults of keys added since an earlier schema version, where that version's behaviour differs from today's
 * default: a version-1 link or saved run of a stacked aLSTM was made before its layers threaded z, so its
 * weights have the unthreaded shapes and it means adaptThread = false.
 */
const DEFAULTS_BEFORE: Record<number, Partial<Record<ConfigKey, unknown>>> = {
  1: { adaptThread: false },
};

/** The schema versions a link may carry. */
export const KNOWN_SCHEMA_VERSIONS: readonly number[] = [...Object.keys(QUICK_PRESETS_BEFORE).map(Number), SCHEMA_VERSION];

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** The methods that have a halting unit, and those that update more than once per input step. */
const WITH_HALTING_UNIT = HALTING_METHODS.filter((method) => method.haltingUnit).map((method) => method.id);
const PONDERING = HALTING_METHODS.filter((method) => method.flag).map((method) => method.id);

const taskField: EnumField = {
  kind: 'enum', values: TASK_IDS, default: 'parity', group: 'task', resets: true,
  label: 'Task', help: 'Which of the paper\'s experiments to train on.',
};

/**
 * The settings every run has. Task options come from the task plug-ins (see SCHEMA below).
 * τ convention: the task loss of a sequence is SUMMED over its time steps (and over output units), as is the
 * ponder cost P = Σ_t (N(t) + R(t)); both are then averaged over the batch. τ values are thus comparable
 * with the paper's grid.
 */
export const CORE_FIELDS = {
  task: taskField,
  cell: {
    kind: 'enum', values: CELL_IDS, default: 'rnn', group: 'model', resets: true,
    label: 'Cell', help: 'Recurrent cell (cells/registry.ts): tanh RNN, GRU, LSTM, and the cells that plug in there.',
  },
  hidden: {
    kind: 'int', min: 1, max: 2048, default: 64, group: 'model', resets: true,
    label: 'Hidden units', help: 'State size of each layer.',
  },
  layers: {
    kind: 'int', min: 1, max: 4, default: 1, group: 'model', resets: true,
    label: 'Layers', help: 'Stacked recurrent layers.',
  },
  halting: {
    kind: 'enum', values: HALTING_IDS, default: 'act', group: 'act', resets: true,
    label: 'Halting',
    help: 'How long to think (halting/): act = Adaptive Computation Time; pondernet = PonderNet; repeat = exactly ρ updates per input step; none = one update, no flag (the baseline). The old key act=1/act=0 means act/none.',
  },
  ponderMode: {
    kind: 'enum', values: ['stack', 'layer'], default: 'stack', group: 'act', resets: true, halting: PONDERING,
    label: 'What ponders',
    help: 'stack: the whole stack ponders as one, with one halting unit over all layers\' state (the paper). layer: each layer ponders on its own.',
  },
  eps: {
    kind: 'float', min: 0.001, max: 0.5, default: 0.01, scale: 'log', group: 'act', resets: false, halting: WITH_HALTING_UNIT,
    label: 'Halting threshold ε',
    help: 'Pondering stops once the halting units (ACT) or the halting probabilities (PonderNet) sum to at least 1 − ε (PonderNet paper: 0.05).',
  },
  maxSteps: {
    kind: 'int', min: 1, max: 100, default: 20, group: 'act', resets: false, halting: WITH_HALTING_UNIT,
    label: 'Max ponder steps M', help: 'Hard limit on updates per input step (paper: 100; addition: 20).',
  },
  haltBias: {
    kind: 'float', min: -10, max: 10, default: 1, scale: 'linear', group: 'act', resets: true, halting: WITH_HALTING_UNIT,
    label: 'Initial halting bias',
    help: 'The halting unit\'s bias at the start: +1 in the ACT paper (σ(1) ≈ 0.73, about 2 updates at first); negative values start with long pondering.',
  },
  evalMaxSteps: {
    kind: 'int', min: 0, max: 1000, default: 0, group: 'act', resets: false, halting: WITH_HALTING_UNIT,
    label: 'Max ponder steps in evaluation',
    help: 'M for evaluations (does pondering extrapolate beyond the training M?). 0: the training M.',
  },
  lr: {
    kind: 'float', min: 1e-6, max: 0.1, default: 0.001, scale: 'log', group: 'training', resets: false,
    label: 'Learning rate', help: 'Adam step size (paper: 1e-4).',
  },
  lrHalfLife: {
    kind: 'int', min: 0, max: 10_000_000, default: 0, group: 'training', resets: false,
    label: 'Learning-rate half-life',
    help: 'Steps over which the learning rate halves: step s trains at lr × 2^(−s / this), counted from step 0, so a resumed run continues its schedule. 0: a constant learning rate.',
  },
  batch: {
    kind: 'int', min: 1, max: 1024, default: 128, group: 'training', resets: true,
    label: 'Batch size', help: 'Sequences per training step.',
  },
  clip: {
    kind: 'float', min: 0, max: 1000, default: 10, scale: 'log', group: 'training', resets: false,
    label: 'Gradient clip', help: 'Clip the global gradient norm to this value (0: no clipping).',
  },
  weightDecay: {
    kind: 'float', min: 0, max: 1, default: 0, scale: 'linear', group: 'training', resets: false,
    label: 'Weight decay',
    help: 'Decoupled weight decay (AdamW): every step each weight matrix shrinks by learning rate × this × itself; biases are not decayed. 0: none. A regulariser for a model that learns its training data by heart (e.g. Wikipedia text).',
  },
  dropout: {
    kind: 'float', min: 0, max: 0.9, default: 0, scale: 'linear', group: 'training', resets: false,
    label: 'Output dropout',
    help: 'Training only: each unit the top layer hands the output head is zeroed with this probability (the rest scaled by 1/(1 − p)), with a fresh seeded mask every step. 0: none. Evaluations and traces never drop.',
  },
  tbptt: {
    kind: 'int', min: 0, max: 500, default: 0, group: 'training', resets: true,
    label: 'Truncation K (streaming)',
    help: '0: every sequence starts from a zero state. K > 0 (stream tasks: wiki, delaycopy): batch parallel streams, the state carried between steps without gradient; each step trains K new steps of every stream in a window of 2K − 1, so every loss term backpropagates at least K steps (Aicher et al. 2019). With tbpttDelta, the starting K.',
  },
  tbpttDelta: {
    kind: 'float', min: 0, max: 0.99, default: 0, scale: 'linear', group: 'training', resets: true, dependsOn: 'tbptt',
    label: 'Adaptive truncation δ',
    help: '0: K stays at tbptt. δ > 0: K is re-estimated during training as the smallest K whose estimated relative gradient bias is below δ (Aicher et al. 2019).',
  },
  seed: {
    kind: 'int', min: 0, max: 4294967295, default: 1, group: 'run', resets: true,
    label: 'Seed', help: 'Seeds the initial weights and the data: the same seed gives the same run on the same backend.',
  },
  backend: {
    kind: 'enum', values: BACKENDS, default: 'auto', group: 'run', resets: true,
    label: 'Backend',
    help: 'auto: WebGPU on a real GPU adapter, else WebGL on a hardware renderer, else WASM, else CPU.',
  },
} as const satisfies FieldMap;

/**
 * The one schema: core fields plus every task's, every cell's and every halting method's options (a plug-in
 * with options adds its spread here, next to its registry line).
 */
export const SCHEMA = {
  ...CORE_FIELDS,
  ...actMethod.options,
  ...ponderNetMethod.options,
  ...repeatMethod.options,
  ...parityTask.options,
  ...logicTask.options,
  ...additionTask.options,
  ...sortTask.options,
  ...wikiTask.options,
  ...dncPlugin.options,
  ...copyTask.options,
  ...addingTask.options,
  ...argmaxTask.options,
  ...delayCopyTask.options,
  ...alstmPlugin.options,
  ...samPlugin.options,
  ...sdncPlugin.options,
} as const satisfies FieldMap;

export type ConfigKey = keyof typeof SCHEMA;
export type Config = ValuesOf<typeof SCHEMA>;

export const CONFIG_KEYS = Object.keys(SCHEMA) as ConfigKey[];

export { PRESET_NAMES, type PresetName } from './presets';

/**
 * A task's preset applied on top of a config (presets are validated against the schema by the tests). A name
 * the task has no preset of changes nothing (the CLI refuses it first, the UI offers only the task's own).
 * The training settings (live keys) that another of the task's presets sets and this one does not go back to the
 * schema's defaults, so that a preset's recipe is not left over from the one before: on the paper's sizes and
 * learning rate, the parity quick preset's lr halving every 2,000 steps would leave lr 1e-4 at nothing long before
 * the paper's 100,000s of steps; copy's paper clip of 50 is not its quick or SAM recipe. Values that only size or
 * shape the model and task stay where the preset does not name them, and so do settings no preset names.
 */
export function withPreset(config: Config, preset: PresetName): Config {
  const presets: Partial<Record<PresetName, Record<string, unknown>>> = TASKS.find((candidate) => candidate.id === config.task)?.presets ?? {};
  const values = presets[preset];
  if (!values) return config;
  const othersRecipe = new Set(Object.values(presets).flatMap((other) => Object.keys(other ?? {})).filter((key) => !(key in values) && !SCHEMA[key as ConfigKey].resets));
  return { ...config, ...Object.fromEntries([...othersRecipe].map((key) => [key, SCHEMA[key as ConfigKey].default])), ...values } as Config;
}

/**
 * What a fresh run of a task starts from: the schema's defaults with the task's quick preset on top, so that
 * every task starts at a size that learns visibly within minutes.
 */
export function defaultConfig(task: string = SCHEMA.task.default, version: number = SCHEMA_VERSION): Config {
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) out[key] = SCHEMA[key].default;
  if (TASK_IDS.includes(task)) out.task = task;
  Object.assign(out, version === SCHEMA_VERSION ? {} : DEFAULTS_BEFORE[version]);
  const earlierQuick = version === SCHEMA_VERSION ? undefined : QUICK_PRESETS_BEFORE[version]?.[task];
  return earlierQuick !== undefined ? ({ ...out, ...earlierQuick } as Config) : withPreset(out as Config, 'quick');
}

/** The keys that matter for a config: the core ones and the options of its own task, cell and halting method. */
export function relevantKeys(config: Pick<Config, 'task' | 'cell' | 'halting'>): ConfigKey[] {
  return CONFIG_KEYS.filter((key) => ownerMismatch(key, config) === undefined);
}

/**
 * Why a setting has no effect on a config although it applies to it — the setting it refines (its `dependsOn`) is
 * 0, e.g. "no effect while Ponder budget is 0" — or undefined when it acts.
 */
export function idleBecause(key: ConfigKey, config: Config): string | undefined {
  const governing = (SCHEMA[key] as Field).dependsOn as ConfigKey | undefined;
  if (governing === undefined || Number(config[governing]) !== 0) return undefined;
  return `no effect while ${SCHEMA[governing].label} is 0`;
}

/** Why a key does not apply to a config (it belongs to another task, cell or halting method), or undefined when it does. */
export function ownerMismatch(key: ConfigKey, config: Pick<Config, 'task' | 'cell' | 'halting'>): string | undefined {
  const field: Field = SCHEMA[key];
  const cells = fieldCells(field);
  if (field.task !== undefined && field.task !== config.task) {
    return `applies only to task=${field.task} (this config has task=${config.task})`;
  }
  if (cells.length > 0 && !cells.includes(config.cell)) {
    return `applies only to cell=${cells.join(' or ')} (this config has cell=${config.cell})`;
  }
  if (field.halting !== undefined && !field.halting.includes(config.halting)) {
    return `applies only to halting=${field.halting.join(' or ')} (this config has halting=${config.halting})`;
  }
  return undefined;
}


export { TASKS };
