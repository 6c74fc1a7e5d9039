import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../random';
import type { Cell } from '../cell';
import type { SamSizes } from './layout';
import { STATE_PARTS, stateShapes, storedOffset } from './layout';
import type { SamReferenceState } from './reference.testing';
import { sdncPlugin } from '../sdnc/sdnc';
import { samPlugin } from './sam';

/**
 * A SAM cell (an SDNC one with `sdnc` options) for the tests, with weights of order 1 so that gates and
 * strengths are far from their midpoints.
 */
export function makeSamCell(rng: Rng, sizes: SamSizes, inputSize: number, sdnc?: { temporalReads: number }): Cell {
  const options = { sparseSlots: sizes.slots, sparseWidth: sizes.width, sparseHeads: sizes.reads, sparseReads: sizes.sparseReads };
  const cell = sdnc
    ? sdncPlugin.create({ rng, prefix: 'layer0/sdnc', inputSize, hiddenSize: sizes.hidden, options: { ...options, ...sdnc } })
    : samPlugin.create({ rng, prefix: 'layer0/sam', inputSize, hiddenSize: sizes.hidden, options });
  for (const { variable } of cell.variables) variable.assign(tf.tidy(() => tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-1, 1)), variable.shape)));
  return cell;
}

/** The engine's flat state as true values (stored offsets added back), per batch row, in reference form. */
export function engineState(sizes: SamSizes, state: tf.Tensor2D[], batchRow: number, temporalRows = 0): SamReferenceState {
  const shapes = stateShapes(sizes);
  const parts = Object.fromEntries(STATE_PARTS.map((part, index) => {
    const offset = storedOffset(part, sizes, temporalRows);
    const row = Array.from(state[index].arraySync()[batchRow], (x, i) => x + (offset ? offset[i] : 0));
    const [rows, cols] = shapes[part];
    return [part, rows === 1 ? row : Array.from({ length: rows }, (_, r) => row.slice(r * cols, (r + 1) * cols))];
  }));
  return {
    h: parts.controllerH, c: parts.controllerC, memory: parts.memory, usage: parts.usage, readWeights: parts.readWeights,
    writeWeights: parts.writeWeights, readVectors: parts.readVectors, lru: parts.lru,
  } as SamReferenceState;
}

