/**
 * The engine (src/core) bound to this app's config schema and task registry. Core is handed its task and the
 * config text format and imports neither; the worker, the CLI, the bench and the scripts call these.
 */
import { encodeConfig, parseConfig } from '../config/codec';
import type { Config } from '../config/schema';
import type { ActModel, ModelSpec } from '../core/model';
import type { ConfigFormat, ModelJson } from '../core/serialize';
import * as serialize from '../core/serialize';
import type { ResumeParts, TrainerOptions } from '../core/trainer';
import { Trainer } from '../core/trainer';
import { modelSpecFor } from '../core/objective';
import type { TrainerState } from '../core/trainerState';
import * as trainerState from '../core/trainerState';
import { getTask } from '../tasks/registry';
import type { TaskData } from '../tasks/task';

/** Config text as in URLs and CLI flags; a saved config that no longer validates is refused with its problems. */
export const CONFIG_FORMAT: ConfigFormat = {
  encode: encodeConfig,
  read(text) {
    const { config, problems } = parseConfig(text);
    if (problems.length > 0) {
      throw new Error(`the model's config is not valid here: ${problems.map((p) => `${p.key}=${p.value}: ${p.reason}`).join('; ')}`);
    }
    return { config, task: getTask(config.task) };
  },
};

export function createTrainer(config: Config, data?: TaskData, options?: TrainerOptions): Trainer {
  return Trainer.create(config, getTask(config.task), data, options);
}

export function resumeTrainer(config: Config, parts: ResumeParts, data?: TaskData, options?: TrainerOptions): Trainer {
  return Trainer.resume(config, getTask(config.task), parts, data, options);
}

export function modelSpecOf(config: Config): ModelSpec {
  return modelSpecFor(config, getTask(config.task));
}

export function saveModel(model: ActModel, config: Config, metadata: Record<string, unknown> = {}) {
  return serialize.saveModel(model, config, CONFIG_FORMAT, metadata);
}

export function loadModel(json: unknown, weights: ArrayBuffer) {
  return serialize.loadModel(json, weights, CONFIG_FORMAT);
}

export function exportTrainerState(trainer: Trainer, metadata: Record<string, unknown> = {}): Promise<TrainerState> {
  return trainerState.exportTrainerState(trainer, CONFIG_FORMAT, metadata);
}

export function restoreTrainer(state: TrainerState, data?: TaskData, options?: TrainerOptions): Trainer {
  return trainerState.restoreTrainer(state, CONFIG_FORMAT, data, options);
}

export { WEIGHTS_FILE } from '../core/serialize';
export type { ModelJson, TrainerState };
