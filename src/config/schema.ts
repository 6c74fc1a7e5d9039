import type { EnumField, Field, FieldMap, ValuesOf } from './fields';
import { fieldCells } from './fields';
import { TASK_IDS, TASKS } from '../tasks/registry';
import { parityTask } from '../tasks/parity';
import { logicTask } from '../tasks/logic';
import { additionTask } from '../tasks/addition';
import { sortTask } from '../tasks/sort';
import { wikiTask } from '../tasks/wiki';
import { CELL_IDS } from '../core/cells/registry';
import { dncPlugin } from '../core/cells/dnc/dnc';
import { samPlugin } from '../core/cells/sam/sam';
import { sdncPlugin } from '../core/cells/sdnc/sdnc';

/** Bumped when a key changes meaning; written into every hash as `v`. */
export const SCHEMA_VERSION = 1;

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

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
  act: {
    kind: 'bool', default: true, group: 'act', resets: true,
    label: 'Adaptive computation time', help: 'Off: the plain cell, one update per input step, no flag (the baseline).',
  },
  ponderMode: {
    kind: 'enum', values: ['stack', 'layer'], default: 'stack', group: 'act', resets: true,
    label: 'What ponders',
    help: 'stack: the whole stack ponders as one, with one halting unit over all layers\' state (the paper). layer: each layer ponders on its own.',
  },
  tau: {
    kind: 'float', min: 0, max: 1, default: 0.001, scale: 'log', group: 'act', resets: false,
    label: 'Time penalty τ',
    help: 'Weight of the ponder cost. Loss = L + τ·P, both summed over the time steps of a sequence and averaged over the batch (the paper\'s convention).',
  },
  eps: {
    kind: 'float', min: 0.001, max: 0.5, default: 0.01, scale: 'log', group: 'act', resets: false,
    label: 'Halting threshold ε', help: 'Pondering stops once the halting units sum to at least 1 − ε.',
  },
  maxSteps: {
    kind: 'int', min: 1, max: 100, default: 20, group: 'act', resets: false,
    label: 'Max ponder steps M', help: 'Hard limit on updates per input step (paper: 100; addition: 20).',
  },
  lr: {
    kind: 'float', min: 1e-6, max: 0.1, default: 0.001, scale: 'log', group: 'training', resets: false,
    label: 'Learning rate', help: 'Adam step size (paper: 1e-4).',
  },
  batch: {
    kind: 'int', min: 1, max: 1024, default: 128, group: 'training', resets: true,
    label: 'Batch size', help: 'Sequences per training step.',
  },
  clip: {
    kind: 'float', min: 0, max: 1000, default: 10, scale: 'log', group: 'training', resets: false,
    label: 'Gradient clip', help: 'Clip the global gradient norm to this value (0: no clipping).',
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
 * The one schema: core fields plus every task's and every cell's options (a cell plug-in with options adds
 * its spread here, next to its registry line).
 */
export const SCHEMA = {
  ...CORE_FIELDS,
  ...parityTask.options,
  ...logicTask.options,
  ...additionTask.options,
  ...sortTask.options,
  ...wikiTask.options,
  ...dncPlugin.options,
  ...samPlugin.options,
  ...sdncPlugin.options,
} as const satisfies FieldMap;

export type ConfigKey = keyof typeof SCHEMA;
export type Config = ValuesOf<typeof SCHEMA>;

export const CONFIG_KEYS = Object.keys(SCHEMA) as ConfigKey[];

export type PresetName = 'quick' | 'paper';
export const PRESET_NAMES: readonly PresetName[] = ['quick', 'paper'];

/** A task's preset applied on top of a config (presets are validated against the schema by the tests). */
export function withPreset(config: Config, preset: PresetName): Config {
  const task = TASKS.find((candidate) => candidate.id === config.task);
  return { ...config, ...(task?.presets[preset] ?? {}) } as Config;
}

/**
 * What a fresh run of a task starts from: the schema's defaults with the task's quick preset on top, so that
 * every task starts at a size that learns visibly within minutes.
 */
export function defaultConfig(task: string = SCHEMA.task.default): Config {
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) out[key] = SCHEMA[key].default;
  if (TASK_IDS.includes(task)) out.task = task;
  return withPreset(out as Config, 'quick');
}

/** The keys that matter for a config: the core ones and the options of its own task and its own cell. */
export function relevantKeys(config: Pick<Config, 'task' | 'cell'>): ConfigKey[] {
  return CONFIG_KEYS.filter((key) => ownerMismatch(key, config) === undefined);
}

/** Why a key does not apply to a config (it belongs to another task or cell), or undefined when it does. */
export function ownerMismatch(key: ConfigKey, config: Pick<Config, 'task' | 'cell'>): string | undefined {
  const field: Field = SCHEMA[key];
  const cells = fieldCells(field);
  if (field.task !== undefined && field.task !== config.task) {
    return `applies only to task=${field.task} (this config has task=${config.task})`;
  }
  if (cells.length > 0 && !cells.includes(config.cell)) {
    return `applies only to cell=${cells.join(' or ')} (this config has cell=${config.cell})`;
  }
  return undefined;
}

/** The cell's own config values, for the model (core is handed them; it does not read the schema). */
export function cellOptionsOf(config: Config): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const key of CONFIG_KEYS) if (fieldCells(SCHEMA[key] as Field).includes(config.cell)) out[key] = config[key];
  return out;
}

export { TASKS };
