import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, SCHEMA } from '../config/schema';
import { UsageError, describeFlags, parseFlags } from './args';
import { describeConfigKeys, resolveConfig } from './config';
import { parseCsv, toCsv } from './csv';

const FLAGS = {
  steps: { kind: 'int', placeholder: 'N', min: 1, required: true, help: 'Steps' },
  logEvery: { kind: 'int', placeholder: 'K', min: 1, default: 10, help: 'Log' },
  save: { kind: 'string', placeholder: 'DIR', help: 'Save' },
  json: { kind: 'bool', help: 'JSON' },
  tau: { kind: 'numbers', placeholder: 'T', default: [0.1], help: 'Taus' },
} as const;

describe('parseFlags', () => {
  it('reads --flag value, --flag=value, switches, lists and defaults', () => {
    expect(parseFlags(['--steps', '5', '--save=out/a=b', '--json', '--tau', '1e-4, 0.01'], FLAGS)).toEqual({
      steps: 5, logEvery: 10, save: 'out/a=b', json: true, tau: [1e-4, 0.01],
    });
    expect(parseFlags(['--steps=7', '--log-every', '2'], FLAGS)).toEqual({ steps: 7, logEvery: 2, save: undefined, json: false, tau: [0.1] });
  });

  it('refuses what it does not know, with the flag named', () => {
    const refused = (argv: string[]) => {
      try {
        parseFlags(argv, FLAGS);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused(['--steps', '5', '--stpes', '1'])).toBe('unknown flag --stpes');
    expect(refused([])).toBe('--steps is required');
    expect(refused(['--steps', '0'])).toMatch(/--steps needs a whole number of at least 1/);
    expect(refused(['--steps', '2.5'])).toMatch(/--steps needs a whole number/);
    expect(refused(['--steps', '5', '--save'])).toMatch(/--save needs a value/);
    expect(refused(['--steps', '5', '--json=1'])).toMatch(/--json is a switch/);
    expect(refused(['--steps', '5', '--tau', '1e-3,x'])).toMatch(/--tau needs comma-separated numbers, got "x"/);
    expect(refused(['--steps', '5', 'extra'])).toMatch(/unexpected argument "extra"/);
  });

  it('describes every flag with its default', () => {
    const text = describeFlags(FLAGS);
    expect(text).toMatch(/--log-every K +Log \(default 10\)/);
    expect(text).toMatch(/--steps N +Steps \(required\)/);
    expect(text).toMatch(/--help +Show this help/);
  });
});

describe('config on the command line', () => {
  it('lists every schema key with its default, generated from the schema', () => {
    const text = describeConfigKeys();
    for (const key of CONFIG_KEYS) expect(text).toMatch(new RegExp(`^  ${key} .*${SCHEMA[key].help.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  });

  it('applies the preset first and the config on top, and refuses problems', () => {
    const paper = resolveConfig('task=parity&hidden=16', 'paper');
    expect(paper).toMatchObject({ bits: 64, hidden: 16 });
    expect(() => resolveConfig('task=parity&bits=1')).toThrow(/bits=1/);
    expect(() => resolveConfig('task=parity', 'fast')).toThrow(/--preset must be one of quick, paper, sam, sdnc/);
    expect(() => resolveConfig('task=parity', 'sam')).toThrow(/task parity has no preset "sam"; its presets: quick, paper/);
    expect(resolveConfig('task=copy&sparseSlots=64', 'sam')).toMatchObject({ cell: 'sam', sparseSlots: 64 });
  });
});

describe('csv', () => {
  it('round-trips fields with commas, quotes and line breaks', () => {
    const rows = [['a', 'b,c', 'say "hi"', 'two\nlines'], ['1', '', '3', '4']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
});
