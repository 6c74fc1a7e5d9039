import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { checkFieldValue, fieldCells } from './fields';
import type { Field } from './fields';
import { CORE_FIELDS, SCHEMA, defaultConfig, idleBecause, relevantKeys, withPreset, type ConfigKey } from './schema';
import { TASK_IDS, getTask } from '../tasks/registry';
import { CELLS, CELL_IDS } from '../core/cells/registry';
import { presetNamesOf, type PresetName } from './presets';
import { HALTING_METHODS } from '../core/halting/registry';
import { defaultOptions, expectWellFormed } from '../tasks/testing';

const schemaField = (key: string): Field | undefined => (SCHEMA as Record<string, Field>)[key];

const TASKS = TASK_IDS.map(getTask);

describe('schema', () => {
  it('has unique task ids and task and cell option keys that clash with nothing', () => {
    const ids = TASKS.map((task) => task.id);
    expect(new Set(ids).size).toBe(ids.length);
    // A key in several plug-ins must be one shared field (e.g. SAM's and SDNC's memory sizes), owned by each.
    const fields = new Map<string, Field>();
    for (const plugin of [...TASKS, ...CELLS]) {
      for (const [key, field] of Object.entries(plugin.options) as [string, Field][]) {
        if (fields.has(key)) expect(fields.get(key), key).toBe(field);
        fields.set(key, field);
      }
    }
    const optionKeys = [...fields.keys()];
    for (const key of optionKeys) expect(Object.keys(CORE_FIELDS)).not.toContain(key);
    const methodKeys = HALTING_METHODS.flatMap((method) => Object.keys(method.options));
    expect(new Set([...optionKeys, ...methodKeys, ...Object.keys(CORE_FIELDS)]).size).toBe(Object.keys(SCHEMA).length);
    expect(Object.keys(SCHEMA).length).toBe(Object.keys(CORE_FIELDS).length + optionKeys.length + methodKeys.length);
  });

  it('puts every halting method\'s options in the schema, owned by that method', () => {
    for (const method of HALTING_METHODS) {
      for (const [key, field] of Object.entries(method.options) as [string, Field][]) {
        expect(schemaField(key), key).toBe(field);
        expect(field.halting, key).toEqual([method.id]);
      }
    }
  });

  it('lets a setting depend only on a numeric setting that applies wherever it does, and says when it is idle', () => {
    const dependents = (Object.entries(SCHEMA) as [ConfigKey, Field][]).filter(([, field]) => field.dependsOn !== undefined);
    expect(dependents.map(([key]) => key).sort()).toEqual(['gatesEvery', 'haltMargin', 'nonZeroEvery', 'ponderRate', 'tbpttDelta']);
    for (const [key, field] of dependents) {
      const governing = schemaField(field.dependsOn ?? '');
      expect(governing?.kind === 'int' || governing?.kind === 'float', key).toBe(true);
      // Wherever the dependent applies, so does the setting it depends on (else the form could never wake it).
      const config = { ...defaultConfig(field.task ?? 'parity'), ...(fieldCells(field)[0] ? { cell: fieldCells(field)[0] } : {}) };
      if (relevantKeys(config).includes(key)) expect(relevantKeys(config), key).toContain(field.dependsOn);
    }
    const parity = defaultConfig('parity');
    expect(idleBecause('ponderRate', { ...parity, ponderTarget: 0 })).toBe('no effect while Ponder budget is 0');
    expect(idleBecause('ponderRate', { ...parity, ponderTarget: 1.5 })).toBeUndefined();
    expect(idleBecause('haltMargin', { ...parity, haltPenalty: 0 })).toBe('no effect while Halting-logit penalty λ_z is 0');
    expect(idleBecause('nonZeroEvery', { ...parity, trainNonZero: 4 })).toBeUndefined();
    expect(idleBecause('tau', parity)).toBeUndefined();
  });

  it('has defaults that pass their own checks', () => {
    for (const [key, field] of Object.entries(SCHEMA) as [string, Field][]) {
      expect(checkFieldValue(field, field.default), key).toEqual({ ok: true, value: field.default });
      expect(field.label.length, key).toBeGreaterThan(0);
      expect(field.help.length, key).toBeGreaterThan(0);
    }
  });

  for (const cell of CELLS) {
    it(`puts the options of cell ${cell.id} in the model group, under its own id, resetting the model`, () => {
      for (const [key, field] of Object.entries(cell.options) as [string, Field][]) {
        expect(schemaField(key), key).toBe(field);
        expect({ group: field.group, resets: field.resets, owned: fieldCells(field).includes(cell.id) }, key).toEqual({ group: 'model', resets: true, owned: true });
      }
    });
  }

  for (const task of TASKS) {
    describe(task.id, () => {
      it('puts its options in the task group, under its own id, resetting the model', () => {
        for (const [key, field] of Object.entries(task.options) as [string, Field][]) {
          expect(schemaField(key), key).toBe(field);
          expect({ group: field.group, resets: field.resets, task: field.task }, key).toEqual({
            group: 'task', resets: true, task: task.id,
          });
        }
      });

      it('has a quick and a paper preset', () => {
        expect(presetNamesOf(task.presets).slice(0, 2)).toEqual(['quick', 'paper']);
      });

      it('says what it measured only of presets it has', () => {
        const measured = Object.keys(task.presetResults ?? {});
        expect(measured.filter((name) => !presetNamesOf(task.presets).includes(name as PresetName))).toEqual([]);
      });

      for (const name of presetNamesOf(task.presets)) {
        it(`has a ${name} preset of legal values that generates well-formed batches`, () => {
          const preset = task.presets[name] ?? {};
          // A preset named after a cell (sam, sdnc) is that cell's quick size.
          if (CELL_IDS.includes(name)) expect(preset.cell).toBe(name);
          for (const [key, value] of Object.entries(preset)) {
            const field = schemaField(key);
            expect(field, `${name}.${key} is not in the schema`).toBeDefined();
            if (field) expect(checkFieldValue(field, value), `${name}.${key}`).toEqual({ ok: true, value });
            expect(field?.task === undefined || field.task === task.id, `${name}.${key} belongs to another task`).toBe(true);
          }
          const options = defaultOptions(task);
          for (const key of Object.keys(options)) if (key in preset) options[key] = preset[key];
          // Tasks that read text get enough of it for the longest window any preset asks for.
          const text = task.needsData ? Uint8Array.from({ length: 4096 }, (_, i) => 32 + (i * 7919) % 95) : undefined;
          expectWellFormed(task, options, task.generate(options, 64, new Rng(1), text));
        });
      }
    });
  }

  it('applies the paper preset without the quick preset\'s training recipe, keeping its other values', () => {
    const parity = withPreset(defaultConfig('parity'), 'paper');
    // The quick preset's lr half-life, τ warm-up and τ go back to the defaults; the paper's own values apply.
    expect(parity).toMatchObject({ lr: 0.0001, lrHalfLife: 0, tauWarmup: 0, tau: SCHEMA.tau.default, haltPenalty: 0, haltBias: 1, bits: 64, trainNonZero: 0 });
    expect(withPreset(defaultConfig('wiki'), 'paper')).toMatchObject({ lrHalfLife: 0, dropout: 0, haltPenalty: 0, hidden: 1500 });
    // Settings the user changed that no preset names stay; so do the quick preset's structural values under a cell's preset.
    expect(withPreset({ ...defaultConfig('parity'), clip: 3, seed: 7 }, 'paper')).toMatchObject({ clip: 3, seed: 7 });
    const copy = defaultConfig('copy');
    expect(withPreset(copy, 'sam')).toMatchObject({ cell: 'sam', copyBits: copy.copyBits, lr: copy.lr, batch: copy.batch });
    // The paper's gradient clip of 50 is not left over on the SAM or quick recipe.
    const copyPaper = withPreset(copy, 'paper');
    expect(copyPaper.clip).toBe(50);
    expect([withPreset(copyPaper, 'sam').clip, withPreset(copyPaper, 'quick').clip]).toEqual([SCHEMA.clip.default, SCHEMA.clip.default]);
    // Back to quick: its values again.
    expect(withPreset(parity, 'quick')).toMatchObject({ lr: 0.01, lrHalfLife: 6000, tauWarmup: 4000, tau: 0.003, haltPenalty: 0.0001, bits: 10, trainNonZero: 1 });
  });

  it('keeps the paper\'s M = 20 for addition', () => {
    const addition = TASKS.find((task) => task.id === 'addition');
    expect(addition?.presets.paper.maxSteps).toBe(20);
    expect(addition?.presets.quick.maxSteps).toBe(20);
  });
});
