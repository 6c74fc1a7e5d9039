import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import type { Cell, CellKind } from './cell';
import { gruCell } from './gru';
import { lstmCell } from './lstm';
import { rnnCell } from './rnn';

const CELL_FACTORIES: Record<CellKind, (rng: Rng, prefix: string, inputSize: number, hiddenSize: number) => Cell> = {
  rnn: rnnCell,
  gru: gruCell,
  lstm: lstmCell,
};

export function makeCell(kind: CellKind, rng: Rng, prefix: string, inputSize: number, hiddenSize: number): Cell {
  return CELL_FACTORIES[kind](rng, prefix, inputSize, hiddenSize);
}

/**
 * Several layers as one cell: one update runs every layer once, bottom to top, and the state is the layers'
 * states concatenated. ACT around a stack makes the whole stack ponder as one.
 */
export function stackCells(layers: Cell[]): Cell {
  if (layers.length === 1) return layers[0];
  const counts = layers.map((layer) => layer.stateWidths.length);
  return {
    kind: `stack(${layers.map((layer) => layer.kind).join(',')})`,
    inputSize: layers[0].inputSize,
    hiddenSize: layers[layers.length - 1].hiddenSize,
    stateWidths: layers.flatMap((layer) => layer.stateWidths),
    variables: layers.flatMap((layer) => layer.variables),
    projectInput: (x) => layers[0].projectInput(x),
    step(projected, state) {
      const next: tf.Tensor2D[] = [];
      let offset = 0;
      let input = projected;
      layers.forEach((layer, index) => {
        const own = state.slice(offset, offset + counts[index]);
        offset += counts[index];
        const updated = layer.step(index === 0 ? input : layer.projectInput(input), own);
        next.push(...updated);
        input = layer.output(updated);
      });
      return next;
    },
    output(state) {
      const top = layers[layers.length - 1];
      return top.output(state.slice(state.length - counts[counts.length - 1]));
    },
  };
}
