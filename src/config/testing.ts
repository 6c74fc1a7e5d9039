/** Shared by the tests: a config from its text, failing the test if any part of the text was not accepted. */
import { expect } from 'vitest';
import { parseConfig } from './codec';
import type { Config } from './schema';

export function configOf(text: string): Config {
  const { config, problems } = parseConfig(text);
  expect(problems).toEqual([]);
  return config;
}
