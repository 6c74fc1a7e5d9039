/**
 * A tiny flag parser: `--flag value`, `--flag=value` and boolean `--flag`. A flag declared as `logEvery` is
 * written `--log-every`. Anything not declared, a missing value or a malformed number is a UsageError.
 */

/** Wrong use of the command line: the CLI prints the message (and the usage when asked) and exits with 2. */
export class UsageError extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

interface FlagBase {
  help: string;
}
export interface StringFlag extends FlagBase {
  kind: 'string';
  placeholder: string;
  default?: string;
  required?: boolean;
}
export interface IntFlag extends FlagBase {
  kind: 'int';
  placeholder: string;
  min: number;
  default?: number;
  required?: boolean;
}
/** A comma-separated list of numbers, e.g. `--tau 1e-4,1e-3`. */
export interface NumberListFlag extends FlagBase {
  kind: 'numbers';
  placeholder: string;
  default?: readonly number[];
}
export interface BoolFlag extends FlagBase {
  kind: 'bool';
}
export type FlagSpec = StringFlag | IntFlag | NumberListFlag | BoolFlag;
export type FlagMap = Record<string, FlagSpec>;

type ValueOf<F extends FlagSpec> = F extends BoolFlag ? boolean : F extends StringFlag ? string : F extends IntFlag ? number : readonly number[];

/** The parsed flags: always set when the flag is boolean, has a default or is required; else maybe undefined. */
export type Flags<M extends FlagMap> = {
  [K in keyof M]: M[K] extends BoolFlag
    ? boolean
    : M[K] extends { default: unknown } | { required: true }
      ? ValueOf<M[K]>
      : ValueOf<M[K]> | undefined;
};

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

function parseValue(name: string, spec: Exclude<FlagSpec, BoolFlag>, text: string): string | number | readonly number[] {
  switch (spec.kind) {
    case 'string':
      return text;
    case 'int': {
      const value = Number(text);
      if (!INTEGER.test(text.trim()) || value < spec.min) throw new UsageError(`${name} needs a whole number of at least ${spec.min}, got "${text}"`);
      return value;
    }
    case 'numbers': {
      const parts = text.split(',').map((part) => part.trim());
      const bad = parts.find((part) => !DECIMAL.test(part));
      if (bad !== undefined) throw new UsageError(`${name} needs comma-separated numbers, got "${bad}" in "${text}"`);
      return parts.map(Number);
    }
  }
}

export function parseFlags<M extends FlagMap>(argv: readonly string[], specs: M): Flags<M> {
  const byName = new Map(Object.keys(specs).map((key) => [flagName(key), key]));
  const values: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (flags start with --)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const key = byName.get(name);
    if (key === undefined) throw new UsageError(`unknown flag ${name}`);
    const spec = specs[key];
    if (spec.kind === 'bool') {
      if (eq >= 0) throw new UsageError(`${name} is a switch and takes no value`);
      values[key] = true;
      continue;
    }
    let text: string;
    if (eq >= 0) {
      text = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value (${spec.placeholder})`);
      text = argv[++i];
    }
    values[key] = parseValue(name, spec, text);
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (key in values) continue;
    if (spec.kind === 'bool') values[key] = false;
    else if (spec.default !== undefined) values[key] = spec.default;
    else if (spec.kind !== 'numbers' && spec.required) throw new UsageError(`${flagName(key)} is required`);
  }
  return values as Flags<M>;
}

/** The flags' lines of a command's --help, --help itself included. */
export function describeFlags(specs: FlagMap): string {
  const rows = Object.entries(specs).map(([key, spec]) => {
    const left = spec.kind === 'bool' ? flagName(key) : `${flagName(key)} ${spec.placeholder}`;
    let note = '';
    if (spec.kind !== 'bool' && spec.default !== undefined && spec.default !== '') note = ` (default ${String(spec.default)})`;
    else if (spec.kind !== 'bool' && spec.kind !== 'numbers' && spec.required) note = ' (required)';
    return [left, `${spec.help}${note}`];
  });
  rows.push(['--help', 'Show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}
