/**
 * What a settings change does, decided without side effects: live settings act on the running training at
 * once; changes that need a new model wait for confirmation, unless the model has not trained yet (nothing
 * would be lost, so it is rebuilt straight away).
 */
import { keysNeedingReset } from '../../config/codec';
import { SCHEMA, defaultConfig, withPreset, type Config, type ConfigKey, type PresetName } from '../../config/schema';
import { presetNamesOf, type TaskPresets } from '../../config/presets';
import { LIVE_KEYS } from '../../config/liveSettings';
import type { ChangeAnchor, PendingChange } from '../store';

export interface ChangePlan {
  /** The running model's settings after the change. */
  config: Config;
  pending: PendingChange | null;
  /** Send the live settings of `config` to the worker. */
  sendLive: boolean;
  /** Build a new model from `config`. */
  reset: boolean;
}


/** Moves `committed` towards `next`: see the file comment. */
export function planChange(committed: Config, next: Config, anchor: ChangeAnchor, trained: boolean): ChangePlan {
  const resetKeys = keysNeedingReset(committed, next);
  const liveChanged = LIVE_KEYS.some((key) => committed[key] !== next[key]);
  if (resetKeys.length === 0) return { config: next, pending: null, sendLive: liveChanged, reset: false };
  if (!trained) return { config: next, pending: null, sendLive: false, reset: true };
  return { config: committed, pending: { config: next, keys: resetKeys, anchor }, sendLive: false, reset: false };
}

/**
 * One setting changed in the form. A live one applies now (and to the waiting change, if any); one that needs
 * a new model joins the waiting change.
 */
export function planSettingChange(
  committed: Config,
  pending: PendingChange | null,
  key: ConfigKey,
  value: Config[ConfigKey],
  trained: boolean,
): ChangePlan {
  if (!SCHEMA[key].resets) {
    const withLive = pending ? { ...pending, config: { ...pending.config, [key]: value } } : null;
    return { config: { ...committed, [key]: value }, pending: withLive, sendLive: true, reset: false };
  }
  if (key === 'task') return planChange(committed, taskSwitch(pending?.config ?? committed, String(value)), key, trained);
  return planChange(committed, { ...(pending?.config ?? committed), [key]: value }, key, trained);
}

/** Switching task starts from the new task's defaults, keeping the seed and the backend. */
export function taskSwitch(from: Config, task: string): Config {
  return { ...defaultConfig(task), seed: from.seed, backend: from.backend };
}

export function planPreset(committed: Config, pending: PendingChange | null, preset: PresetName, trained: boolean): ChangePlan {
  return planChange(committed, withPreset(pending?.config ?? committed, preset), 'preset', trained);
}

/** The preset whose values the config has, if any (else the user has customised it). */
export function matchingPreset(config: Config, presets: TaskPresets): PresetName | null {
  return presetNamesOf(presets).find((name) => Object.entries(presets[name] ?? {}).every(([key, value]) => config[key as ConfigKey] === value)) ?? null;
}
