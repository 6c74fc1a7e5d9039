/**
 * Sparse Access Memory (Rae et al. 2016) as a cell plug-in: the DNC's LSTM controller (memory/controller.ts)
 * with R read heads that each see their K most similar rows and one write to the previously read rows or the
 * least recently used one (step.ts). State layout and initial values: layout.ts; docs/weights.md "SAM".
 *
 * Weights under `{prefix}` (e.g. layer0/sam): controller/input_kernel [in, 4H], controller/recurrent_kernel
 * [H, 4H], controller/read_kernel [R·W, 4H], controller/bias [4H], interface/kernel [H, I], interface/bias
 * [I], I = R·W + R + W + 2. Output: [h, r_t] clipped to ±20 (width H + R·W).
 */
import * as tf from '@tensorflow/tfjs';
import type { FieldMap } from '../../../config/fields';
import { constantVector, kernel } from '../../init';
import { matMulKernel } from '../../linear';
import type { Cell, CellArgs, CellCost, CellPlugin } from '../cell';
import { CLIP, controllerVariables } from '../memory/controller';
import { checkedCellOptions } from '../memory/options';
import type { SamSizes } from './layout';
import { STATE_PARTS, interfaceWidth, stateViews, stateWidths } from './layout';
import { SPARSE_MEMORY_OPTIONS } from './options';
import type { SamSettings } from './step';
import { samStep } from './step';

const CONTROLLER_H = STATE_PARTS.indexOf('controllerH');
const READ_VECTORS = STATE_PARTS.indexOf('readVectors');

/** What SAM and SDNC build alike: sizes, weights and the Cell around a step function. */
export function sparseMemoryCell(
  kind: string, label: string, args: CellArgs<typeof SPARSE_MEMORY_OPTIONS>, extraStateWidths: readonly number[],
  build: (settings: SamSettings) => Pick<Cell, 'step' | 'views'>,
): Cell {
  const { rng, prefix, inputSize, hiddenSize } = args;
  const { sparseSlots, sparseWidth, sparseHeads, sparseReads } = checkedCellOptions(label, SPARSE_MEMORY_OPTIONS, args.options);
  const sizes: SamSizes = { hidden: hiddenSize, slots: sparseSlots, width: sparseWidth, reads: sparseHeads, sparseReads: Math.min(sparseReads, sparseSlots) };
  const controller = controllerVariables(rng, prefix, inputSize, hiddenSize, sparseHeads * sparseWidth);
  const interfaceKernel = kernel(rng, `${prefix}/interface/kernel`, hiddenSize, interfaceWidth(sizes));
  const interfaceBias = constantVector(`${prefix}/interface/bias`, interfaceWidth(sizes));
  const { step, views } = build({
    sizes,
    weights: {
      recurrentKernel: controller.recurrentKernel.variable, readKernel: controller.readKernel.variable,
      interfaceKernel: interfaceKernel.variable, interfaceBias: interfaceBias.variable,
    },
  });
  return {
    kind,
    inputSize,
    hiddenSize,
    outputSize: hiddenSize + sparseHeads * sparseWidth,
    stateWidths: [...stateWidths(sizes), ...extraStateWidths],
    variables: [controller.inputKernel, controller.recurrentKernel, controller.readKernel, controller.bias, interfaceKernel, interfaceBias],
    views,
    projectInput: (x) => tf.add(matMulKernel(x, controller.inputKernel.variable), controller.bias.variable),
    step,
    output: (state) => tf.clipByValue(tf.concat([state[CONTROLLER_H], state[READ_VECTORS]], 1), -CLIP, CLIP),
  };
}

/**
 * What SAM and SDNC cost (the resource guard): the controller and interface weights; per update the N × W
 * memory the write rebuilds (TF.js has no in-place update) and its dense gradient, the V visible rows (gathered by
 * index, sparseRows.ts), the read weights placed at their slots, the O(N) usage and LRU bookkeeping, the
 * controller. `extraState` and `temporalRows`: SDNC's link lists and the 2·K_L linked rows per read. Calibrated in
 * resources.test.ts.
 */
export function sparseMemoryCost(
  label: string, args: Omit<CellArgs<typeof SPARSE_MEMORY_OPTIONS>, 'rng' | 'prefix'>, extraState = 0, temporalRows = 0,
): CellCost {
  const { inputSize: I, hiddenSize: H } = args;
  const { sparseSlots: N, sparseWidth: W, sparseHeads: R, sparseReads } = checkedCellOptions(label, SPARSE_MEMORY_OPTIONS, args.options);
  const sizes: SamSizes = { hidden: H, slots: N, width: W, reads: R, sparseReads: Math.min(sparseReads, N) };
  const interfaceSize = interfaceWidth(sizes);
  const visible = R * sizes.sparseReads + temporalRows + 1;
  return {
    parameters: (I + H + R * W + 1) * 4 * H + (H + 1) * interfaceSize,
    outputSize: H + R * W,
    stateWidth: stateWidths(sizes).reduce((a, b) => a + b, 0) + extraState,
    tapeFloatsPerUpdate: 4 * N * W + 3 * R * N + 3 * visible * W + 10 * N + 21 * H + 3 * interfaceSize + 3 * extraState,
    // The write and its gradient (4 N·W), the top-K similarity and row norms ((R + 1)·N·W), the visible rows.
    macsPerUpdate: (H + R * W) * 4 * H + H * interfaceSize + (R + 5) * N * W + 3 * visible * W,
    macsPerInputStep: I * 4 * H,
  };
}

export const samPlugin: CellPlugin<typeof SPARSE_MEMORY_OPTIONS> = {
  id: 'sam',
  label: 'SAM',
  description: 'Sparse Access Memory: an LSTM controller whose heads read their K most similar rows of an N × W memory and write to the rows just read or the least recently used one.',
  options: SPARSE_MEMORY_OPTIONS satisfies FieldMap,
  create: (args) => sparseMemoryCell('sam', 'SAM', args, [], (settings) => ({
    step: (projected, state) => samStep(settings, projected, state),
    views: stateViews(settings.sizes),
  })),
  cost: (args) => sparseMemoryCost('SAM', args),
};
