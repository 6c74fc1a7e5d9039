/**
 * A run as files, bundled as one .zip: model.json + weights.bin (the TF.js model format: docs/weights.md),
 * optimizer.bin (Adam's moments, float32, m then v of each weight in model.json's order), trainer.json (what
 * resuming needs besides: step, optimizer iterations, data-stream position, curves, evaluations) and
 * metrics.json (the curves and evaluations for people and other tools; not read back).
 * Reading accepts the .zip or the files themselves, and says clearly what is missing or damaged.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { checkSavedRun, type SavedRun } from './savedRun';

export const TRAINER_FORMAT = 'act-playground/trainer/v1';
const NEEDED = ['model.json', 'weights.bin', 'optimizer.bin', 'trainer.json'] as const;
const STORED = { level: 0 } as const;

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export function runArchive(run: SavedRun, metricsJson: string): Uint8Array {
  const { state, curves, evaluations, savedAt, link, historyId } = run;
  const trainer = { format: TRAINER_FORMAT, savedAt, link, historyId, step: state.step, iterations: state.optimizer.iterations, dataStream: state.dataStream, tau: state.tau, streams: state.streams, curves, evaluations };
  const files: Zippable = {
    'model.json': strToU8(JSON.stringify(state.model, null, 1)),
    'weights.bin': [new Uint8Array(state.weights), STORED],
    'optimizer.bin': [new Uint8Array(state.optimizer.moments), STORED],
    'trainer.json': strToU8(JSON.stringify(trainer)),
    'metrics.json': strToU8(metricsJson),
  };
  return zipSync(files);
}

/** The run in the chosen files: one .zip, or the files of one (their names as exported). */
export function readRunFiles(chosen: readonly NamedBytes[]): SavedRun {
  const files = new Map<string, Uint8Array>();
  for (const { name, bytes } of chosen) {
    if (!isZip(bytes)) {
      files.set(baseName(name), bytes);
      continue;
    }
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes);
    } catch (error) {
      throw new Error(`${name} is not a readable .zip (it may be truncated or damaged): ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const [entry, content] of Object.entries(entries)) files.set(baseName(entry), content);
  }
  const missing = NEEDED.filter((needed) => !files.has(needed));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: an exported run has ${NEEDED.join(', ')}`);
  const model = parseJson(files, 'model.json');
  const trainer = parseJson(files, 'trainer.json');
  if (trainer.format !== TRAINER_FORMAT) throw new Error(`trainer.json is not an ACT Playground trainer state ("format" must be "${TRAINER_FORMAT}")`);
  try {
    return checkSavedRun({
      savedAt: trainer.savedAt,
      link: trainer.link,
      historyId: trainer.historyId,
      state: {
        model,
        weights: copyOf(files.get('weights.bin')!),
        optimizer: { iterations: trainer.iterations, moments: copyOf(files.get('optimizer.bin')!) },
        dataStream: trainer.dataStream,
        step: trainer.step,
        tau: trainer.tau,
        streams: trainer.streams,
      },
      curves: trainer.curves,
      evaluations: trainer.evaluations,
    });
  } catch (error) {
    throw new Error(`trainer.json is damaged: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function copyOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

function parseJson(files: Map<string, Uint8Array>, name: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(strFromU8(files.get(name)!));
  } catch (error) {
    throw new Error(`${name} is not valid JSON (it may be truncated): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${name} does not hold a JSON object`);
  return parsed as Record<string, unknown>;
}
