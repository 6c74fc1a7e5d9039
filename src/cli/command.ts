import type { FlagMap, Flags } from './args';
import { describeFlags, parseFlags } from './args';

/** How the CLI is started from the repository (package.json's "cli" script). */
export const PROGRAM = 'npm run cli --';

export interface Command {
  name: string;
  summary: string;
  help(): string;
  /** Parses the command's flags and runs it; resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}

export interface CommandDefinition<M extends FlagMap> {
  name: string;
  summary: string;
  flags: M;
  /** Further text for --help: formats, the config keys, examples. */
  details?: () => string;
  run(flags: Flags<M>): Promise<number | void>;
}

export function defineCommand<M extends FlagMap>(definition: CommandDefinition<M>): Command {
  const help = () =>
    [
      `Usage: ${PROGRAM} ${definition.name} [flags]`,
      '',
      definition.summary,
      '',
      'Flags:',
      describeFlags(definition.flags),
      ...(definition.details ? ['', definition.details()] : []),
    ].join('\n');
  return {
    name: definition.name,
    summary: definition.summary,
    help,
    async run(argv) {
      if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${help()}\n`);
        return 0;
      }
      return (await definition.run(parseFlags(argv, definition.flags))) ?? 0;
    },
  };
}
