import type { Rng } from '../../random';

/**
 * A seeded (semi-)orthogonal [rows, cols] matrix, row-major, as PyTorch's `nn.init.orthogonal_` draws it: a
 * standard normal matrix, QR-factorised along its shorter side with R's diagonal made positive. So the
 * min(rows, cols) vectors along the shorter side are orthonormal (rows when rows ≤ cols, else columns).
 * Gram–Schmidt (twice, for float accuracy) gives the same Q as QR with the sign correction.
 */
export function orthogonal(rng: Rng, rows: number, cols: number): Float32Array {
  const count = Math.min(rows, cols);
  const length = Math.max(rows, cols);
  const vectors = Array.from({ length: count }, () => Float64Array.from({ length }, () => rng.normal()));
  vectors.forEach((vector, i) => {
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < i; j++) {
        const projection = dot(vector, vectors[j]);
        for (let k = 0; k < length; k++) vector[k] -= projection * vectors[j][k];
      }
    }
    const norm = Math.sqrt(dot(vector, vector));
    for (let k = 0; k < length; k++) vector[k] /= norm;
  });
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = rows <= cols ? vectors[r][c] : vectors[c][r];
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let total = 0;
  for (let k = 0; k < a.length; k++) total += a[k] * b[k];
  return total;
}
