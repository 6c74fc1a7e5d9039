/** Model directories on disk: DIR/model.json and DIR/weights.bin, the files saveModel and loadModel speak. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/schema';
import type { ActModel } from '../core/model';
import { WEIGHTS_FILE, loadModel, saveModel } from '../run/engine';

export const MODEL_FILE = 'model.json';

export type LoadedModel = ReturnType<typeof loadModel>;

export async function writeModelDir(dir: string, model: ActModel, config: Config, metadata: Record<string, unknown>): Promise<void> {
  const { json, weights } = await saveModel(model, config, metadata);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MODEL_FILE), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(join(dir, WEIGHTS_FILE), new Uint8Array(weights));
}

async function readOrExplain(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Loads a saved model; every failure is an Error that names the file and what is wrong with it. */
export async function readModelDir(dir: string): Promise<LoadedModel> {
  const jsonPath = join(dir, MODEL_FILE);
  const text = (await readOrExplain(jsonPath, 'model description')).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${jsonPath} is not JSON: ${(error as Error).message}`);
  }
  const bytes = await readOrExplain(join(dir, WEIGHTS_FILE), 'weights');
  const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return loadModel(json, weights);
}
