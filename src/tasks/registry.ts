import { addingTask } from './adding';
import { additionTask } from './addition';
import { argmaxTask } from './argmax';
import { copyTask } from './copy';
import { delayCopyTask } from './delayCopy';
import { logicTask } from './logic';
import { parityTask } from './parity';
import { sortTask } from './sort';
import type { Task } from './task';
import { wikiTask } from './wiki';

/** Every task plug-in, in the order the UI lists them. Adding a task: write it, then add it here. */
export const TASKS = [parityTask, logicTask, additionTask, sortTask, wikiTask, copyTask, addingTask, argmaxTask, delayCopyTask] as const;

export type TaskId = (typeof TASKS)[number]['id'];
export const TASK_IDS = TASKS.map((task) => task.id);

export function getTask(id: string): Task {
  const task = TASKS.find((candidate) => candidate.id === id);
  if (!task) throw new Error(`Unknown task "${id}". Known tasks: ${TASK_IDS.join(', ')}.`);
  return task as unknown as Task;
}
