/**
 * Learning-curve points in bounded memory: every row is kept until the buffer holds `capacity` points; then
 * neighbouring points are merged pairwise (averaged) and each new point averages twice as many steps. So a long
 * run keeps its whole history at a resolution that halves as it doubles, and drawing cost stays bounded.
 */
export interface CurvePoints {
  /** Values per column, oldest first; the last point may be a partial bucket. */
  columns: Float64Array[];
  length: number;
  /** How many training steps each full point averages. */
  stride: number;
}

export class CurveBuffer {
  readonly width: number;
  readonly capacity: number;
  private data: Float64Array[];
  private count = 0;
  private strideSteps = 1;
  private readonly partial: Float64Array;
  private partialCount = 0;

  constructor(width: number, capacity = 2000) {
    if (capacity < 2 || capacity % 2 !== 0) throw new Error('capacity must be an even number of at least 2');
    this.width = width;
    this.capacity = capacity;
    this.data = Array.from({ length: width }, () => new Float64Array(capacity));
    this.partial = new Float64Array(width);
  }

  get stride(): number {
    return this.strideSteps;
  }

  /** Number of points `points()` returns. */
  get length(): number {
    return this.count + (this.partialCount > 0 ? 1 : 0);
  }

  /** Adds one row (one training step: `width` numbers). */
  push(row: ArrayLike<number>): void {
    for (let c = 0; c < this.width; c++) this.partial[c] += row[c];
    this.partialCount += 1;
    if (this.partialCount < this.strideSteps) return;
    for (let c = 0; c < this.width; c++) this.data[c][this.count] = this.partial[c] / this.partialCount;
    this.count += 1;
    this.partial.fill(0);
    this.partialCount = 0;
    if (this.count === this.capacity) this.halve();
  }

  /** Adds `rows.length / width` packed rows. */
  pushRows(rows: ArrayLike<number>): void {
    const row = new Float64Array(this.width);
    for (let start = 0; start + this.width <= rows.length; start += this.width) {
      for (let c = 0; c < this.width; c++) row[c] = rows[start + c];
      this.push(row);
    }
  }

  points(): CurvePoints {
    const length = this.length;
    const columns = this.data.map((column, c) => {
      const out = new Float64Array(length);
      out.set(column.subarray(0, this.count));
      if (this.partialCount > 0) out[this.count] = this.partial[c] / this.partialCount;
      return out;
    });
    return { columns, length, stride: this.strideSteps };
  }

  clear(): void {
    this.data.forEach((column) => column.fill(0));
    this.partial.fill(0);
    this.count = 0;
    this.partialCount = 0;
    this.strideSteps = 1;
  }

  private halve(): void {
    for (const column of this.data) {
      for (let i = 0; i < this.count / 2; i++) column[i] = (column[2 * i] + column[2 * i + 1]) / 2;
    }
    this.count /= 2;
    this.strideSteps *= 2;
  }
}
