import { describe, expect, it } from 'vitest';
import { defaultConfig, withPreset } from '../../config/schema';
import { getTask } from '../../tasks/registry';
import { matchingPreset, planChange, planPreset, planSettingChange, taskSwitch } from './configChanges';

const base = defaultConfig('parity');

describe('settings changes', () => {
  it('applies a live setting at once, without a reset', () => {
    const plan = planSettingChange(base, null, 'tau', 0.01, true);
    expect(plan).toMatchObject({ pending: null, sendLive: true, reset: false });
    expect(plan.config.tau).toBe(0.01);
  });

  it('holds a change that needs a new model for confirmation once the model has trained', () => {
    const plan = planSettingChange(base, null, 'hidden', 32, true);
    expect(plan.reset).toBe(false);
    expect(plan.config).toBe(base);
    expect(plan.pending).toMatchObject({ keys: ['hidden'], anchor: 'hidden' });
    expect(plan.pending?.config.hidden).toBe(32);
  });

  it('rebuilds an untrained model straight away', () => {
    const plan = planSettingChange(base, null, 'hidden', 32, false);
    expect(plan).toMatchObject({ pending: null, reset: true });
    expect(plan.config.hidden).toBe(32);
  });

  it('collects several waiting changes, and drops the wait when they are undone', () => {
    const first = planSettingChange(base, null, 'hidden', 32, true);
    const second = planSettingChange(base, first.pending, 'layers', 2, true);
    expect(second.pending?.keys.sort()).toEqual(['hidden', 'layers']);
    const undone = planSettingChange(base, planSettingChange(base, null, 'hidden', 32, true).pending, 'hidden', base.hidden, true);
    expect(undone.pending).toBeNull();
    expect(undone.reset).toBe(false);
  });

  it('applies a live change to the running model and to the waiting change alike', () => {
    const waiting = planSettingChange(base, null, 'hidden', 32, true).pending;
    const plan = planSettingChange(base, waiting, 'eps', 0.05, true);
    expect(plan.config.eps).toBe(0.05);
    expect(plan.pending?.config).toMatchObject({ eps: 0.05, hidden: 32 });
    expect(plan.sendLive).toBe(true);
  });

  it('switches task from the new task\'s defaults, keeping seed and backend', () => {
    const from = { ...base, seed: 42, backend: 'cpu' as const, hidden: 100 };
    const next = taskSwitch(from, 'addition');
    expect(next).toEqual({ ...defaultConfig('addition'), seed: 42, backend: 'cpu' });
    const plan = planSettingChange(from, null, 'task', 'addition', true);
    expect(plan.pending?.config).toEqual(next);
    expect(plan.pending?.anchor).toBe('task');
  });

  it('applies a preset and recognises which preset a config matches', () => {
    const presets = getTask('parity').presets;
    expect(matchingPreset(base, presets)).toBe('quick');
    const plan = planPreset(base, null, 'paper', false);
    expect(plan.config).toEqual(withPreset(base, 'paper'));
    expect(matchingPreset(plan.config, presets)).toBe('paper');
    expect(matchingPreset({ ...base, hidden: 7 }, presets)).toBeNull();
  });

  it('does nothing for an unchanged config', () => {
    expect(planChange(base, { ...base }, 'link', true)).toMatchObject({ pending: null, sendLive: false, reset: false });
  });
});
