import { actMethod } from './act';
import type { HaltingMethod } from './method';
import { noneMethod } from './none';
import { ponderNetMethod } from './pondernet';
import { repeatMethod } from './repeat';

/** Every halting method, in the order the UI lists them. Adding one: its own file, then a line here. */
export const HALTING_METHODS: readonly HaltingMethod[] = [actMethod, ponderNetMethod, repeatMethod, noneMethod];

export const HALTING_IDS: readonly string[] = HALTING_METHODS.map((method) => method.id);

export function getHaltingMethod(id: string): HaltingMethod {
  const method = HALTING_METHODS.find((candidate) => candidate.id === id);
  if (!method) throw new Error(`Unknown halting method "${id}". Known methods: ${HALTING_IDS.join(', ')}.`);
  return method;
}
