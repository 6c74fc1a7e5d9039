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

/** A buffer's exact contents as plain numbers (for saving a run): full points flat, and the partial bucket's sums. */
export interface CurveDump {
  width: number;
  stride: number;
  rows: number[];
  partial: number[];
  partialCount: number;
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

  dump(): CurveDump {
    const rows = Array.from({ length: this.count * this.width }, (_, i) => this.data[i % this.width][Math.floor(i / this.width)]);
    return { width: this.width, stride: this.strideSteps, rows, partial: Array.from(this.partial), partialCount: this.partialCount };
  }

  /**
   * Replaces the contents with a dump's; throws an Error saying what is wrong (changing nothing) on a bad dump. A
   * dump with fewer columns was saved before the later ones were added: they read as missing (NaN) where it has points.
   */
  load(dump: CurveDump): void {
    const numbers = (values: unknown) => Array.isArray(values) && values.every((value) => typeof value === 'number' || value === null);
    const width = dump.width;
    if (!Number.isInteger(width) || width < 1 || width > this.width) throw new Error(`the curves do not have 1 to ${this.width} columns`);
    if (!numbers(dump.rows) || !numbers(dump.partial) || dump.partial.length !== width) throw new Error('the curves hold something other than numbers');
    const count = dump.rows.length / width;
    if (!Number.isInteger(count) || count >= this.capacity) throw new Error(`the curves do not have ${width} columns and fewer than ${this.capacity} points`);
    const stride = dump.stride;
    if (!Number.isInteger(stride) || stride < 1 || (stride & (stride - 1)) !== 0 || !Number.isInteger(dump.partialCount) || dump.partialCount < 0 || dump.partialCount >= stride) {
      throw new Error('the curves have an impossible resolution');
    }
    this.clear();
    for (let c = 0; c < this.width; c++) {
      for (let i = 0; i < count; i++) this.data[c][i] = c < width ? (dump.rows[i * width + c] ?? Number.NaN) : Number.NaN;
      // An empty partial bucket sums to 0 in every column; a started one has no sum for a column it lacks.
      this.partial[c] = c < width ? (dump.partial[c] ?? Number.NaN) : dump.partialCount > 0 ? Number.NaN : 0;
    }
    this.count = count;
    this.partialCount = dump.partialCount;
    this.strideSteps = stride;
  }

  /** Drops the points whose `column` (a step) is past `value`: a run that went back to an earlier step. */
  dropAfter(column: number, value: number): void {
    if (this.partialCount > 0 && this.partial[column] / this.partialCount > value) {
      this.partial.fill(0);
      this.partialCount = 0;
    }
    while (this.count > 0 && this.data[column][this.count - 1] > value) this.count -= 1;
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
