/**
 * The names a task's presets may have, and what each stands for (the UI's preset chooser and `--help` show this
 * text). Every task has `quick` and `paper`; the other names are optional, for tasks where a cell needs sizes of
 * its own to learn quickly (e.g. copy with a sparse memory of many slots). A preset is only config values, so a
 * link or a saved run never names one: it keeps its meaning when presets change.
 */
export const PRESET_TEXT = {
  quick: 'learns in minutes',
  paper: "the paper's sizes",
  sam: 'sparse access memory (SAM) of many slots',
  sdnc: 'sparse DNC (SDNC) of many slots',
} as const;

export type PresetName = keyof typeof PRESET_TEXT;
export const PRESET_NAMES = Object.keys(PRESET_TEXT) as PresetName[];

/** Config values a preset sets (validated against the schema by the tests). */
export type PresetValues = Record<string, number | string | boolean>;

/** A task's presets: quick and paper always, the others where the task has them. */
export type TaskPresets = Record<'quick' | 'paper', PresetValues> & Partial<Record<PresetName, PresetValues>>;

/** The preset names a task has, in PRESET_NAMES order. */
export function presetNamesOf(presets: TaskPresets): PresetName[] {
  return PRESET_NAMES.filter((name) => presets[name] !== undefined);
}
