/** What the commands that read a saved model share: its flag, and loading it with its task and text. */
import type { Config } from '../config/schema';
import type { ActModel } from '../core/model';
import { getTask } from '../tasks/registry';
import type { Task, TaskData } from '../tasks/task';
import type { StringFlag } from './args';
import { loadTaskData } from './data';
import { readModelDir } from './io';

export const modelDirFlag = {
  kind: 'string',
  placeholder: 'DIR',
  required: true,
  help: 'Model directory (model.json + weights.bin)',
} as const satisfies StringFlag;

export interface SavedModel {
  model: ActModel;
  config: Config;
  task: Task;
  /** The text a character model reads (from `dataPath`); undefined for the other tasks. */
  data: TaskData | undefined;
  /** Training steps the model had when saved (its metadata's `steps`; 0 when not recorded). */
  steps: number;
}

/**
 * Loads DIR's model (the backend must be started), lends it to `work`, and disposes of it afterwards. `dataPath`
 * null: the caller brings its own text, none is loaded.
 */
export async function withSavedModel<T>(dir: string, dataPath: string | undefined | null, work: (saved: SavedModel) => Promise<T>): Promise<T> {
  const { model, config, metadata } = await readModelDir(dir);
  try {
    const task = getTask(config.task);
    const steps = typeof metadata.steps === 'number' ? metadata.steps : 0;
    return await work({ model, config, task, data: dataPath === null ? undefined : await loadTaskData(task, dataPath), steps });
  } finally {
    model.dispose();
  }
}
