/**
 * x·W for a weight kernel W, with a gradient built from plain matMuls.
 *
 * Why: TF.js's own matMul gradient uses the transposed-operand kernels, which on the WASM backend are 12–37×
 * slower than a plain matMul (measured: [32,512]ᵀ·[32,2048] 105 ms vs 6 ms with an explicit transpose), and an
 * explicit transpose of a large kernel costs as much as several matMuls. So the gradient w.r.t. x uses Wᵀ,
 * transposed once per training step and shared by every ponder step (see `withKernelTransposes`), and the
 * gradient w.r.t. W uses an explicit transpose of the small activation x — shared too by every kernel that reads
 * the same x (an RNN's h feeds both the next update's recurrent matMul and the halting unit).
 */
import * as tf from '@tensorflow/tfjs';

// Keyed by the data, not the tensor: a saved activation is a copy that shares its data with the original.
let transposes: Map<object, tf.Tensor2D> | null = null;

/** Runs `compute` (a forward and backward pass) sharing one transpose per kernel, and per activation, across all its uses. */
export function withKernelTransposes<T>(compute: () => T): T {
  const outer = transposes;
  transposes = new Map();
  try {
    return compute();
  } finally {
    transposes = outer;
  }
}

function transposed(matrix: tf.Tensor2D): tf.Tensor2D {
  if (!transposes) return tf.transpose(matrix);
  const cached = transposes.get(matrix.dataId);
  // A reshape shares its data too: a cached transpose serves only a matrix of the same shape.
  if (cached && !cached.isDisposed && cached.shape[0] === matrix.shape[1] && cached.shape[1] === matrix.shape[0]) return cached;
  const made = tf.transpose(matrix);
  if (!cached || cached.isDisposed) transposes.set(matrix.dataId, made);
  return made;
}

const matMulWithPlainGradients = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, kernel, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  // Only x is saved: the kernel (a variable) outlives the step anyway. The saved copy shares x's data, so the
  // transpose of x is made once for all the kernels that read it.
  save([x]);
  return {
    value: tf.matMul(x, kernel),
    gradFunc: (dy: tf.Tensor, [input]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, transposed(kernel)),
      tf.matMul(transposed(input as tf.Tensor2D), dy as tf.Tensor2D),
    ],
  };
});

/** x [batch, in] · kernel [in, out] (a rank-2 weight variable). */
export function matMulKernel(x: tf.Tensor2D, kernel: tf.Tensor): tf.Tensor2D {
  return matMulWithPlainGradients(x, kernel) as tf.Tensor2D;
}
