import { describe, expect, it } from 'vitest';
import { PROBE_HOLD_MS, ProbeHold } from './probeHold';

/** A clock the test moves by hand. */
function manualTimers() {
  const pending: { at: number; task: () => void }[] = [];
  let now = 0;
  return {
    later: (task: () => void, ms: number) => void pending.push({ at: now + ms, task }),
    advance(ms: number) {
      now += ms;
      for (const timer of pending.filter((entry) => entry.at <= now)) {
        pending.splice(pending.indexOf(timer), 1);
        timer.task();
      }
    },
  };
}

async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('ProbeHold', () => {
  it('holds training until the answer comes, or PROBE_HOLD_MS at most', async () => {
    const timers = manualTimers();
    const hold = new ProbeHold(timers.later);
    expect(await settled(hold.wait())).toBe(true);
    hold.hold();
    expect(await settled(hold.wait())).toBe(false);
    hold.answered();
    expect(await settled(hold.wait())).toBe(true);

    hold.hold();
    timers.advance(PROBE_HOLD_MS - 1);
    expect(await settled(hold.wait())).toBe(false);
    timers.advance(1);
    expect(await settled(hold.wait())).toBe(true);
  });

  it('a late timer of an answered hold does not end a newer one', async () => {
    const timers = manualTimers();
    const hold = new ProbeHold(timers.later);
    hold.hold();
    timers.advance(100);
    hold.answered();
    hold.hold();
    timers.advance(PROBE_HOLD_MS - 100);
    expect(await settled(hold.wait())).toBe(false);
    timers.advance(100);
    expect(await settled(hold.wait())).toBe(true);
  });
});
