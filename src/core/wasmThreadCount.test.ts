import { afterEach, describe, expect, it } from 'vitest';
import { withThreadCap } from './wasmThreadCount';

/** A navigator like a browser's: hardwareConcurrency is a getter on the prototype, not an own property. */
class FakeNavigator {
  get hardwareConcurrency(): number {
    return 2;
  }
}

const scope = globalThis as { navigator?: unknown };
const hadNavigator = 'navigator' in globalThis;
const original = scope.navigator;

function install(navigator: object): void {
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
}

afterEach(() => {
  if (hadNavigator) install(original as object);
  else delete scope.navigator;
});

describe('withThreadCap', () => {
  it('shows the module twice the threads wanted while it starts, and the real count again after', async () => {
    const navigator = new FakeNavigator();
    install(navigator);
    const seen = await withThreadCap(2, async () => navigator.hardwareConcurrency);
    expect(seen).toBe(4);
    expect(navigator.hardwareConcurrency).toBe(2);
    expect(Object.getOwnPropertyDescriptor(navigator, 'hardwareConcurrency')).toBeUndefined();
  });

  it('restores the real count when the start fails', async () => {
    const navigator = new FakeNavigator();
    install(navigator);
    await expect(withThreadCap(3, () => Promise.reject(new Error('no backend')))).rejects.toThrow('no backend');
    expect(navigator.hardwareConcurrency).toBe(2);
  });

  it('leaves the navigator alone for one thread, and runs without one (Node)', async () => {
    const navigator = new FakeNavigator();
    install(navigator);
    expect(await withThreadCap(1, async () => navigator.hardwareConcurrency)).toBe(2);
    delete scope.navigator;
    expect(await withThreadCap(4, async () => 'started')).toBe('started');
  });

  it('starts unchanged where the navigator cannot be changed', async () => {
    const navigator = Object.freeze(new FakeNavigator());
    install(navigator);
    expect(await withThreadCap(2, async () => navigator.hardwareConcurrency)).toBe(2);
  });
});
