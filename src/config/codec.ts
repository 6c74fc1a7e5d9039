import { checkFieldValue, formatFieldValue, parseFieldText } from './fields';
import type { Config, ConfigKey } from './schema';
import { CONFIG_KEYS, KNOWN_SCHEMA_VERSIONS, SCHEMA, SCHEMA_VERSION, defaultConfig, ownerMismatch, relevantKeys } from './schema';

/** One thing wrong with a config string: which key, what it said, and why it was not used. */
export interface ConfigProblem {
  key: string;
  value: string;
  /** What is wrong, e.g. "out of range 2 to 64". */
  reason: string;
  /** The reason and what was done instead, e.g. "out of range 2 to 64; using 8". */
  message: string;
}

function problem(key: string, value: string, reason: string, outcome: string): ConfigProblem {
  return { key, value, reason, message: `${reason}; ${outcome}` };
}

export interface ParsedConfig {
  config: Config;
  problems: ConfigProblem[];
}

const VERSION_KEY = 'v';

/**
 * The key `act` (0/1) of configs written before halting methods: act=1 reads as halting=act, act=0 as
 * halting=none (an explicit `halting` wins). Such strings always carried ponderMode, τ, ε and M; where the
 * method now has no use for them they are dropped silently, as they had no effect then either.
 */
const LEGACY_ACT_KEY = 'act';
const LEGACY_CORE_KEYS: readonly string[] = ['ponderMode', 'tau', 'eps', 'maxSteps'];
const isConfigKey = (key: string): key is ConfigKey => (CONFIG_KEYS as string[]).includes(key);

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** The task a config string names, if it names a known one (read first: the other defaults depend on it). */
function namedTask(text: string): string | undefined {
  const matches = [...text.matchAll(/(?:^|[#?&])task=([^&]*)/g)];
  const value = matches.length > 0 ? decode(matches[matches.length - 1][1]) : null;
  return value !== null && (SCHEMA.task.values as readonly string[]).includes(value) ? value : undefined;
}

/** The schema version a config string names (`v=`), if it is a known one; else today's. */
function namedVersion(text: string): number {
  const matches = [...text.matchAll(/(?:^|[#?&])v=([^&]*)/g)];
  const value = matches.length > 0 ? Number(decode(matches[matches.length - 1][1])) : SCHEMA_VERSION;
  return KNOWN_SCHEMA_VERSIONS.includes(value) ? value : SCHEMA_VERSION;
}

/**
 * Reads `key=value&key=value` (a URL hash, with or without '#', or a CLI --config string). Never throws:
 * every unknown key and invalid value is named in `problems`, valid values apply on top of `base` (unless
 * given: the defaults of the task the string names, as they were in the schema version it names, see defaultConfig),
 * and the result always satisfies the schema.
 */
export function parseConfig(text: string, base: Config = defaultConfig(namedTask(text), namedVersion(text))): ParsedConfig {
  const config: Record<string, unknown> = { ...base };
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, string>();
  let legacyHalting: string | undefined;
  const body = text.replace(/^[#?]/, '');
  for (const part of body.split('&')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === null || value === null) {
      problems.push(problem(rawKey, rawValue, 'is not valid URL encoding', 'ignored'));
      continue;
    }
    if (key === VERSION_KEY) {
      if (!KNOWN_SCHEMA_VERSIONS.map(String).includes(value)) {
        problems.push(problem(key, value, `is not schema version ${SCHEMA_VERSION}`, `the values were read as version ${SCHEMA_VERSION}`));
      }
      continue;
    }
    if (key === LEGACY_ACT_KEY) {
      const parsed = parseFieldText({ kind: 'bool', default: true, label: key, help: '', group: 'act', resets: true }, value);
      if (parsed.ok) legacyHalting = parsed.value ? 'act' : 'none';
      else problems.push(problem(key, value, parsed.reason, 'ignored'));
      continue;
    }
    if (!isConfigKey(key)) {
      problems.push(problem(key, value, 'is not a known setting', 'ignored'));
      continue;
    }
    if (seen.has(key)) problems.push(problem(key, value, 'is given more than once', 'the last one applies'));
    seen.set(key, value);
    const parsed = parseFieldText(SCHEMA[key], value);
    if (parsed.ok) {
      config[key] = parsed.value;
    } else {
      config[key] = base[key];
      problems.push(problem(key, value, parsed.reason, `using ${formatFieldValue(SCHEMA[key], base[key])}`));
    }
  }
  if (legacyHalting !== undefined && !seen.has('halting')) config.halting = legacyHalting;
  // A key of another task, cell or method is named, not silently kept (it would not reach the model anyway).
  for (const [key, value] of seen) {
    const mismatch = ownerMismatch(key as ConfigKey, config as Config);
    if (mismatch === undefined) continue;
    config[key] = base[key as ConfigKey];
    if (legacyHalting === undefined || !LEGACY_CORE_KEYS.includes(key)) problems.push(problem(key, value, mismatch, 'ignored'));
  }
  return { config: config as Config, problems };
}

/** The canonical text of a config: schema version, core settings and its own task's options. */
export function encodeConfig(config: Config): string {
  const parts = [`${VERSION_KEY}=${SCHEMA_VERSION}`];
  for (const key of relevantKeys(config)) {
    parts.push(`${key}=${encodeURIComponent(formatFieldValue(SCHEMA[key], config[key]))}`);
  }
  return parts.join('&');
}

/** Sets one value after checking it against the schema; returns the reason when it is refused. */
export function withValue(config: Config, key: ConfigKey, value: unknown): { config: Config } | { error: string } {
  const checked = checkFieldValue(SCHEMA[key], value);
  if (!checked.ok) return { error: `${SCHEMA[key].label}: ${checked.reason}` };
  return { config: { ...config, [key]: checked.value } as Config };
}

/** The keys whose values differ and that need a new model when changed. */
export function keysNeedingReset(before: Config, after: Config): ConfigKey[] {
  return CONFIG_KEYS.filter((key) => SCHEMA[key].resets && before[key] !== after[key]);
}
