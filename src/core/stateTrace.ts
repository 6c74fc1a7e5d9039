/**
 * The values of a model's named state views (Cell.views, then Cell.derivedViews such as the aLSTM's policy π,
 * computed from each kept state) while it reads a few traced sequences: per pondering
 * unit, the state after every ponder update and the state each input step ends with (the mean field with ACT,
 * the one update without). Part of the trace's separate forward pass (trace.ts), never of training.
 *
 * Size: a frame is one state of one unit (Σ rows·cols of its views). A DNC's 64×64 links alone are 4,096 values
 * per frame, and a 40-step sequence pondering 10 times has 440 frames, so each sequence gets a cap on the values
 * kept (planFrames): first the ponder updates of fewer input steps are dropped (every k-th input step keeps them),
 * then, if the end states alone are too many, only every j-th input step is kept.
 */
import * as tf from '@tensorflow/tfjs';
import type { Cell, ViewShape } from './cells/cell';
import type { ForwardObserver } from './model';

/** One pondering unit's views over one sequence, as flat typed arrays (no per-value objects). */
export interface StateFrames {
  /** The cell's state views, then its derived views (plain data: no compute function, so it can be posted). */
  views: ViewShape[];
  /** The input steps whose states were kept, ascending (every step unless the cap thinned them). */
  steps: Int32Array;
  /** Per kept step: how many ponder updates' states were kept before its end state (0 without ACT or when capped). */
  updates: Int32Array;
  /**
   * Per view: every frame's rows·cols values (row-major) one after another. A kept step's frames are its
   * updates 1…updates[i], then the state it ends with.
   */
  values: Float32Array[];
}

/** Which input steps keep their end state and which also keep their ponder updates. */
export interface FramePlan {
  steps: number[];
  /** Per kept step: keep its ponder updates too. */
  withUpdates: boolean[];
}

/**
 * Fits one sequence's frames into `maxValues`. `pondered[t][u]`: how many updates unit u made at input step t
 * (0 without ACT); `frameSizes[u]`: values per frame of unit u. All steps and updates when they fit; else every
 * end state and the updates of every k-th step (smallest k that fits, none if even one step's are too many);
 * else the end states of every j-th step (smallest j that fits; nothing if one end state is too many).
 */
export function planFrames(pondered: readonly (readonly number[])[], frameSizes: readonly number[], maxValues: number): FramePlan {
  const length = pondered.length;
  const endCost = frameSizes.reduce((a, b) => a + b, 0);
  const updateCost = pondered.map((units) => units.reduce((sum, n, u) => sum + n * frameSizes[u], 0));
  const every = (stride: number) => Array.from({ length }, (_, t) => t).filter((t) => t % stride === 0);
  const all = every(1);
  if (length * endCost <= maxValues) {
    for (let k = 1; k <= Math.max(length, 1); k++) {
      const chosen = new Set(every(k));
      const cost = length * endCost + [...chosen].reduce((sum, t) => sum + updateCost[t], 0);
      if (cost <= maxValues) return { steps: all, withUpdates: all.map((t) => chosen.has(t)) };
    }
    return { steps: all, withUpdates: all.map(() => false) };
  }
  for (let j = 2; j <= length; j++) {
    const steps = every(j);
    if (steps.length * endCost <= maxValues) return { steps, withUpdates: steps.map(() => false) };
  }
  return { steps: [], withUpdates: [] };
}

/** The frame (0-based) of a kept step's update n (1-based), or of the state it ends with when n is absent. */
export function frameIndex(frames: Pick<StateFrames, 'updates'>, keptIndex: number, update?: number): number {
  let frame = 0;
  for (let i = 0; i < keptIndex; i++) frame += frames.updates[i] + 1;
  return frame + (update === undefined ? frames.updates[keptIndex] : update - 1);
}

/** The rows·cols values of view v in a frame (a view into the stored array, no copy). */
export function viewFrame(frames: StateFrames, view: number, frame: number): Float32Array {
  const { rows, cols } = frames.views[view];
  return frames.values[view].subarray(frame * rows * cols, (frame + 1) * rows * cols);
}

/** What one sequence of the batch is, for reading its frames back. */
export interface TracedRow {
  row: number;
  /** pondered[t][u] for t < the sequence's length: updates unit u made (0 without ACT). */
  pondered: number[][];
}

/**
 * Keeps the state tensors a forward pass hands its observer (`ponderStep` records and `endState`), then reads
 * back the views of chosen rows. Use inside the forward's tf.tidy; call dispose() when done.
 */
export class StateRecorder {
  private readonly updates = new Map<string, tf.Tensor2D[]>();
  private readonly ends = new Map<string, tf.Tensor2D[]>();
  private readonly starts: number[][];

  constructor(private readonly cells: readonly Cell[]) {
    this.starts = cells.map((cell) => viewColumns(cell));
  }

  readonly observer: Required<Pick<ForwardObserver, 'ponderStep' | 'endState'>> = {
    ponderStep: (t, u, record) => void this.updates.set(`${t}/${u}/${record.n}`, record.state.map((s) => tf.keep(s))),
    endState: (t, u, state) => void this.ends.set(`${t}/${u}`, state.map((s) => tf.keep(s))),
  };

