import { describe, expect, it } from 'vitest';
import { GPU_MARKERS, renderGpuReport, webGpuSpeedups } from './gpuReport';
import { plansFor } from './plans';
import { replaceReport, RESULTS_MARKERS } from './report';
import type { BackendResult, BenchResults, ConfigResult } from './results';

const LOAD: [number, number, number] = [1, 1, 1];

function measured(name: ConfigResult['name'], msPerStep: number): ConfigResult {
  return {
    name, config: `task=${name}`, load: LOAD,
    ours: { steps: 5, msPerStep, sequencesPerSecond: 1000 / msPerStep, ponder: 2, gflopPerStep: 0.1, gflops: 1, updatesPerStep: 10, cuts: 0 },
  };
}

const backend = (name: BackendResult['backend'], configs: ConfigResult[]): BackendResult =>
  ({ environment: 'node', backend: name, detail: `${name} detail`, configs, matMul: { size: 1024, ms: 1, gflops: 2000 } });

const RESULTS: BenchResults = {
  startedAt: '2026-12-04T19:00:00Z', seconds: 300, quick: false, flopFormula: '', frames: [], targets: [],
  machine: { cpu: 'a CPU', cores: 16, memoryGiB: 128, os: 'Linux', node: 'v20', tfjs: '4.22.0' },
  load: { min: 0, mean: 0, max: 0, samples: 1 },
  dawn: 'webgpu-0.6.2-dawn.node',
  backends: [
    backend('wasm', [measured('parity', 20), measured('characters', 2000), { name: 'logic', config: 'task=logic', load: LOAD, error: 'boom' }]),
    backend('webgpu', [measured('parity', 40), measured('characters', 500), measured('logic', 30)]),
  ],
};

describe('the tables of a run on a machine with a GPU', () => {
  it('compares WebGPU with WASM per config measured on both', () => {
    expect(webGpuSpeedups(RESULTS)).toEqual([{ config: 'parity', speedup: 0.5 }, { config: 'characters', speedup: 4 }]);
  });

  it('says which configs WebGPU beat and keeps the failure visible', () => {
    const report = renderGpuReport(RESULTS);
    expect(report).toContain('WebGPU beat one-thread WASM on: characters; not on: parity.');
    expect(report).toContain('| node webgpu | characters | 500.0 (5) |');
    expect(report).toContain('4.00×');
    expect(report).toContain('failed: boom');
  });

  it('goes into its own part of the document, leaving the main tables alone', () => {
    const document = ['# Bench', RESULTS_MARKERS.start, 'main tables', RESULTS_MARKERS.end, GPU_MARKERS.start, 'old', GPU_MARKERS.end, 'after'].join('\n');
    const updated = replaceReport(document, renderGpuReport(RESULTS), GPU_MARKERS);
    expect(updated).toContain('main tables');
    expect(updated).not.toContain('\nold\n');
    expect(updated.endsWith('after')).toBe(true);
  });
});

describe('the counts on a real GPU', () => {
  it('runs every reference config on WebGPU, where the software fallback runs only the tiny one', () => {
    const planned = (counts: 'full' | 'gpu') => plansFor('chromium', 'webgpu', counts).filter((p) => p.plan).map((p) => p.config.name);
    expect(planned('full')).toEqual(['tiny']);
    expect(planned('gpu')).toEqual(['tiny', 'parity', 'logic', 'addition', 'characters']);
    expect(plansFor('node', 'wasm', 'gpu').filter((p) => p.plan).map((p) => p.config.name)).toEqual(['tiny', 'parity', 'logic', 'addition', 'characters']);
  });
});
