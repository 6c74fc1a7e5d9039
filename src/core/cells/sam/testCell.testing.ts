import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../random';
import type { Cell } from '../cell';
import type { SamSizes } from './layout';
import { samPlugin } from './sam';

/** A SAM cell for the tests, with weights of order 1 so that gates and strengths are far from their midpoints. */
export function makeSamCell(rng: Rng, sizes: SamSizes, inputSize: number): Cell {
  const cell = samPlugin.create({
    rng, prefix: 'layer0/sam', inputSize, hiddenSize: sizes.hidden,
    options: { sparseSlots: sizes.slots, sparseWidth: sizes.width, sparseHeads: sizes.reads, sparseReads: sizes.sparseReads },
  });
  for (const { variable } of cell.variables) variable.assign(tf.tidy(() => tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-1, 1)), variable.shape)));
  return cell;
}