  /** The frames of each row, per unit, capped at `maxValues` view values per row. */
  async read(rows: readonly TracedRow[], maxValues: number): Promise<StateFrames[][]> {
    const shown = this.cells.map(shownViews);
    const sizes = shown.map((views) => views.reduce((sum, view) => sum + view.rows * view.cols, 0));
    const plans = rows.map(({ pondered }) => planFrames(pondered, sizes, maxValues));
    // A frame's row: the whole state (its tensors side by side), then each derived view's values.
    const frameWidth = this.cells.map((cell) => [...cell.stateWidths, ...derivedOf(cell).map((view) => view.rows * view.cols)].reduce((a, b) => a + b, 0));
    // Per row and unit: every kept frame, read back as one [frames, frameWidth] tensor.
    const tensors: (tf.Tensor2D | null)[][] = [];
    tf.tidy(() => {
      const whole = this.cells.map(() => new Map<tf.Tensor2D[], tf.Tensor2D>());
      const wholeOf = (u: number, state: tf.Tensor2D[]) => {
        if (!whole[u].has(state)) {
          const parts = [...state, ...derivedOf(this.cells[u]).map((view) => view.compute(state))];
          whole[u].set(state, parts.length === 1 ? parts[0] : (tf.concat(parts, 1) as tf.Tensor2D));
        }
        return whole[u].get(state)!;
      };
      rows.forEach(({ row, pondered }, r) =>
        tensors.push(
          this.cells.map((_, u) => {
            const frames = this.framesOf(plans[r], pondered, u);
            if (frames.length === 0 || sizes[u] === 0) return null;
            return tf.keep(tf.concat(frames.map((state) => tf.slice(wholeOf(u, state), [row, 0], [1, frameWidth[u]])), 0) as tf.Tensor2D);
          }),
        ),
      );
    });
    try {
      const read = await Promise.all(tensors.map((units) => Promise.all(units.map((tensor) => (tensor ? tensor.data() : null)))));
      return rows.map(({ pondered }, r) =>
        this.cells.map((_, u) => {
          const plan = plans[r];
          const updates = Int32Array.from(plan.steps, (t, i) => (plan.withUpdates[i] ? pondered[t][u] : 0));
          const flat = (read[r][u] ?? new Float32Array(0)) as Float32Array;
          const frameCount = flat.length / frameWidth[u] || 0;
          const values = shown[u].map((view, v) => {
            const size = view.rows * view.cols;
            const out = new Float32Array(frameCount * size);
            for (let f = 0; f < frameCount; f++) {
              const from = f * frameWidth[u] + this.starts[u][v];
              out.set(flat.subarray(from, from + size), f * size);
            }
            return out;
          });
          return { views: shown[u], steps: Int32Array.from(plan.steps), updates, values };
        }),
      );
    } finally {
      for (const units of tensors) for (const tensor of units) tensor?.dispose();
    }
  }

  dispose(): void {
    for (const state of [...this.updates.values(), ...this.ends.values()]) tf.dispose(state);
    this.updates.clear();
    this.ends.clear();
  }

  /** Unit u's kept states of one row's plan, in frame order. */
  private framesOf(plan: FramePlan, pondered: number[][], u: number): tf.Tensor2D[][] {
    return plan.steps.flatMap((t, i) => {
      const updates = plan.withUpdates[i] ? Array.from({ length: pondered[t][u] }, (_, n) => this.updates.get(`${t}/${u}/${n + 1}`)!) : [];
      return [...updates, this.ends.get(`${t}/${u}`)!];
    });
  }
}

const derivedOf = (cell: Cell) => cell.derivedViews ?? [];

/** The views a panel draws, as plain data: the state views, then the derived views without their compute. */
function shownViews(cell: Cell): ViewShape[] {
  const shape = ({ name, label, rows, cols, rowLabel, colLabel, range }: ViewShape): ViewShape => ({ name, label, rows, cols, rowLabel, colLabel, range });
  return [...cell.views, ...derivedOf(cell)].map(shape);
}

/**
 * Where each shown view starts in a frame's row (the state tensors side by side, then the derived views); a state
 * view that does not fit its state is refused.
 */
function viewColumns(cell: Cell): number[] {
  const firsts = cell.stateWidths.map((_, i) => cell.stateWidths.slice(0, i).reduce((a, b) => a + b, 0));
  const stored = cell.views.map((view) => {
    const width = cell.stateWidths[view.state];
    if (width === undefined || view.offset < 0 || view.rows < 1 || view.cols < 1 || view.offset + view.rows * view.cols > width) {
      throw new Error(
        `State view "${view.name}" of cell ${cell.kind} does not fit its state: tensor ${view.state} ` +
          `(width ${width ?? 'none'}), columns ${view.offset}…${view.offset + view.rows * view.cols - 1}.`,
      );
    }
    return firsts[view.state] + view.offset;
  });
  let next = cell.stateWidths.reduce((a, b) => a + b, 0);
  const derived = derivedOf(cell).map((view) => {
    const start = next;
    next += view.rows * view.cols;
    return start;
  });
  return [...stored, ...derived];
}
