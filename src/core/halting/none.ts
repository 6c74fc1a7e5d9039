/** No pondering: the plain cell, one update per input step, no flag (the baseline). */
import type { HaltingMethod } from './method';
import { fixedUpdates } from './repeat';

export const noneMethod: HaltingMethod = {
  id: 'none',
  label: 'None',
  description: 'The plain cell: one update per input step, no flag, no halting unit (the baseline).',
  options: {},
  flag: false,
  haltingUnit: false,
  ponder: (args) => fixedUpdates(args, 1),
};
