/** Results go to stdout (pipeable: JSON, tables); progress, warnings and errors to stderr. */

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${text}\n`);
}
