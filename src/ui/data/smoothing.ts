/**
 * Smoothing for noisy per-batch curves: an exponential moving average with the start-up bias removed (as
 * TensorBoard does), so that the first points are not pulled towards zero. Non-finite values are skipped:
 * they stay non-finite in the output and do not poison the average.
 */
export function smoothEma(values: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(values.length);
  if (weight <= 0) {
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  let average = 0;
  let debias = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    average = weight * average + (1 - weight) * value;
    debias = weight * debias + (1 - weight);
    out[i] = average / debias;
  }
  return out;
}
