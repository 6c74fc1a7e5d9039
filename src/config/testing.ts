/** Test helper: a config from its link text, failing the test if any key is rejected. */
import { expect } from 'vitest';
import { parseConfig } from './codec';
import type { Config } from './schema';

export function configOf(text: string): Config {
  const { config, problems } = parseConfig(text);
  expect(problems).toEqual([]);
  return config;
}
