import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { budgetFor, checkResources, settingLimits } from './resourceGuard';

const GB = 2 ** 30;
const configOf = (text: string) => {
  const { config, problems } = parseConfig(text);
  expect(problems).toEqual([]);
  return config;
};
/** The link: every value within range, 3.2 GB of tensors. */
const HUGE = 'task=parity&bits=64&cell=lstm&hidden=2048&layers=4&batch=1024&maxSteps=100';

describe('resource guard', () => {
  it('refuses the 3.2 GB link on an 8 GB machine, naming what to lower and to what', () => {
    const check = checkResources(configOf(HUGE), budgetFor('wasm', { memoryBytes: 8 * GB }));
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/needs about \d+\.\d GB during a training step; a quarter of this machine's 8\.0 GB allows 2\.0 GB/);
    expect(check.message).toMatch(/Lower hidden \(Hidden units\) from 2048 to at most \d+/);
    const limit = Number(/hidden \(Hidden units\) from 2048 to at most (\d+)/.exec(check.message!)![1]);
    // The named value fits and the next one does not.
    const budget = budgetFor('wasm', { memoryBytes: 8 * GB });
    expect(checkResources(configOf(HUGE.replace('hidden=2048', `hidden=${limit}`)), budget).ok).toBe(true);
    expect(checkResources(configOf(HUGE.replace('hidden=2048', `hidden=${limit + 1}`)), budget).ok).toBe(false);
  });

  it('lets the quick presets and the paper parity preset through on a small phone', () => {
    const phone = budgetFor('wasm', { memoryBytes: 2 * GB });
    for (const text of ['task=parity', 'task=logic', 'task=addition', 'task=sort', 'task=wiki', 'task=parity&bits=64&hidden=128&cell=rnn&maxSteps=100']) {
      const check = checkResources(configOf(text), phone);
      expect(check.ok, `${text}: ${check.message}`).toBe(true);
    }
  });

  it('caps WASM at its heap, and refuses a step that would take too long', () => {
    expect(budgetFor('wasm', { memoryBytes: 64 * GB })).toMatchObject({ bytes: 2 * GB, limitedBy: 'the WASM heap' });
    expect(budgetFor('cpu', { memoryBytes: 64 * GB }).bytes).toBe(16 * GB);
    const wikiPaper = checkResources(configOf('task=wiki&hidden=1500&window=500&batch=32'), budgetFor('cpu', { memoryBytes: 64 * GB }));
    expect(wikiPaper.ok).toBe(false);
    expect(wikiPaper.message).toMatch(/would take about \d+ s on this backend/);
  });

  it('on WebGPU counts all M updates, and warns elsewhere when M would not fit', () => {
    const config = configOf('task=sort&hidden=512&batch=256&maxCount=15&maxSteps=100');
    const machine = { memoryBytes: 8 * GB };
    const wasm = checkResources(config, budgetFor('wasm', machine));
    expect(wasm.ok).toBe(true);
    expect(wasm.warning).toMatch(/fits while it ponders at most \d+ updates per input step/);
    expect(checkResources(config, budgetFor('webgpu', { ...machine, software: false })).peakBytes).toBeGreaterThan(wasm.peakBytes);
  });

  it('gives the UI each control\'s limit', () => {
    const limits = settingLimits(configOf('task=parity&hidden=64'), budgetFor('wasm', { memoryBytes: 2 * GB }));
    expect(limits.get('hidden')).toBeUndefined(); // every hidden size fits at batch 128, bits 8
    const big = settingLimits(configOf(HUGE), budgetFor('wasm', { memoryBytes: 2 * GB }));
    expect(big.get('hidden')).toBeLessThan(2048);
    expect(big.has('batch')).toBe(false); // the weights alone are too big: no batch size helps
    const wide = settingLimits(configOf('task=parity&bits=64&cell=lstm&hidden=512&batch=1024&maxSteps=100'), budgetFor('webgpu', { memoryBytes: 2 * GB }));
    expect(wide.get('batch')).toBeLessThan(1024);
    expect(wide.get('maxSteps')).toBeLessThan(100); // on WebGPU every update of M is computed
  });
});
