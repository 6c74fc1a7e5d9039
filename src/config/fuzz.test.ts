/**
 * Property test: 100,000 random and malformed config strings. Parsing never throws, every invalid field is
 * named, and the result always satisfies the schema. The oracle below decides validity on its own, from the
 * field specs, without the codec's parsing code.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { parseConfig } from './codec';
import type { Field } from './fields';
import { checkFieldValue } from './fields';
import { CONFIG_KEYS, SCHEMA } from './schema';

const FIELDS = SCHEMA as Record<string, Field>;
const NASTY = ['', ' ', 'NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x10', '1_000', '１２', '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '%', '%zz', '%E0%A4%A', '%00', '\u0000', '=', '&', '#', '?', '1.5.2',
  'true', 'false', 'null', 'undefined', '[]', '{}', '1e-7', '.5', '5.', '+3', '-3', '9'.repeat(400), 'é', '🙂', 'rnn ', ' lstm'];

function randomValue(rng: Rng, field: Field | undefined): string {
  const roll = rng.next();
  if (roll < 0.3) return NASTY[rng.int(0, NASTY.length - 1)];
  if (!field || roll < 0.4) return String(rng.uniform(-1e6, 1e6));
  switch (field.kind) {
    case 'enum': return rng.bool() ? field.values[rng.int(0, field.values.length - 1)] : field.values[0].toUpperCase();
    case 'bool': return ['0', '1', 'true', 'false', '2', 'yes'][rng.int(0, 5)];
    case 'int': return String(rng.int(field.min - 3, Math.min(field.max + 3, field.min + 1000)));
    case 'float': return String(rng.bool() ? rng.uniform(field.min, field.max) : rng.uniform(field.min - 1, field.max * 2 + 1));
  }
}

/** Independent validity: a value is valid when it is exactly a legal value's text form. */
function isValid(field: Field, text: string): boolean {
  const trimmed = text.trim();
  if (field.kind === 'enum') return (field.values as readonly string[]).includes(trimmed);
  if (field.kind === 'bool') return ['0', '1', 'true', 'false'].includes(trimmed);
  if (trimmed === '' || !/^[+-]?[0-9.eE+-]+$/.test(trimmed)) return false;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < field.min || value > field.max) return false;
  return field.kind === 'float' || /^[+-]?\d+$/.test(trimmed);
}

function randomConfigText(rng: Rng): { text: string; pairs: [string, string][] } {
  const pairs: [string, string][] = [];
  const count = rng.int(0, 8);
  for (let i = 0; i < count; i++) {
    const key = rng.next() < 0.8 ? CONFIG_KEYS[rng.int(0, CONFIG_KEYS.length - 1)] : NASTY[rng.int(0, NASTY.length - 1)] + 'x';
    pairs.push([key, randomValue(rng, FIELDS[key])]);
  }
  const encode = rng.bool();
  const body = pairs.map(([k, v]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`)).join(rng.next() < 0.9 ? '&' : '&&');
  return { text: (rng.bool() ? '#' : '') + body + (rng.next() < 0.05 ? '&%' : ''), pairs: encode ? pairs : [] };
}

describe('config parsing under fuzzing', () => {
  it('never throws, names every invalid field and always returns a config that satisfies the schema', () => {
    const rng = new Rng(2024);
    let invalidSeen = 0;
    for (let i = 0; i < 100_000; i++) {
      const { text, pairs } = randomConfigText(rng);
      const { config, problems } = parseConfig(text);
      for (const key of CONFIG_KEYS) {
        const verdict = checkFieldValue(FIELDS[key], config[key]);
        if (!verdict.ok) throw new Error(`${JSON.stringify(text)} gave ${key}=${String(config[key])}: ${verdict.reason}`);
      }
      // With URL-encoded pairs the oracle knows exactly what each key received.
      const named = new Set(problems.map((p) => p.key));
      for (const [key, value] of pairs) {
        const field = FIELDS[key];
        const invalid = !field || !isValid(field, value);
        if (invalid) invalidSeen++;
        if (invalid && !named.has(key)) throw new Error(`${JSON.stringify(text)}: invalid ${key}=${JSON.stringify(value)} was not named`);
      }
    }
    // The generator must really have produced plenty of invalid fields for the oracle to judge.
    expect(invalidSeen).toBeGreaterThan(50_000);
  });
});
