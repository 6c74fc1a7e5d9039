/**
 * When a live chart draws (useLiveDraw.ts): a request draws at once if the chart is visible and the last draw is at
 * least `minIntervalMs` old, else once that interval has passed (requests meanwhile fold into that one draw), and a
 * hidden chart draws when it becomes visible again. No DOM here: the caller reports visibility.
 */
export class LiveDrawSchedule {
  private visible = true;
  /** The latest request's draw, not drawn yet. */
  private pending: (() => void) | undefined;
  private lastDrawAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The drawn data changed: `draw` draws it (it replaces any earlier request's draw not run yet). */
  request(draw: () => void): void {
    this.pending = draw;
    this.drawWhenDue();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.pending) this.drawWhenDue();
  }

  /** Cancels a pending draw (the chart is gone). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
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
