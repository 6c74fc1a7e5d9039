/** The settings a training run takes while it runs (the schema's `resets: false` keys), for the page and the CLI. */
import type { LiveSettings } from '../core/trainer';
import { CONFIG_KEYS, SCHEMA, type Config } from './schema';

export const LIVE_KEYS = CONFIG_KEYS.filter((key) => !SCHEMA[key].resets);

export function liveSettingsOf({ tau, tauWarmup, ponderTarget, ponderRate, haltPenalty, haltMargin, beta, lambdaP, repeats, eps, maxSteps, evalMaxSteps, lr, lrHalfLife, clip, weightDecay, dropout }: Config): LiveSettings {
  return { tau, tauWarmup, ponderTarget, ponderRate, haltPenalty, haltMargin, beta, lambdaP, repeats, eps, maxSteps, evalMaxSteps, lr, lrHalfLife, clip, weightDecay, dropout };
}
