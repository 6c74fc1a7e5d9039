/**
 * The Wikipedia task's pretrained snapshot, shipped at public/models/wiki-act/ (model.json + weights.bin, written
 * by `npm run cli -- train … --save public/models/wiki-act`): fetched once, then a new model from it per run,
 * provided it has the shape the run's settings ask for.
 */
import type { Config } from '../config/schema';
import type { ActModel, ModelSpec } from '../core/model';
import { getHaltingMethod } from '../core/halting/registry';
import type { Fetcher } from './wikiData';
import { fetchBytes } from './wikiData';
import { WEIGHTS_FILE, loadModel, modelSpecOf } from '../run/engine';

export const SNAPSHOT_PATH = 'models/wiki-act/';

export interface SnapshotFiles {
  json: unknown;
  weights: ArrayBuffer;
}

/** model.json and weights.bin; throws saying which is missing or unreadable. */
export async function fetchSnapshot(fetcher: Fetcher, base: URL): Promise<SnapshotFiles> {
  const jsonUrl = new URL(`${SNAPSHOT_PATH}model.json`, base);
  const [jsonBytes, weights] = await Promise.all([
    fetchBytes(fetcher, jsonUrl),
    fetchBytes(fetcher, new URL(`${SNAPSHOT_PATH}${WEIGHTS_FILE}`, base)),
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
  return `${spec.cell.toUpperCase()}, ${spec.hidden} units, ${layers}, ${method.flag ? `with ${method.label}` : 'without pondering'}`;
}

function describeTraining(metadata: Record<string, unknown>): string {
  const steps = typeof metadata.steps === 'number' ? `${metadata.steps.toLocaleString('en-US')} steps` : 'an unknown number of steps';
  const evaluation = metadata.evaluation as { bitsPerTarget?: unknown; count?: unknown } | undefined;
  const bits = typeof evaluation?.bitsPerTarget === 'number' ? `; then ${evaluation.bitsPerTarget.toFixed(2)} bits per character held out` : '';
  return `trained ${steps} with the CLI${bits}`;
}

/** A new model from the snapshot for a run with `config`; throws saying why it does not fit. */
export function snapshotModel(files: SnapshotFiles, config: Config): { model: ActModel; description: string } {
  const { model, metadata } = loadModel(files.json, files.weights);
  const wanted = modelSpecOf(config);
  if (JSON.stringify(model.spec) !== JSON.stringify(wanted)) {
    model.dispose();
    throw new Error(`it is ${describeSpec(model.spec)}; these settings ask for ${describeSpec(wanted)}`);
  }
  return { model, description: `the pretrained snapshot (${describeSpec(model.spec)}), ${describeTraining(metadata)}` };
}
