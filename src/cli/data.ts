/**
 * Text for tasks that read it (the Wikipedia characters task): --data names either the split directory that
 * `npm run data:enwik8` writes (meta.json, train.bin, valid.bin) or an enwik8 file (zipped or raw, complete or a
 * prefix), split 90/5/5 in memory. Training reads the train split, evaluation, trace and sample the valid split.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEnwik8, splitBytes } from '../data/enwik8';
import type { Task, TaskData } from '../tasks/task';
import type { StringFlag } from './args';
import { UsageError } from './args';

const DEFAULT_SPLITS = fileURLToPath(new URL('../../data/enwik8', import.meta.url));

export const dataFlag = {
  kind: 'string',
  placeholder: 'PATH',
  help: 'Text for the wiki task: a directory from `npm run data:enwik8` (default data/enwik8) or an enwik8 file',
} as const satisfies StringFlag;

async function readSplitDirectory(dir: string): Promise<TaskData> {
  const [train, heldOut] = await Promise.all([readFile(join(dir, 'train.bin')), readFile(join(dir, 'valid.bin'))]);
  return { train, heldOut, source: dir };
}

async function readTextFile(file: string): Promise<TaskData> {
  const { bytes } = readEnwik8(await readFile(file));
  const splits = splitBytes(bytes);
  return { train: splits.train, heldOut: splits.valid, source: file };
}

/** The task's text, or undefined for a task that reads none. */
export async function loadTaskData(task: Task, path: string | undefined): Promise<TaskData | undefined> {
  if (!task.needsData) return undefined;
  const source = path ?? DEFAULT_SPLITS;
  if (!existsSync(source)) {
    throw new UsageError(`the ${task.label} task reads text: ${source} does not exist. Run \`npm run data:enwik8\` or give --data FILE (e.g. an enwik8 prefix)`, false);
  }
  return statSync(source).isDirectory() ? readSplitDirectory(source) : readTextFile(source);
}
