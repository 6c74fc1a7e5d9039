/**
 * When a live chart draws (useLiveDraw.ts): a request draws at once if the chart is visible and the last draw is at
 * least `minIntervalMs` old, else once that interval has passed (requests meanwhile fold into that one draw), and a
 * hidden chart draws when it becomes visible again. No DOM here: the caller reports visibility.
 */
export class LiveDrawSchedule {
  private visible = true;
  /** The latest request's draw, not drawn yet. */
  private pending: (() => void) | undefined;
  /** What the latest request drew from, to tell a new request with the same data. */
  private inputs: readonly unknown[] | undefined;
  private lastDrawAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The chart's data are `inputs`: where any differs from the last request's (compared one by one, as React compares
   * a hook's dependencies), `draw` draws them, replacing any earlier request's draw not run yet; else nothing changes.
   */
  request(inputs: readonly unknown[], draw: () => void): void {
    const last = this.inputs;
    if (last && last.length === inputs.length && inputs.every((input, i) => Object.is(input, last[i]))) return;
    this.inputs = inputs;
    this.pending = draw;
    this.drawWhenDue();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.pending) this.drawWhenDue();
  }

  /** Cancels a pending draw (the chart is gone); a later request draws whatever its inputs. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.inputs = undefined;
  }

  private drawWhenDue(): void {
    if (!this.visible || this.timer !== undefined) return;
    const wait = this.lastDrawAt + this.minIntervalMs - this.now();
    if (wait <= 0) this.drawNow();
    else this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drawNow();
    }, wait);
  }

  private drawNow(): void {
    const draw = this.pending;
    if (!this.visible || !draw) return;
    this.pending = undefined;
    this.lastDrawAt = this.now();
    draw();
  }
}
