/**
 * `backend=auto` as a measured race: the small quick-preset models dispatch hundreds of tiny kernels a step, and
 * on a GPU that per-kernel cost can make training slower than on WASM. So `auto` trains a few steps of the actual
 * config on each backend that starts, takes the fastest, and remembers the pick per config shape.
 *
 * Not raced: the CPU backend (plain JavaScript, always slower than WASM; it remains the last fallback), WebGPU's
 * software fallback adapter, and, unless asked for (`softwareToo`, the page's `?race=software`), SwiftShader-like
 * WebGL: both are slower than WASM (docs/benchmarks.md: 44× and 8× lower matMul rates here) and their first step
 * compiles shaders for seconds. With a single candidate left there is nothing to time.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import type { BackendEnvironment, BackendInfo, BackendName } from '../core/backend';
import type { Trainer } from '../core/trainer';
import { modelSpecOf } from '../run/engine';
import type { BackendStarter } from './backendFallback';
import type { CompileAllowance } from './compileAllowance';

/** The backends raced, in this order (WASM first: the others must beat it). */
export const RACED: readonly BackendName[] = ['wasm', 'webgl', 'webgpu'];
/** Timed steps per backend, after one warm-up step (shader compilation, WASM start-up)... */
export const RACE_STEPS = 3;
/** ...or fewer, once the timed steps of a backend have taken this long. */
export const RACE_BUDGET_MS = 400;
/** A backend whose warm-up step takes this many times the leader's whole race is not timed further. */
const HOPELESS_FACTOR = 10;

export interface RaceEntry {
  backend: BackendName;
  /** Median of the timed steps; absent when the backend was not timed (see `note`). */
  msPerStep?: number;
  /** The warm-up step (first step on this backend: compilation included). */
  warmupMs?: number;
  steps: number;
  /** Why it was not timed: did not start, software fallback, failed, too slow. */
  note?: string;
}

export interface BackendRace {
  /** The config shape the pick is remembered for. */
  key: string;
  winner: BackendName;
  entries: RaceEntry[];
  /** Wall time of the whole race. */
  ms: number;
  /** True when the pick came from an earlier race (the numbers are that race's). */
  cached: boolean;
}

/** Where picks are remembered (the worker: IndexedDB; tests: memory). */
export interface RaceCache {
  get(key: string): Promise<BackendRace | undefined>;
  set(key: string, race: BackendRace): Promise<void>;
}

export interface RaceDeps {
  start: BackendStarter;
  createTrainer: (config: Config) => Trainer;
  cache: RaceCache;
  now?: () => number;
  /** Makes an already started backend the running one again (default: tf.setBackend). */
  activate?: (backend: BackendName) => Promise<boolean>;
  /** Race software renderers too (for tests on machines without a GPU). */
  softwareToo?: boolean;
  /** Tells the page's watchdog that a GPU backend's first steps may block the worker while its shaders compile. */
  compiling?: CompileAllowance;
}

