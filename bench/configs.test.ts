import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/codec';
import { benchConfig, CHECK_CONFIGS, REFERENCE_CONFIGS, TINY_CONFIG } from './configs';

describe('the bench configs', () => {
  const texts = [...REFERENCE_CONFIGS, TINY_CONFIG].map(({ text }) => text).concat(CHECK_CONFIGS);

  it('each name the schema version whose presets they inherit, so a later preset change keeps what they measure', () => {
    for (const text of texts) expect(text).toMatch(/^v=\d+&/);
  });

  it('parse without problems', () => {
    for (const text of texts) expect(parseConfig(text).problems).toEqual([]);
  });

  it('keep the workload the latest tables measured: parity at the paper’s halting bias under schema 14’s curriculum', () => {
    const parity = benchConfig(REFERENCE_CONFIGS.find(({ name }) => name === 'parity')!);
    expect(parity).toMatchObject({ bits: 64, cell: 'rnn', hidden: 128, batch: 128, haltBias: 1, trainNonZero: 1, nonZeroEvery: 1000 });
  });

  it('check the naive port on the paper’s objective, which is all it computes', () => {
    for (const text of CHECK_CONFIGS) {
      const config = parseConfig(text).config as Record<string, unknown>;
      expect(config).toMatchObject({ tauWarmup: 0, haltPenalty: 0 });
      expect(config.trainNonZero ?? 0).toBe(0);
      expect(config.tau).toBeGreaterThan(0);
    }
  });
});
