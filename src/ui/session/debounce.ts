/** Runs the latest scheduled call once things have been quiet for `delayMs` (e.g. URL writes while a slider moves). */
export interface Debounced<T> {
  schedule(value: T): void;
  /** Runs the waiting call now, if any. */
  flush(): void;
  cancel(): void;
}

export interface Timers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function debounce<T>(run: (value: T) => void, delayMs: number, timers: Timers = realTimers): Debounced<T> {
  let waiting: { value: T } | null = null;
  let handle: unknown = null;
  const fire = () => {
    const call = waiting;
    waiting = null;
    handle = null;
    if (call) run(call.value);
  };
  return {
    schedule(value) {
      waiting = { value };
      if (handle !== null) timers.clear(handle);
      handle = timers.set(fire, delayMs);
    },
    flush() {
      if (handle !== null) timers.clear(handle);
      fire();
    },
    cancel() {
      if (handle !== null) timers.clear(handle);
      waiting = null;
      handle = null;
    },
  };
}
