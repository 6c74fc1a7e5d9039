/**
 * `npm run bench [-- --quick] [--out FILE.json] [--only node|browser]`: the performance suite.
 * Measures training steps against the naive port and the matMul rate, tensor and heap growth, and the app's
 * main-thread frame times; writes the results as JSON and (full runs) the tables into docs/benchmarks.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { BrowserResults } from './browser';
import { FLOP_FORMULA, checkFlopModel } from './flops';
import { runNode } from './node';
import { GPU_MARKERS, renderGpuReport } from './gpuReport';
import { RESULTS_MARKERS, renderReport, replaceReport } from './report';
import type { BackendResult, BenchResults, MachineInfo } from './results';
import { evaluateTargets } from './targets';

const USAGE = `npm run bench -- [--quick] [--out FILE.json] [--only node|browser] | --dawn DAWN.node | --from FILE.json
  --quick   smoke run (small counts, a few configs, ~2 min); writes its JSON to the temp folder, not the docs
  --out     where the JSON goes (default bench/results/latest.json)
  --only    run only the Node half or only the Chromium half
  --dawn    a machine with a GPU: WebGPU through Dawn (the path of the webgpu package's dawn.node) beside
            one-thread WASM, Node only; JSON to bench/results/gpu.json, tables to their own docs section
  --from    measure nothing: re-check the targets of a saved full (or --dawn) run and rewrite its docs tables`;

const DOCS = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const LATEST = fileURLToPath(new URL('results/latest.json', import.meta.url));
const GPU_LATEST = fileURLToPath(new URL('results/gpu.json', import.meta.url));
const QUICK = join(tmpdir(), 'act-bench-quick.json');
const LOAD_SAMPLE_MS = 5000;

/** A wrong command line: reported without a stack trace. */
class UsageError extends Error {}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // Not Linux: fall through.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

function machine(chromium: string | undefined): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGiB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium,
    tfjs: tf.version.tfjs,
  };
}

function sampleLoad(): { stop(): BenchResults['load'] } {
  const samples = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), LOAD_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      return { min: Math.min(...samples), mean, max: Math.max(...samples), samples: samples.length };
    },
  };
}

function writeDocs(results: BenchResults): void {
  const checked = { ...results, targets: evaluateTargets(results) };
  const [report, markers] = results.dawn ? [renderGpuReport(checked), GPU_MARKERS] : [renderReport(checked), RESULTS_MARKERS];
  writeFileSync(DOCS, replaceReport(readFileSync(DOCS, 'utf8'), report, markers));
  console.log(`tables: ${DOCS}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
      from: { type: 'string' },
      dawn: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  if (values.from) return writeDocs(JSON.parse(readFileSync(values.from, 'utf8')) as BenchResults);
  if (values.only !== undefined && values.only !== 'node' && values.only !== 'browser') {
    throw new UsageError(`--only must be node or browser, got "${values.only}"\n${USAGE}`);
  }
  if (values.dawn && (values.only === 'browser' || values.quick)) throw new UsageError(`--dawn runs the Node half at its own counts\n${USAGE}`);
  checkFlopModel();
  const quick = values.quick;
  const dawn = values.dawn;
  const started = Date.now();
  const load = sampleLoad();
  const log = (line: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const node: BackendResult[] = values.only === 'browser' ? [] : await runNode(quick, log, dawn);
  // Imported only when used: a --dawn run travels as one bundled file without Vite and Playwright.
  const browser: BrowserResults | undefined = values.only === 'node' || dawn ? undefined : await (await import('./browser')).runBrowser(quick, log);
  const backends = [...node, ...(browser?.backends ?? [])];
  const frames = browser?.frames ?? [];
  const threads = browser?.threads ?? [];
  const races = browser?.races ?? [];
  const measured = { backends, threads, frames, races };
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    quick,
    machine: machine(browser?.chromium),
    load: load.stop(),
    flopFormula: FLOP_FORMULA,
    ...measured,
    targets: evaluateTargets(measured),
    dawn,
  };
  const out = values.out ?? (dawn ? GPU_LATEST : quick ? QUICK : LATEST);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${out}`);
  if (!quick) writeDocs(results);
  for (const target of results.targets) log(`${target.met ? 'met    ' : 'NOT MET'} ${target.name} (${target.where}): ${target.measured}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error));
  process.exitCode = 1;
});
