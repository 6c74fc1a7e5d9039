/** Exit codes beyond 0 (success), 1 (failed runs or another error) and 2 (wrong use, UsageError). */
export const EXIT = {
  failed: 1,
  redisUnreachable: 3,
  queueHoldsAnotherSweep: 4,
  versionMismatch: 5,
} as const;

export const EXIT_CODES_HELP = [
  'Exit codes: 0 done; 1 runs failed (re-run to retry them) or another error; 2 wrong flags;',
  `${EXIT.redisUnreachable} Redis unreachable; ${EXIT.queueHoldsAnotherSweep} the queue holds another sweep; ${EXIT.versionMismatch} project versions differ.`,
].join('\n');

/** An error the CLI reports with its message and ends with this exit code. */
export class ExitError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export function refuseOtherVersion(mine: string, planned: string, planner: string): void {
  if (mine === planned) return;
  throw new ExitError(
    `this checkout is project version ${mine}, but ${planner} was planned by version ${planned}; ` +
      'run the same commit (and the same npm dependencies) everywhere, or plan the sweep again with this version',
    EXIT.versionMismatch,
  );
}
