/**
 * The dense Differentiable Neural Computer (Graves et al. 2016) as a cell plug-in: an LSTM controller of size
 * `hidden` with one write head and R read heads on an N × W memory (step.ts). Its state is a list of flat
 * [batch, width] tensors (layout.ts), so ACT mean-fields every part of it, memory included.
 *
 * Weights under `{prefix}` (e.g. layer0/dnc): controller/input_kernel [in, 4H], controller/recurrent_kernel
 * [H, 4H], controller/read_kernel [R·W, 4H], controller/bias [4H] (forget block +1), interface/kernel [H, I],
 * interface/bias [I], I = R·W + 3W + 5R + 3. Output: [h, r_t] clipped to ±20 (width H + R·W). docs/weights.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { FieldMap } from '../../../config/fields';
import { constantVector, kernel } from '../../init';
import { matMulKernel } from '../../linear';
import type { Cell, CellArgs, CellPlugin } from '../cell';
import { ALLOCATION_MODES } from './allocation';
import type { DncSizes } from './layout';
import { STATE_PARTS, interfaceWidth, stateViews, stateWidths } from './layout';
import { CLIP, controllerVariables } from '../memory/controller';
import { checkedCellOptions } from '../memory/options';
import { dncStep } from './step';

const options = {
  memSlots: {
    kind: 'int', min: 2, max: 128, default: 16, group: 'model', resets: true, cell: 'dnc',
    label: 'Memory slots N',
    help: 'Rows of the DNC memory. The link matrix is N × N per sequence and step: keep N ≤ 64 in the browser (128 at most).',
  },
  memWidth: {
    kind: 'int', min: 1, max: 64, default: 16, group: 'model', resets: true, cell: 'dnc',
    label: 'Memory width W', help: 'Numbers per memory slot (the width of every key, write and read vector).',
  },
  readHeads: {
    kind: 'int', min: 1, max: 8, default: 4, group: 'model', resets: true, cell: 'dnc',
    label: 'Read heads R', help: 'Read heads; their read vectors feed the controller at the next step and the output now.',
  },
  allocation: {
    kind: 'enum', values: ALLOCATION_MODES, default: 'sort', group: 'model', resets: true, cell: 'dnc',
    label: 'Allocation',
    help: 'sort: the paper\'s free-list (slots sorted by usage; the gradient treats the order as constant). softmax: a = softmax(softplus(2)·(1 − usage)), differentiable everywhere (deepmind/dnc #11).',
  },
} as const satisfies FieldMap;

const CONTROLLER_H = STATE_PARTS.indexOf('controllerH');
const READ_VECTORS = STATE_PARTS.indexOf('readVectors');

export function dncCell({ rng, prefix, inputSize, hiddenSize, options: given }: CellArgs<typeof options>): Cell {
  const { memSlots, memWidth, readHeads, allocation } = checkedCellOptions('DNC', options, given);
  const sizes: DncSizes = { hidden: hiddenSize, slots: memSlots, width: memWidth, reads: readHeads };
  const { inputKernel, recurrentKernel, readKernel, bias } = controllerVariables(rng, prefix, inputSize, hiddenSize, readHeads * memWidth);
  const interfaceKernel = kernel(rng, `${prefix}/interface/kernel`, hiddenSize, interfaceWidth(sizes));
  const interfaceBias = constantVector(`${prefix}/interface/bias`, interfaceWidth(sizes));
  const settings = {
    sizes,
    allocation,
    weights: {
      recurrentKernel: recurrentKernel.variable,
      readKernel: readKernel.variable,
      interfaceKernel: interfaceKernel.variable,
      interfaceBias: interfaceBias.variable,
    },
  };
  const widths = stateWidths(sizes);
  return {
    kind: 'dnc',
    inputSize,
    hiddenSize,
    outputSize: hiddenSize + readHeads * memWidth,
    stateWidths: widths,
    variables: [inputKernel, recurrentKernel, readKernel, bias, interfaceKernel, interfaceBias],
    views: stateViews(sizes),
    projectInput: (x) => tf.add(matMulKernel(x, inputKernel.variable), bias.variable),
    step: (projected, state) => dncStep(settings, projected, state),
    output: (state) => tf.clipByValue(tf.concat([state[CONTROLLER_H], state[READ_VECTORS]], 1), -CLIP, CLIP),
  };
}

export const dncPlugin: CellPlugin<typeof options> = {
  id: 'dnc',
  label: 'DNC',
  description: 'Differentiable Neural Computer: an LSTM controller reading and writing an N × W memory with temporal links.',
  options,
  create: dncCell,
  cost: ({ inputSize, hiddenSize: H, options: given }) => {
    const { memSlots: N, memWidth: W, readHeads: R } = checkedCellOptions('DNC', options, given);
    const sizes: DncSizes = { hidden: H, slots: N, width: W, reads: R };
    const I = interfaceWidth(sizes);
    return {
      parameters: (inputSize + H + R * W + 1) * 4 * H + (H + 1) * I,
      outputSize: H + R * W,
      stateWidth: stateWidths(sizes).reduce((a, b) => a + b, 0),
      // Per update and batch row: the N × N link update and the allocation's sort matrix, the memory's erase and
      // write, R + 1 content addressings and the read-mode mix, the controller LSTM and the interface.
      // Calibrated against tf.profile in resources.test.ts.
      tapeFloatsPerUpdate: 12 * N * N + 12 * N * W + 25 * R * N + 40 * N + 21 * H + 3 * I + 4 * R * W,
      macsPerUpdate: (H + R * W) * 4 * H + H * I + (R + 1) * N * W + (2 * R + 2) * N * N + (R + 2) * N * W,
      macsPerInputStep: inputSize * 4 * H,
    };
  },
};
