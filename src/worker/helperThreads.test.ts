/**
 * The training worker's helper threads (helperThreads.ts): when a run gets them, and the pool that keeps them from
 * run to run, replaces the dead and reports one that cannot start. The threads here are fakes served in this one
 * (the protocol itself: run/gradientShards.test.ts; real Web Workers: e2e/threads.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import type { BackendInfo } from '../core/backend';
import { initBackend } from '../core/backend';
import { shardServer, type ShardMessage } from '../run/gradientShards';
import { helpersFor, WorkerHelpers } from './helperThreads';

const WASM_ONE_THREAD: BackendInfo = { name: 'wasm', detail: 'WebAssembly, 1 thread, SIMD', software: false, threads: 1 };

describe('how many helpers a run gets', () => {
  it.each([
    ['the logic quick preset on 2 cores (the page keeps one)', 'task=logic&batch=128', WASM_ONE_THREAD, 2, 0],
    ['the logic quick preset on 3 cores', 'task=logic&batch=128', WASM_ONE_THREAD, 3, 1],
    ['a batch of 32 (a part of 16 rows is slower than the whole)', 'task=logic&batch=32', WASM_ONE_THREAD, 4, 0],
    ['8 cores, 512 rows', 'task=parity&batch=512', WASM_ONE_THREAD, 8, 6],
    ['8 cores, 256 rows', 'task=parity&batch=256', WASM_ONE_THREAD, 8, 3],
    ['a threaded backend (it has the cores)', 'task=logic&batch=128', { ...WASM_ONE_THREAD, threads: 3 }, 4, 0],
    ['WebGPU', 'task=logic&batch=128', { name: 'webgpu', detail: 'a GPU', software: false }, 4, 0],
    ['dropout (one mask per batch)', 'task=logic&batch=128&dropout=0.1', WASM_ONE_THREAD, 4, 0],
  ] as const)('%s', (_, text, backend, cores, expected) => {
    expect(helpersFor(configOf(text), backend, cores)).toBe(expected);
  });
});

/** A stand-in for a Web Worker running helper.worker.ts, served in this thread. */
class FakeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  private readonly serve = shardServer((reply) => setTimeout(() => this.onmessage?.({ data: reply })), () => Promise.resolve());

  constructor(private readonly failStart = false) {}

  postMessage(message: ShardMessage): void {
    if (this.failStart) setTimeout(() => this.onerror?.({ message: 'the script did not load', preventDefault: () => undefined }));
    else setTimeout(() => this.serve(message));
  }

  terminate(): void {
    this.terminated = true;
  }
}

describe('the helper pool', () => {
  beforeAll(() => initBackend('cpu'));
  const CPU_AS_WASM: BackendInfo = { ...WASM_ONE_THREAD };

  it('starts helpers for a run that pays, keeps them for the next run, and replaces one that died', async () => {
    const spawned: FakeWorker[] = [];
    const pool = new WorkerHelpers(5, () => {
      spawned.push(new FakeWorker());
      return spawned.at(-1) as unknown as Worker;
    });
    expect((await pool.shardsFor(configOf('task=logic&batch=32'), CPU_AS_WASM)).shards).toEqual([]);
    expect(spawned).toHaveLength(0);
    const first = await pool.shardsFor(configOf('task=parity&bits=4&hidden=8&batch=192'), CPU_AS_WASM);
    expect(first.shards).toHaveLength(2);
    const again = await pool.shardsFor(configOf('task=logic&hidden=8&batch=128'), CPU_AS_WASM);
    expect(again.shards).toEqual([first.shards[0]]);
    spawned[0].onerror?.({ message: 'out of memory', preventDefault: () => undefined });
    const replaced = await pool.shardsFor(configOf('task=logic&hidden=8&batch=128'), CPU_AS_WASM);
    expect(replaced.shards).toEqual([first.shards[1]]);
    expect(spawned).toHaveLength(2);
    pool.discard();
    expect(spawned.every((worker) => worker.terminated)).toBe(true);
  });

  it('a helper that cannot start: no helpers, and why', async () => {
    const pool = new WorkerHelpers(3, () => new FakeWorker(true) as unknown as Worker);
    expect(await pool.shardsFor(configOf('task=logic&hidden=8&batch=128'), CPU_AS_WASM)).toEqual({ shards: [], failure: 'helper thread 1 stopped: the script did not load' });
  });
});
