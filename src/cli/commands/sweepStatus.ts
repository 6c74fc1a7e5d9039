import { defineCommand } from '../command';
import { EXIT_CODES_HELP } from '../exit';
import { printError, printLine } from '../output';
import { checkRedis, displayUrl, queueFlag, queueNameFlag } from '../queue/connection';
import { activeLine, completedLine, failedLine } from '../queue/describe';
import { obliterateQueue, openQueue, readRecord } from '../queue/sweepQueue';

export const sweepStatusCommand = defineCommand({
  name: 'sweep-status',
  summary: 'What a queued sweep has done, is running and has failed (with the error), and by which worker.',
  flags: {
    queue: { ...queueFlag, required: true },
    queueName: queueNameFlag,
    obliterate: { kind: 'bool', help: 'Remove the queue\'s sweep and all its jobs (results already written stay on disk)' },
  },
  details: () => EXIT_CODES_HELP,
  async run(flags) {
    await checkRedis(flags.queue);
    const queue = openQueue(flags.queue, flags.queueName);
    try {
      const record = await readRecord(queue);
      if (flags.obliterate) {
        await obliterateQueue(queue);
        printError(`removed queue "${flags.queueName}" at ${displayUrl(flags.queue)}${record ? ` (sweep ${record.sweepId})` : ''}`);
        return 0;
      }
      if (!record) {
        printLine(`queue "${flags.queueName}" at ${displayUrl(flags.queue)} holds no sweep`);
        return 0;
      }
      const [completed, active, failed, waiting, workers] = await Promise.all([
        queue.getCompleted(0, -1),
        queue.getActive(0, -1),
        queue.getFailed(0, -1),
        queue.getJobCounts('wait', 'prioritized', 'delayed'),
        queue.getWorkersCount(),
      ]);
      const waitingCount = waiting.wait + waiting.prioritized + waiting.delayed;
      printLine(`sweep ${record.sweepId} on queue "${flags.queueName}": ${record.runs} runs, results to ${record.planner}, project version ${record.version}${record.finished ? ', finished' : ''}`);
      printLine(`${completed.length} done, ${active.length} running, ${failed.length} failed, ${waitingCount} waiting; ${workers} worker(s) connected`);
      const section = (title: string, lines: string[]) => lines.length > 0 && printLine(`${title}:\n${lines.map((line) => `  ${line}`).join('\n')}`);
      section('running', active.map(activeLine));
      section('failed', failed.map(failedLine));
      section('done', completed.map(completedLine));
      return 0;
    } finally {
      await queue.close();
    }
  },
});
