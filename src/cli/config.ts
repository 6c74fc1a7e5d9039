/**
 * Config strings on the command line: the same codec as the URL hash, but strict — a CLI refuses a config with
 * problems instead of running on defaults. Also the config keys' help text, generated from the schema.
 */
import type { Field } from '../config/fields';
import { fieldCells, formatFieldValue } from '../config/fields';
import { parseConfig } from '../config/codec';
import type { Config, PresetName } from '../config/schema';
import { CONFIG_KEYS, PRESET_NAMES, SCHEMA, defaultConfig, withPreset } from '../config/schema';
import { PRESET_TEXT, presetNamesOf } from '../config/presets';
import { TASKS, getTask } from '../tasks/registry';
import type { StringFlag } from './args';
import { UsageError } from './args';

/** The `--preset NAME` flag of every command that takes a config. */
export const PRESET_FLAG: StringFlag = {
  kind: 'string', placeholder: PRESET_NAMES.join('|'), help: 'Start from the task\'s preset (its own: see the list below); --config values apply on top',
};

/**
 * The config of `--config TEXT [--preset NAME]`: the task's defaults, then its preset, then the config's own
 * values (so `--preset sam --config "task=copy&sparseSlots=64"` reads SAM's keys). Throws a UsageError naming
 * every problem.
 */
export function resolveConfig(text: string, preset?: string): Config {
  const { config, problems } = parseConfig(text, preset === undefined ? undefined : presetBase(text, preset));
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${p.key}=${p.value}: ${p.reason}`);
    throw new UsageError(`the config has problems, and the CLI refuses to run with them (it never falls back to defaults):\n${lines.join('\n')}`, false);
  }
  return config;
}

/** The task's defaults with its preset on top; refuses a preset name the task does not have. */
function presetBase(text: string, preset: string): Config {
  if (!(PRESET_NAMES as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got "${preset}"`);
  const { task } = parseConfig(text).config;
  const own = presetNamesOf(getTask(task).presets);
  if (!(own as string[]).includes(preset)) throw new UsageError(`task ${task} has no preset "${preset}"; its presets: ${own.join(', ')}`);
  return withPreset(defaultConfig(task), preset as PresetName);
}

function describeRange(field: Field): string {
  switch (field.kind) {
    case 'int':
      return `integer ${field.min}..${field.max}`;
    case 'float':
      return `number ${field.min}..${field.max}${field.scale === 'log' ? ' (log)' : ''}`;
    case 'bool':
      return '0 or 1';
    case 'enum':
      return field.values.join('|');
  }
}

/** Every config key with its range or values, default and meaning, straight from the schema. */
export function describeConfigKeys(): string {
  const rows = CONFIG_KEYS.map((key) => {
    const field: Field = SCHEMA[key];
    const owner = field.task ? ` [${field.task} only]` : field.cell ? ` [cell=${fieldCells(field).join(' or ')} only]` : '';
    return [key, describeRange(field), formatFieldValue(field, field.default), `${field.help}${owner}`];
  });
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => `  ${row.slice(0, 3).map((cell, column) => cell.padEnd(widths[column])).join('  ')}  ${row[3]}`);
  const presetText = (values: Record<string, unknown>) => Object.entries(values).map(([key, value]) => `${key}=${String(value)}`).join(' ');
  const presets = TASKS.flatMap((task) => presetNamesOf(task.presets).flatMap((name) => {
    const result = task.presetResults?.[name];
    return [`  ${`${task.id} ${name}:`.padEnd(16)} ${presetText(task.presets[name] ?? {})}`, ...(result ? [`  ${''.padEnd(16)} measured: ${result}`] : [])];
  }));
  return [
    'Config keys (--config "key=value&key=value", the same text as the playground\'s URL hash):',
    `  ${'key'.padEnd(widths[0])}  ${'values'.padEnd(widths[1])}  ${'default'.padEnd(widths[2])}  meaning`,
    ...lines,
    '',
    'A task starts from its quick preset, which overrides some defaults above; --preset NAME applies another:',
    ...PRESET_NAMES.map((name) => `  ${name.padEnd(6)} ${PRESET_TEXT[name]}`),
    'The presets of each task:',
    ...presets,
  ].join('\n');
}
