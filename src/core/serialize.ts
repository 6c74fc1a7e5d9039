/**
 * Models in the standard TF.js file format: model.json (topology + weights manifest) and one weights.bin.
 * Our topology is not a Keras one, so tf.loadLayersModel cannot build it; any TF.js IO handler (tf.io.http,
 * tf.io.browserFiles) or a plain reader of the manifest can load the weights. Names and shapes: docs/weights.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import type { Task } from '../tasks/task';
import { ActModel } from './model';
import { Rng } from './random';
import { modelSpecFor } from './objective';

export const MODEL_FORMAT = 'act-playground/model';
export const WEIGHTS_FILE = 'weights.bin';

/**
 * The app's config text format and task registry, handed to the engine (core reads no config text and looks up
 * no task itself): src/run/engine.ts binds the schema's codec and the task registry.
 */
export interface ConfigFormat {
  encode(config: Config): string;
  /** The config and its task from a saved config text; throws an Error that names what is not valid. */
  read(text: string): { config: Config; task: Task };
}

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  generatedBy: string;
  convertedBy: null;
  modelTopology: { config: string; spec: ReturnType<typeof modelSpecFor> };
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata: Record<string, unknown>;
}

export async function saveModel(
  model: ActModel,
  config: Config,
  format: ConfigFormat,
  metadata: Record<string, unknown> = {},
): Promise<{ json: ModelJson; weights: ArrayBuffer }> {
  const named = model.variables.map(({ name, variable }) => ({ name, tensor: variable as tf.Tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  return {
    json: {
      format: MODEL_FORMAT,
      generatedBy: `act-playground (TensorFlow.js ${tf.version.tfjs})`,
      convertedBy: null,
      modelTopology: { config: format.encode(config), spec: model.spec },
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
      userDefinedMetadata: metadata,
    },
    weights: data,
  };
}

/** Rebuilds a model from model.json and its weights; throws an Error that says what is wrong, changing nothing. */
export function loadModel(
  json: unknown,
  weights: ArrayBuffer,
  format: ConfigFormat,
): { model: ActModel; config: Config; task: Task; metadata: Record<string, unknown> } {
  const parsed = json as Partial<ModelJson> | null;
  if (!parsed || typeof parsed !== 'object' || parsed.format !== MODEL_FORMAT) {
    throw new Error(`not an ACT Playground model: model.json must have "format": "${MODEL_FORMAT}"`);
  }
  const configText = parsed.modelTopology?.config;
  if (typeof configText !== 'string') throw new Error('model.json has no modelTopology.config');
  const { config, task } = format.read(configText);
  const specs = parsed.weightsManifest?.flatMap((group) => group.weights) ?? [];
  const expectedBytes = specs.reduce((total, spec) => total + 4 * spec.shape.reduce((a, b) => a * b, 1), 0);
  if (specs.some((spec) => spec.dtype !== 'float32')) throw new Error('only float32 weights are supported');
  if (weights.byteLength !== expectedBytes) {
    throw new Error(`weights.bin has ${weights.byteLength} bytes; the manifest describes ${expectedBytes}`);
  }
  const model = new ActModel(modelSpecFor(config, task), new Rng(0));
  try {
    const decoded = tf.io.decodeWeights(weights, specs);
    try {
      for (const { name, variable } of model.variables) {
        const tensor = decoded[name];
        if (!tensor) throw new Error(`weights.bin has no weight "${name}"`);
        if (tensor.shape.join() !== variable.shape.join()) {
          throw new Error(`weight "${name}" has shape [${tensor.shape}], the config needs [${variable.shape}]`);
        }
      }
      for (const { name, variable } of model.variables) variable.assign(decoded[name]);
    } finally {
      tf.dispose(Object.values(decoded));
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, config, task, metadata: parsed.userDefinedMetadata ?? {} };
}
