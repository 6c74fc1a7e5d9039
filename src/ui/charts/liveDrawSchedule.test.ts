import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveDrawSchedule } from './liveDrawSchedule';

describe('LiveDrawSchedule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A schedule on the fake clock, and the times (ms) at which it drew. */
  function scheduled(intervalMs = 200) {
    const drawnAt: number[] = [];
    const schedule = new LiveDrawSchedule(intervalMs, () => Date.now());
    let version = 0;
    /** New data each call. */
    const request = () => schedule.request([++version], () => drawnAt.push(Date.now()));
    return { schedule, request, drawnAt };
  }

  it('draws the first request at once and folds the requests of one interval into one draw at its end', () => {
    const { request, drawnAt } = scheduled();
    const start = Date.now();
    request();
    expect(drawnAt).toEqual([start]);
    for (let t = 0; t < 10; t++) {
      vi.advanceTimersByTime(50);
      request();
    }
    // Requests at 50 … 500 ms: draws at 200 and 400 (each folding the requests before it), and 600 for the last ones.
    vi.advanceTimersByTime(1000);
    expect(drawnAt.map((at) => at - start)).toEqual([0, 200, 400, 600]);
  });

  it('draws nothing more without a new request', () => {
    const { request, drawnAt } = scheduled();
    request();
    vi.advanceTimersByTime(5000);
    expect(drawnAt).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    request();
    expect(drawnAt).toHaveLength(2);
  });

  it('keeps a hidden chart’s requests and draws them once, when it becomes visible', () => {
    const { schedule, request, drawnAt } = scheduled();
    schedule.setVisible(false);
    for (let t = 0; t < 20; t++) {
      request();
      vi.advanceTimersByTime(100);
    }
    expect(drawnAt).toHaveLength(0);
    schedule.setVisible(true);
    expect(drawnAt).toHaveLength(1);
    schedule.setVisible(false);
    schedule.setVisible(true);
    expect(drawnAt).toHaveLength(1);
  });

  it('holds a draw that falls due while hidden until the chart is visible again', () => {
    const { schedule, request, drawnAt } = scheduled();
    request();
    request();
    schedule.setVisible(false);
    vi.advanceTimersByTime(1000);
    expect(drawnAt).toHaveLength(1);
    schedule.setVisible(true);
    expect(drawnAt).toHaveLength(2);
  });

  it('runs the latest request’s draw (the one that sees the newest data)', () => {
    const { schedule } = scheduled();
    const drawn: string[] = [];
    schedule.request([1], () => drawn.push('first'));
    schedule.request([2], () => drawn.push('second'));
    schedule.request([3], () => drawn.push('third'));
    vi.advanceTimersByTime(1000);
    expect(drawn).toEqual(['first', 'third']);
  });

  it('draws a request again only where one of its inputs changed (by identity)', () => {
    const { schedule } = scheduled();
    const drawn: string[] = [];
    const evaluations = [{ step: 1 }];
    schedule.request([1, evaluations], () => drawn.push('first'));
    vi.advanceTimersByTime(1000);
    schedule.request([1, evaluations], () => drawn.push('same data'));
    schedule.request([1, [...evaluations]], () => drawn.push('a new array'));
    vi.advanceTimersByTime(1000);
    schedule.request([1, [...evaluations], 'more'], () => drawn.push('another input'));
    vi.advanceTimersByTime(1000);
    expect(drawn).toEqual(['first', 'a new array', 'another input']);
  });

  it('draws no pending request after it is disposed', () => {
    const { schedule, request, drawnAt } = scheduled();
    request();
    request();
    schedule.dispose();
    vi.advanceTimersByTime(1000);
    expect(drawnAt).toHaveLength(1);
  });
});
