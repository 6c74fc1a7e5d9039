import { defineCommand } from '../command';
import { EXIT_CODES_HELP } from '../exit';
import { queueFlag, queueNameFlag } from '../queue/connection';
import { serveQueue } from '../queue/queueWorker';

export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'Train the runs of a `sweep --queue` from a Redis queue, on this machine, until stopped.',
  flags: {
    queue: { ...queueFlag, required: true },
    queueName: queueNameFlag,
    concurrency: { kind: 'int', placeholder: 'N', min: 1, default: 1, help: 'Runs at once, each in its own process' },
    lockSeconds: { kind: 'int', placeholder: 'S', min: 1, default: 30, help: 'A run of a worker that died goes back to the queue after about S seconds' },
  },
  details: () =>
    [
      'Waits for a sweep on the queue, refuses one planned by another project version (package version plus a',
      'hash of the engine\'s source), then takes one run at a time per process: trains it exactly as the local',
      'sweep does, reports every logged step as the job\'s progress and sends the finished run\'s files back.',
      'Start it on any number of machines with the same commit; stop it with Ctrl-C (its run goes back to the queue).',
      'The --data path of a Wikipedia sweep is read on the worker\'s machine.',
      '',
      EXIT_CODES_HELP,
    ].join('\n'),
  run: (flags) => serveQueue({ url: flags.queue, queueName: flags.queueName, concurrency: flags.concurrency, lockSeconds: flags.lockSeconds }),
});
