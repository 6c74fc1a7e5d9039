/** The Node half of the bench: each backend in turn, in this process. */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encodeConfig, parseConfig } from '../src/config/codec';
import type { BackendName } from '../src/core/backend';
import { initBackend } from '../src/core/backend';
import { getTask } from '../src/tasks/registry';
import type { TaskData } from '../src/tasks/task';
import { CHECK_CONFIGS, benchConfig, textData } from './configs';
import { matMulRate, measureConfig } from './measure';
import { measureLayersPeer } from './layersPeer';
import { NaiveTrainer } from './naive';
import { BACKENDS, GPU_MACHINE_BACKENDS, MATMUL_REPS, MATMUL_REPS_PER_CONFIG, matMulSize, plansFor, type Counts } from './plans';
import { installDawn } from './dawn';
import type { BackendResult, ConfigResult, LoadAverage } from './results';
import { configResult } from './results';

/** enwik8's head, from ../shared beside the checkout (BENCH_TEXT overrides it: a git worktree lies elsewhere). */
export const TEXT_SOURCE = process.env.BENCH_TEXT ?? new URL('../../shared/data/enwik8-head.xml', import.meta.url);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap after collections; a second one after a task turn catches what the first one only released. */
async function heapBytes(): Promise<number> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 0));
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export const load = (): LoadAverage => loadavg() as LoadAverage;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function runBackend(backend: BackendName, counts: Counts, text: () => TaskData, log: (line: string) => void): Promise<BackendResult> {
  const quick = counts === 'quick';
  let result: BackendResult;
  try {
    const info = await initBackend(backend);
    result = { environment: 'node', backend, detail: info.detail, software: info.software, configs: [] };
  } catch (error) {
    return { environment: 'node', backend, error: message(error), configs: [] };
  }
  result.naiveCheck = [];
  // The naive port reads synchronously, which WebGPU forbids.
  if (backend !== 'webgpu') for (const text of CHECK_CONFIGS) result.naiveCheck.push({ config: text, ...(await NaiveTrainer.compareWithEngine(parseConfig(text).config)) });
  result.matMul = await matMulRate(matMulSize(quick), MATMUL_REPS[backend]);
  log(`node ${backend}: ${result.detail}; ${result.matMul.size}² matMul ${result.matMul.gflops.toFixed(2)} GFLOP/s`);
  for (const planned of plansFor('node', backend, counts)) {
    const config = benchConfig(planned.config);
    let outcome = null;
    let matMul = result.matMul;
    if (planned.plan) {
      try {
        const data = getTask(config.task).needsData ? text() : undefined;
        if (MATMUL_REPS_PER_CONFIG[backend] > 0) matMul = await matMulRate(matMulSize(quick), MATMUL_REPS_PER_CONFIG[backend]);
        outcome = { measurement: await measureConfig(config, data, planned.plan, heapBytes) };
      } catch (error) {
        outcome = { error: message(error) };
      }
    }
    const entry = configResult(planned, encodeConfig(config), outcome, matMul, load());
    result.configs.push(entry);
    log(`node ${backend} ${planned.config.name}: ${entry.skipped ? `skipped (${entry.skipped})` : entry.error ?? stepLine(entry)}`);
  }
  if (backend === 'wasm' && counts !== 'gpu') {
    try {
      result.layersPeer = await measureLayersPeer(text(), quick ? 1 : 3, quick ? 3 : 15);
      log(`node wasm tf.layers peer: ${result.layersPeer.layersMs.toFixed(1)} vs ours ${result.layersPeer.oursMs.toFixed(1)} ms/step = ${result.layersPeer.ratio.toFixed(2)}×`);
    } catch (error) {
      result.layersPeer = { error: message(error) };
    }
  }
  return result;
}

const stepLine = ({ ours }: ConfigResult): string =>
  `${ours?.msPerStep.toFixed(1)} ms/step, ponder ${ours?.ponder.toFixed(2)}, ${ours?.updatesPerStep.toFixed(0)} cell updates/step`;

/** `dawn`: the path of Dawn's `dawn.node` (a machine with a GPU): WebGPU runs beside WASM, with the GPU counts. */
export async function runNode(quick: boolean, log: (line: string) => void, dawn?: string): Promise<BackendResult[]> {
  let text: TaskData | undefined;
  const readText = (): TaskData => (text ??= textData(readFileSync(TEXT_SOURCE), 'enwik8-head.xml, first 1 MB'));
  const results: BackendResult[] = [];
  if (dawn) installDawn(dawn);
  const counts: Counts = dawn ? 'gpu' : quick ? 'quick' : 'full';
  for (const backend of dawn ? GPU_MACHINE_BACKENDS : BACKENDS.node) results.push(await runBackend(backend, counts, readText, log));
  return results;
}
