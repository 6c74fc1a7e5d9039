/**
 * A pretrained run trains under the page's settings, which may not be the ones its snapshot was trained with:
 * Start on the Wikipedia snapshot at the quick preset's learning rate 0.01 without dropout took its held-out bits
 * per character from 2.26 to 2.33 in 50 steps, against 2.26 under its own lr 0.003 and dropout 0.3
 * (docs/results.md, "Start under the snapshot's own settings"). The page names the difference and offers its settings.
 */
import { LIVE_KEYS } from '../config/liveSettings';
import { SCHEMA, idleBecause, relevantKeys, type Config, type ConfigKey } from '../config/schema';
import type { LiveSettings } from '../core/trainer';

/**
 * The live settings that apply to `config` and that the snapshot was trained with differently — leaving out one
 * idle both there and here (a budget step where neither has a ponder budget): it changes nothing either way.
 */
export function differingSettings(trainedWith: LiveSettings, config: Config): (keyof LiveSettings & ConfigKey)[] {
  const relevant = new Set(relevantKeys(config));
  const theirs = { ...config, ...trainedWith } as Config;
  return LIVE_KEYS.filter(
    (key): key is keyof LiveSettings & ConfigKey =>
      key in trainedWith &&
      relevant.has(key) &&
      trainedWith[key as keyof LiveSettings] !== config[key] &&
      !(idleBecause(key, theirs) && idleBecause(key, config)),
  );
}

const nameOf = (key: ConfigKey): string => {
  const label = SCHEMA[key].label;
  return label.charAt(0).toLowerCase() + label.slice(1);
};

const listed = (parts: string[]): string => (parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`);

/** What Start does with a pretrained snapshot, e.g. "Start continues its training from step 10,250, …". */
export function continuesText(step: number, trainedWith: LiveSettings | null, config: Config): string {
  const from = step > 0 ? `Start continues its training from step ${step.toLocaleString('en-US')}` : 'Start continues training it';
  if (!trainedWith) return `${from}.`;
  const keys = differingSettings(trainedWith, config);
  if (keys.length === 0) return `${from}, with the settings it was trained with.`;
  const theirs = listed(keys.map((key) => `${nameOf(key)} ${String(trainedWith[key])}`));
  const ours = listed(keys.map((key) => String(config[key])));
  return `${from} with the settings on this page; it was trained with ${theirs} (here ${ours}).`;
}

/** The snapshot's values of the settings that differ, for the page to adopt. */
export function snapshotValues(trainedWith: LiveSettings, config: Config): Partial<Config> {
  return Object.fromEntries(differingSettings(trainedWith, config).map((key) => [key, trainedWith[key]]));
}
