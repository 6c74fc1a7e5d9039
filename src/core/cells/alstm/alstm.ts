/**
 * The adaptive LSTM (aLSTM) of Flennerhag et al. 2018, as ../shared/spec/alstm-tbptt.md restates the reference
 * code (flennerhag/alstm). One layer, one update, sizes n_in (input), n_h (hidden), n_a (adaptation):
 *   adaptation LSTM on [x, h]:  [i f g o]_a = [x, h]·A + a + z·B;  c_z' = σ(f)⊙c_z + σ(i)⊙tanh(g);  z' = σ(o)⊙tanh(c_z')
 *   policy (no bias):           π = tanh(z'·V), split in this order into π^x (n_in), π^h (n_h), π^Wx, π^Vh, π^b (4n_h each)
 *   IO-adapted pre-activations: [i f g o] = π^Wx ⊙ ((π^x ⊙ x)·W) + π^b ⊙ b + π^Vh ⊙ ((π^h ⊙ h)·U)
 *   LSTM update:                c' = σ(f)⊙c + σ(i)⊙tanh(g);  h' = σ(o)⊙tanh(c')
 * State (h, c, z, c_z). Initialisation as the reference: W and U orthogonal as whole matrices, b = 0 with +1 on
 * the forget slice; A, B, a and V uniform in ±1/√n_a (PyTorch's default), so π starts near zero.
 * In a stack (threadWidth = n_a), as the reference's aLSTM module: the adaptation LSTM reads [x, h, z^{l−1}], the
 * new z of the layer below at the same step; layer 0 reads the top layer's z of the previous step (the
 * reference's index −1). One layer reads [x, h] only, so one-layer models are as before.
 *
 * The input cannot be projected ahead of the update (the policy that scales it depends on the state), so
 * `projectInput` is the identity (affine, as ACT requires) and `step` does all the work.
 */
import * as tf from '@tensorflow/tfjs';
import type { FieldMap } from '../../../config/fields';
import { matMulKernel } from '../../linear';
import type { NamedVariable } from '../../init';
import { makeVariable } from '../../init';
import type { Rng } from '../../random';
import type { Cell, CellPlugin, DerivedView, StateView } from '../cell';
import { lstmUpdate } from '../lstm';
import { orthogonal } from './orthogonal';

export const alstmOptions = {
  adaptSize: {
    kind: 'int', min: 1, max: 512, default: 16, group: 'model', resets: true, cell: 'alstm',
    label: 'Adaptation units n_a',
    help: 'Size of the small LSTM that reads [x, h] and sets the policy π that rescales the aLSTM\'s weights (paper: 100).',
  },
  adaptThread: {
    kind: 'bool', default: true, group: 'model', resets: true, cell: 'alstm',
    label: 'Thread z through the stack',
    help: 'With several layers: each layer\'s adaptation LSTM also reads the z of the layer below, and the first layer the top layer\'s z of the step before (the reference aLSTM). Off: each layer keeps its own z (what links and saved runs of schema version 1 mean).',
  },
} as const satisfies FieldMap;

/** The widths of the policy's parts, in the reference's order. */
export function policyParts(inputSize: number, hiddenSize: number): number[] {
  const gates = 4 * hiddenSize;
  return [inputSize, hiddenSize, gates, gates, gates];
}

