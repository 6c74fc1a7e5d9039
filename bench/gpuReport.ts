/**
 * The tables of a `--dawn` run (a lent machine with a real GPU: TF.js's WebGPU backend through Dawn in Node,
 * beside one-thread WASM on the same machine), written into their own part of docs/benchmarks.md.
 */
import type { Markers } from './report';
import { escape, label, loadText, machineLine, matMulSection, num, table } from './report';
import type { BackendResult, BenchResults, ConfigResult } from './results';

export const GPU_MARKERS: Markers = { start: '<!-- bench:gpu:start -->', end: '<!-- bench:gpu:end -->' };

const measured = (backend: BackendResult | undefined, name: string): ConfigResult | undefined =>
  backend?.configs.find((c) => c.name === name && c.ours);

/** WASM's ms per step over WebGPU's, per config measured on both: above 1, WebGPU is faster. */
export function webGpuSpeedups(results: BenchResults): { config: string; speedup: number }[] {
  const wasm = results.backends.find((b) => b.backend === 'wasm');
  const webgpu = results.backends.find((b) => b.backend === 'webgpu');
  return (webgpu?.configs ?? []).flatMap((c) => {
    const [onWasm, onGpu] = [measured(wasm, c.name), measured(webgpu, c.name)];
    return onWasm?.ours && onGpu?.ours ? [{ config: c.name, speedup: onWasm.ours.msPerStep / onGpu.ours.msPerStep }] : [];
  });
}

function stepRow(backend: BackendResult, c: ConfigResult, speedups: Map<string, number>): string[] {
  if (c.skipped || c.error || !c.ours) {
    return [label(backend), c.name, escape(c.skipped ? `skipped: ${c.skipped}` : `failed: ${c.error ?? 'no measurement'}`), '', '', '', '', '', '', ''];
  }
  const speedup = backend.backend === 'webgpu' ? speedups.get(c.name) : undefined;
  return [
    label(backend), c.name, `${num(c.ours.msPerStep)} (${c.ours.steps})`, num(c.ours.sequencesPerSecond, 0), num(c.ours.ponder, 2),
    num(c.ours.updatesPerStep, 0), num(c.ours.gflops, 2), c.matMulFraction === undefined ? '—' : `${num(100 * c.matMulFraction)}%`,
    speedup === undefined ? '—' : `${num(speedup, 2)}×`, loadText(c.load),
  ];
}

export function renderGpuReport(results: BenchResults): string {
  const { machine } = results;
  const speedups = webGpuSpeedups(results);
  const byConfig = new Map(speedups.map((s) => [s.config, s.speedup]));
  const faster = speedups.filter((s) => s.speedup > 1).map((s) => s.config);
  return [
    GPU_MARKERS.start,
    '',
    `Run of ${results.startedAt}, ${Math.round(results.seconds)} s, on a lent machine with a GPU: \`npm run bench -- --dawn PATH\` ` +
      '(bench/gpu/README.md says how it travels there). TF.js\'s WebGPU backend runs through Dawn (the `webgpu` npm ' +
      'package\'s `dawn.node`, the WebGPU implementation Chromium uses) in Node; WASM beside it on one thread, as Node runs it.',
    '',
    machineLine(machine),
    `- Node ${machine.node}, TF.js ${machine.tfjs}, Dawn from ${escape(results.dawn ?? '—')}`,
    '',
    ...matMulSection('####', results.backends),
    '',
    '#### Training step',
    '',
    'ms per step: median (timed steps in brackets). Cell updates per step: all units, discarded speculative attempts ' +
      'included (WebGPU unrolls each input step speculatively, src/core/speculation.ts). WebGPU vs WASM: WASM\'s ms ' +
      'per step over WebGPU\'s, same config, same machine.',
    '',
    ...table(
      ['where', 'config', 'ms/step', 'seq/s', 'ponder', 'cell updates/step', 'GFLOP/s', '% of matMul', 'WebGPU vs WASM', 'load 1/5/15'],
      results.backends.flatMap((b) => (b.error ? [[label(b), '—', escape(`did not start: ${b.error}`), '', '', '', '', '', '', '']] : b.configs.map((c) => stepRow(b, c, byConfig)))),
    ),
    '',
    faster.length > 0
      ? `WebGPU beat one-thread WASM on: ${faster.join(', ')}; not on: ${speedups.filter((s) => s.speedup <= 1).map((s) => s.config).join(', ') || 'none'}.`
      : 'WebGPU beat one-thread WASM on no config.',
    '',
    GPU_MARKERS.end,
  ].join('\n');
}
