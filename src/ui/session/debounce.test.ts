import { describe, expect, it } from 'vitest';
import { debounce, type Timers } from './debounce';

/** Timers driven by hand: `advance(ms)` runs what is due. */
function manualTimers(): Timers & { advance(ms: number): void } {
  let now = 0;
  let next = 1;
  const waiting = new Map<number, { at: number; callback: () => void }>();
  return {
    set(callback, delayMs) {
      waiting.set(next, { at: now + delayMs, callback });
      return next++;
    },
    clear(handle) {
      waiting.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [handle, timer] of [...waiting]) {
        if (timer.at <= now) {
          waiting.delete(handle);
          timer.callback();
        }
      }
    },
  };
}

describe('debounce', () => {
  it('runs once, with the latest value, after things go quiet', () => {
    const timers = manualTimers();
    const written: string[] = [];
    const writer = debounce((value: string) => written.push(value), 300, timers);
    writer.schedule('a');
    timers.advance(200);
    writer.schedule('b');
    timers.advance(200);
    writer.schedule('c');
    timers.advance(299);
    expect(written).toEqual([]);
    timers.advance(1);
    expect(written).toEqual(['c']);
    timers.advance(1000);
    expect(written).toEqual(['c']);
  });

  it('flushes the waiting call at once, and cancels it', () => {
    const timers = manualTimers();
    const written: number[] = [];
    const writer = debounce((value: number) => written.push(value), 300, timers);
    writer.schedule(1);
    writer.flush();
    expect(written).toEqual([1]);
    writer.flush();
    expect(written).toEqual([1]);
    writer.schedule(2);
    writer.cancel();
    timers.advance(1000);
    expect(written).toEqual([1]);
  });
});
