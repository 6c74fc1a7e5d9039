/**
 * The FLOP model of one ACT training step: the matMul work actually done, counted from the config and the cell
 * updates the engine reports (`StepMetrics.work`: the ponder steps run over the batch's input steps, each counted
 * as the fraction of the batch it computed — the whole batch where halted rows ride along, the running rows only
 * where ACT's loop leaves the halted ones out, on WASM and CPU).
 *
 * With B = batch, H = hidden, G = gate blocks (rnn 1, gru 3, lstm 4), S = state width (rnn/gru H, lstm 2H),
 * I = task input size (+1 for the ACT flag), O = logits, T = input steps of the batch, U = cell updates:
 *   forward  = U·(2·B·H·G·H + 2·B·S)                  recurrent matMul + halting unit, per cell update
 *            + T·(2·B·(I+1)·G·H + 2·B·H·O)           input projection (all steps in one matMul) + output head
 *            + 2·2·(I+1)·G·H                           the flag's row of W, probed once per forward (act.ts)
 *   backward = 2·forward                              (dX and dW of every matMul)
 *   step     = 3·forward
 * Elementwise work (gates, mean field, Adam) is not counted: it is O(B·H) per update, not O(B·H²).
 */
import type { Config } from '../src/config/schema';
import { logitWidth } from '../src/core/types';
import { getTask } from '../src/tasks/registry';

export const FLOP_FORMULA =
  'step = 3 × forward (backward = 2 × forward); forward = U·(2·B·H·G·H + 2·B·S) + T·(2·B·(I+1)·G·H + 2·B·H·O) + 4·(I+1)·G·H, ' +
  'B batch, H hidden, G gate blocks (rnn 1, gru 3, lstm 4), S state width (rnn/gru H, lstm 2H), I input size, ' +
  'O logits, T input steps, U cell updates computed, in whole batches (StepMetrics.work).';

/** The plain cells this FLOP model covers. */
type CellKind = 'rnn' | 'gru' | 'lstm';

const GATES: Record<CellKind, number> = { rnn: 1, gru: 3, lstm: 4 };
const STATE_TENSORS: Record<CellKind, number> = { rnn: 1, gru: 1, lstm: 2 };

export interface StepShape {
  cell: CellKind;
  batch: number;
  hidden: number;
  inputSize: number;
  outputs: number;
  /** Input steps T of the batch (padded length). */
  inputSteps: number;
  /** Cell updates U computed over the batch's input steps, in whole batches. */
  updates: number;
}

/** FLOPs of one training step (see the file comment). */
export function trainingStepFlops({ cell, batch: B, hidden: H, inputSize: I, outputs: O, inputSteps: T, updates: U }: StepShape): number {
  const G = GATES[cell];
  const S = STATE_TENSORS[cell] * H;
  const perUpdate = 2 * B * H * G * H + 2 * B * S;
  const perInputStep = 2 * B * (I + 1) * G * H + 2 * B * H * O;
  const flagProbe = 2 * 2 * (I + 1) * G * H;
  return 3 * (U * perUpdate + T * perInputStep + flagProbe);
}

/** FLOPs of an n×n by n×n matMul. */
export const matMulFlops = (n: number): number => 2 * n ** 3;

/** The step shape of a single-layer ACT config, given what the step did. */
export function stepShape(config: Config, inputSteps: number, updates: readonly number[]): StepShape {
  if (config.halting !== 'act' || config.layers !== 1) throw new Error('the FLOP model covers single-layer ACT configs only');
  const dims = getTask(config.task).dims(config);
  return {
    cell: config.cell as CellKind,
    batch: config.batch,
    hidden: config.hidden,
    inputSize: dims.inputSize,
    outputs: logitWidth(dims.head),
    inputSteps,
    updates: updates.reduce((a, b) => a + b, 0),
  };
}

/** Hand-computed cases; throws if the model disagrees (run at the start of every bench). */
export function checkFlopModel(): void {
  // rnn, B 3, H 2, I 4, O 1, T 1, U 2: updates 2·(24 + 12) = 72; input step 2·3·5·2 + 2·3·2 = 72; probe 2·2·5·2 = 40;
  //   3·184 = 552.
  // lstm, B 1, H 2, I 1, O 2, T 2, U 3: updates 3·(32 + 8) = 120; input steps 2·(32 + 8) = 80; probe 2·2·2·8 = 64;
  //   3·264 = 792.
  const cases: [StepShape, number][] = [
    [{ cell: 'rnn', batch: 3, hidden: 2, inputSize: 4, outputs: 1, inputSteps: 1, updates: 2 }, 552],
    [{ cell: 'lstm', batch: 1, hidden: 2, inputSize: 1, outputs: 2, inputSteps: 2, updates: 3 }, 792],
  ];
  for (const [shape, expected] of cases) {
    const got = trainingStepFlops(shape);
    if (got !== expected) throw new Error(`FLOP model: ${JSON.stringify(shape)} gives ${got}, expected ${expected}`);
  }
}