/** What decides a backend's speed: the model, the batch, M and the task (not τ, the seed or the learning rate). */
export function raceKey(config: Config): string {
  const { task, batch, maxSteps } = config;
  return JSON.stringify({ task, batch, maxSteps, model: modelSpecOf(config) });
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

async function timeSteps(trainer: Trainer, now: () => number, leaderMs: number | undefined): Promise<Omit<RaceEntry, 'backend'>> {
  const warmupStarted = now();
  await trainer.step();
  const warmupMs = now() - warmupStarted;
  if (leaderMs !== undefined && warmupMs > HOPELESS_FACTOR * leaderMs) {
    return { warmupMs, steps: 0, note: 'too slow to time' };
  }
  const times: number[] = [];
  let spent = 0;
  while (times.length < RACE_STEPS && spent < RACE_BUDGET_MS) {
    const started = now();
    await trainer.step();
    times.push(now() - started);
    spent += times[times.length - 1];
  }
  return { warmupMs, steps: times.length, msPerStep: median(times) };
}

/**
 * Races the backends on `config` (or takes the remembered pick) and leaves the winner running. Returns its
 * BackendInfo with the race attached; throws when none of the raced backends starts (the caller falls back).
 */
export async function raceForBackend(config: Config, env: BackendEnvironment, deps: RaceDeps): Promise<BackendInfo & { race: BackendRace }> {
  const now = deps.now ?? (() => performance.now());
  const key = raceKey(config);
  const remembered = await deps.cache.get(key).catch(() => undefined);
  if (remembered) {
    try {
      return { ...(await deps.start(remembered.winner, env)), race: { ...remembered, cached: true } };
    } catch {
      // The remembered winner no longer starts (a GPU gone): race again.
    }
  }
  const started = now();
  const entries: RaceEntry[] = [];
  const infos = new Map<BackendName, BackendInfo>();
  for (const backend of RACED) {
    try {
      const info = await deps.start(backend, env);
      // WebGPU's fallback adapter is never raced: its first steps alone take tens of seconds here.
      if (info.software && (backend === 'webgpu' || !deps.softwareToo)) entries.push({ backend, steps: 0, note: 'software renderer: not raced' });
      else infos.set(backend, info);
    } catch (error) {
      entries.push({ backend, steps: 0, note: `did not start: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const activate = deps.activate ?? ((backend: BackendName) => tf.setBackend(backend));
  if (infos.size === 1) {
    // One candidate: nothing to race.
    const [[only, info]] = [...infos];
    if (!(await activate(only))) throw new Error(`${only} did not restart`);
    const race: BackendRace = { key, winner: only, entries: [{ backend: only, steps: 0, note: 'the only candidate' }, ...entries], ms: now() - started, cached: false };
    return { ...info, race };
  }
  for (const [backend] of [...infos]) {
    if (!(await activate(backend))) {
      infos.delete(backend);
      entries.push({ backend, steps: 0, note: 'did not restart' });
      continue;
    }
    const leader = fastest(entries);
    let trainer: Trainer | undefined;
    try {
      const timeThisBackend = () => timeSteps((trainer = deps.createTrainer(config)), now, leader && leader.msPerStep! * (1 + RACE_STEPS));
      entries.push({ backend, ...(await (deps.compiling?.around(backend, `race on ${backend}`, timeThisBackend) ?? timeThisBackend())) });
    } catch (error) {
      entries.push({ backend, steps: 0, note: `failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      trainer?.dispose();
    }
  }
  const winner = fastest(entries);
  if (!winner) throw new Error(`no backend could train: ${entries.map((e) => `${e.backend}: ${e.note}`).join('; ')}`);
  if (!(await activate(winner.backend))) throw new Error(`${winner.backend} did not restart after the race`);
  const race: BackendRace = { key, winner: winner.backend, entries, ms: now() - started, cached: false };
  await deps.cache.set(key, race).catch(() => undefined);
  return { ...infos.get(winner.backend)!, race };
}

function fastest(entries: readonly RaceEntry[]): RaceEntry | undefined {
  return entries.filter((e) => e.msPerStep !== undefined).reduce<RaceEntry | undefined>((best, e) => (!best || e.msPerStep! < best.msPerStep! ? e : best), undefined);
}

/** Remembers picks for the session only. */
export function memoryRaceCache(): RaceCache {
  const races = new Map<string, BackendRace>();
  return { get: async (key) => races.get(key), set: async (key, race) => void races.set(key, race) };
}

/** Remembers picks across page loads, in IndexedDB (workers have no localStorage); in memory where it is missing. */
export function indexedDbRaceCache(name = 'act-backend-race'): RaceCache {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) return memoryRaceCache();
  const open = new Promise<IDBDatabase>((resolve, reject) => {
    const request = idb.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('races');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = <T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> => open.then((db) => new Promise<T>((resolve, reject) => {
    const request = act(db.transaction('races', mode).objectStore('races'));
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error);
  }));
  return {
    get: (key) => run<BackendRace | undefined>('readonly', (store) => store.get(key)),
    set: (key, race) => run<void>('readwrite', (store) => store.put(race, key)),
  };
}
