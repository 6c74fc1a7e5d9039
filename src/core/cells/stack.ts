import type * as tf from '@tensorflow/tfjs';
import type { Cell, DerivedView, StateView } from './cell';

/**
 * Several layers as one cell: one update runs every layer once, bottom to top, and the state is the layers'
 * states concatenated. ACT around a stack makes the whole stack ponder as one. `threads`: the layers were made
 * to read a threaded vector (Cell.thread), passed up the stack and from the top back to the bottom.
 */
export function stackCells(layers: Cell[], threads = false): Cell {
  if (layers.length === 1) return layers[0];
  if (threads && !layers.every((layer) => layer.thread)) throw new Error('a threaded stack needs layers that thread part of their state');
  const counts = layers.map((layer) => layer.stateWidths.length);
  return {
    kind: `stack(${layers.map((layer) => layer.kind).join(',')})`,
    inputSize: layers[0].inputSize,
    hiddenSize: layers[layers.length - 1].hiddenSize,
    outputSize: layers[layers.length - 1].outputSize,
    stateWidths: layers.flatMap((layer) => layer.stateWidths),
    variables: layers.flatMap((layer) => layer.variables),
    views: stackViews(layers, counts),
    derivedViews: stackDerivedViews(layers, counts),
    projectInput: (x) => layers[0].projectInput(x),
    step(projected, state) {
      const next: tf.Tensor2D[] = [];
      let offset = 0;
      let input = projected;
      // The threaded part (the reference aLSTM's z): layer 0 reads the top layer's from the previous step.
      const top = layers[layers.length - 1];
      let threaded = threads ? top.thread!.of(state.slice(state.length - counts[counts.length - 1])) : undefined;
      layers.forEach((layer, index) => {
        const own = state.slice(offset, offset + counts[index]);
        offset += counts[index];
        const updated = layer.step(index === 0 ? input : layer.projectInput(input), own, threaded);
        next.push(...updated);
        input = layer.output(updated);
        if (threads) threaded = layer.thread!.of(updated);
      });
      return next;
    },
    output(state) {
      const top = layers[layers.length - 1];
      return top.output(state.slice(state.length - counts[counts.length - 1]));
    },
  };
}

/** Each layer's views, renamed `layer{l}/…` and pointing at that layer's place in the stacked state. */
function stackViews(layers: Cell[], counts: number[]): StateView[] {
  let first = 0;
  return layers.flatMap((layer, index) => {
    const views = layer.views.map((view) => ({
      ...view,
      name: `layer${index}/${view.name}`,
      label: `${view.label} (layer ${index + 1})`,
      state: view.state + first,
    }));
    first += counts[index];
    return views;
  });
}

/** Each layer's derived views, renamed like stackViews and computed from that layer's part of the state. */
function stackDerivedViews(layers: Cell[], counts: number[]): DerivedView[] {
  let first = 0;
  return layers.flatMap((layer, index) => {
    const start = first;
    first += counts[index];
    return (layer.derivedViews ?? []).map((view) => ({
      ...view,
      name: `layer${index}/${view.name}`,
      label: `${view.label} (layer ${index + 1})`,
      compute: (state: tf.Tensor2D[]) => view.compute(state.slice(start, start + counts[index])),
    }));
  });
}