export function alstmCell(rng: Rng, prefix: string, inputSize: number, hiddenSize: number, adaptSize: number, threadWidth = 0): Cell {
  if (threadWidth !== 0 && threadWidth !== adaptSize) throw new Error(`an aLSTM layer threads its adaptation state (${adaptSize} wide), not ${threadWidth}`);
  const gates = 4 * hiddenSize;
  const parts = policyParts(inputSize, hiddenSize);
  const policyWidth = parts.reduce((a, b) => a + b, 0);
  const limit = 1 / Math.sqrt(adaptSize);
  const uniform = (name: string, shape: number[]): NamedVariable =>
    makeVariable(name, shape, Float32Array.from({ length: shape[0] * (shape[1] ?? 1) }, () => rng.uniform(-limit, limit)));
  const adaptKernel = uniform(`${prefix}/adapt/input_kernel`, [inputSize + hiddenSize + threadWidth, 4 * adaptSize]);
  const adaptRecurrent = uniform(`${prefix}/adapt/recurrent_kernel`, [adaptSize, 4 * adaptSize]);
  const adaptBias = uniform(`${prefix}/adapt/bias`, [4 * adaptSize]);
  const policy = uniform(`${prefix}/policy_kernel`, [adaptSize, policyWidth]);
  const inputKernel = makeVariable(`${prefix}/input_kernel`, [inputSize, gates], orthogonal(rng, inputSize, gates));
  const recurrentKernel = makeVariable(`${prefix}/recurrent_kernel`, [hiddenSize, gates], orthogonal(rng, hiddenSize, gates));
  const biasValues = new Float32Array(gates);
  biasValues.fill(1, hiddenSize, 2 * hiddenSize);
  const bias = makeVariable(`${prefix}/bias`, [gates], biasValues);

  const policyOf = (z: tf.Tensor2D): tf.Tensor2D => tf.tanh(matMulKernel(z, policy.variable));
  const views: StateView[] = [
    view('h', 'Hidden state h', 0, hiddenSize, 'signed'),
    view('c', 'Cell state c', 1, hiddenSize, 'auto'),
    view('z', 'Adaptation state z', 2, adaptSize, 'signed'),
    view('cz', 'Adaptation cell state c_z', 3, adaptSize, 'auto'),
  ];
  const derivedViews: DerivedView[] = [{
    name: 'policy', label: 'Policy π = tanh(V z)', rows: 1, cols: policyWidth, rowLabel: '', colLabel: 'π^x, π^h, π^Wx, π^Vh, π^b',
    range: 'signed', compute: ([, , z]) => policyOf(z),
  }];
  return {
    kind: 'alstm',
    inputSize,
    hiddenSize,
    outputSize: hiddenSize,
    stateWidths: [hiddenSize, hiddenSize, adaptSize, adaptSize],
    variables: [adaptKernel, adaptRecurrent, adaptBias, policy, inputKernel, recurrentKernel, bias],
    views,
    derivedViews,
    thread: { width: adaptSize, of: ([, , z]) => z },
    projectInput: (x) => x,
    step(x, [h, c, z, cz], threaded) {
      if ((threaded === undefined) !== (threadWidth === 0)) throw new Error(`aLSTM ${prefix} was made ${threadWidth ? 'for' : 'without'} a threaded adaptation state`);
      const adaptationInput = tf.concat(threaded ? [x, h, threaded] : [x, h], 1);
      const adaptGates: tf.Tensor2D = tf.add(tf.add(matMulKernel(adaptationInput, adaptKernel.variable), adaptBias.variable), matMulKernel(z, adaptRecurrent.variable));
      const [nextZ, nextCz] = lstmUpdate(adaptGates, cz);
      const [piX, piH, piW, piU, piB] = tf.split(policyOf(nextZ), parts, 1);
      const preActivations: tf.Tensor2D = tf.add(
        tf.add(tf.mul(piW, matMulKernel(tf.mul(piX, x), inputKernel.variable)), tf.mul(piB, bias.variable)),
        tf.mul(piU, matMulKernel(tf.mul(piH, h), recurrentKernel.variable)),
      );
      const [nextH, nextC] = lstmUpdate(preActivations, c);
      return [nextH, nextC, nextZ, nextCz];
    },
    output: ([h]) => h,
  };
}

function view(name: string, label: string, state: number, cols: number, range: StateView['range']): StateView {
  return { name, label, state, offset: 0, rows: 1, cols, rowLabel: '', colLabel: 'unit', range };
}

export const alstmPlugin: CellPlugin<typeof alstmOptions> = {
  id: 'alstm',
  label: 'aLSTM',
  description: 'Adaptive LSTM (Flennerhag et al. 2018): a small adaptation LSTM rescales the input, recurrent and bias terms per step.',
  options: alstmOptions,
  create: ({ rng, prefix, inputSize, hiddenSize, options, threadWidth }) => alstmCell(rng, prefix, inputSize, hiddenSize, options.adaptSize, threadWidth),
  threadWidth: ({ adaptSize, adaptThread }) => (adaptThread ? adaptSize : 0),
  cost: ({ inputSize: I, hiddenSize: H, options: { adaptSize: A }, threadWidth: T = 0 }) => {
    const policyWidth = I + H + 12 * H;
    return {
      parameters: (I + H + T) * 4 * A + A * 4 * A + 4 * A + A * policyWidth + I * 4 * H + H * 4 * H + 4 * H,
      outputSize: H,
      stateWidth: 2 * H + 2 * A,
      // Per update and batch row: the adaptation LSTM, the policy and its split, the IO-scaled products around both
      // matMuls, and the LSTM update. Calibrated against tf.profile in resources.test.ts.
      tapeFloatsPerUpdate: 6 * I + 90 * H + 25 * A,
      macsPerUpdate: (I + H + T) * 4 * A + A * 4 * A + A * policyWidth + I * 4 * H + H * 4 * H,
      // The input is scaled by the policy inside the step: nothing is projected once per input step.
      macsPerInputStep: 0,
    };
  },
};
