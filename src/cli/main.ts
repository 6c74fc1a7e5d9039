/**
 * The ACT Playground command line: the same config codec and engine as the browser app.
 * Usage: npm run cli -- <command> [flags]; `--help` for the tool or any command.
 */
import { UsageError } from './args';
import type { Command } from './command';
import { PROGRAM } from './command';
import { evalCommand } from './commands/eval';
import { ponderByClassCommand } from './commands/ponderByClass';
import { readCommand } from './commands/read';
import { reportCommand } from './commands/report';
import { sampleCommand } from './commands/sample';
import { sweepCommand } from './commands/sweep';
import { sweepRunCommand } from './commands/sweepRun';
import { sweepStatusCommand } from './commands/sweepStatus';
import { tbpttProbeCommand } from './commands/tbpttProbe';
import { traceCommand } from './commands/trace';
import { trainCommand } from './commands/train';
import { workerCommand } from './commands/worker';
import { describeConfigKeys } from './config';
import { ExitError } from './exit';
import { printError, printLine } from './output';

const COMMANDS: readonly Command[] = [
  trainCommand, evalCommand, traceCommand, readCommand, ponderByClassCommand, sampleCommand, sweepCommand, workerCommand, sweepStatusCommand,
  sweepRunCommand, reportCommand, tbpttProbeCommand,
];

function toolHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    `Usage: ${PROGRAM} <command> [flags]`,
    '',
    'Adaptive Computation Time RNNs (Graves 2016): train, evaluate, trace, sweep and plot from the command line.',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's flags.`,
    '',
    describeConfigKeys(),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    printError(toolHelp());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    printLine(toolHelp());
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    printError(`error: unknown command "${name}"\n\n${toolHelp()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      printError(`error: ${error.message}`);
      printError(error.showUsage ? `\n${command.help()}` : `(see \`${PROGRAM} ${command.name} --help\`)`);
      return 2;
    }
    printError(`error: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof ExitError ? error.exitCode : 1;
  }
}

// A closed pipe (e.g. `| head`) ends the output quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
