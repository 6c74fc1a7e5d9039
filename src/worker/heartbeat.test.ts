import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Heartbeat } from './heartbeat';
import { HEARTBEAT_INTERVAL_MS, silenceLimitMs, startHeartbeat } from './heartbeat';

afterEach(() => vi.useRealTimers());

describe('heartbeat', () => {
  it('posts every interval with the longest gap seen so far', () => {
    vi.useFakeTimers();
    let time = 0;
    const beats: Heartbeat[] = [];
    const { stop } = startHeartbeat((beat) => beats.push(beat), () => time);
    time += 1000;
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    time += 4000; // a tick that came late: the worker was blocked
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    time += 1000;
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    stop();
    vi.advanceTimersByTime(5 * HEARTBEAT_INTERVAL_MS);
    expect(beats.map((beat) => beat.longestGapMs)).toEqual([1000, 4000, 4000]);
  });

  it('announces a gap the worker is about to make at once, until it is withdrawn', () => {
    vi.useFakeTimers();
    let time = 0;
    const beats: Heartbeat[] = [];
    const heartbeat = startHeartbeat((beat) => beats.push(beat), () => time);
    heartbeat.expectGap(60_000);
    time += 1000;
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    heartbeat.expectGap(0);
    heartbeat.stop();
    expect(beats.map((beat) => beat.longestGapMs)).toEqual([60_000, 60_000, 1000]);
  });

  it('beats from inside long synchronous work once an interval has passed, so the gap it reports stays short', () => {
    vi.useFakeTimers();
    let time = 0;
    const beats: Heartbeat[] = [];
    const heartbeat = startHeartbeat((beat) => beats.push(beat), () => time);
    // 30 s of work that never lets the timer run, with a pause point every 400 ms.
    for (let update = 0; update < 75; update++) {
      time += 400;
      heartbeat.beatIfDue();
    }
    expect(beats.length).toBe(25);
    expect(Math.max(...beats.map((beat) => beat.longestGapMs))).toBe(1200);
    heartbeat.beatIfDue(); // not due yet: nothing
    expect(beats.length).toBe(25);
    heartbeat.stop();
  });

  it('allows three times the longest gap, at least 10 s', () => {
    expect(silenceLimitMs(0)).toBe(10_000);
    expect(silenceLimitMs(6_000)).toBe(20_000);
  });
});
