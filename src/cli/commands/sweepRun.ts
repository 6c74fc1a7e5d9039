import { UsageError } from '../args';
import { defineCommand } from '../command';
import { EXIT_CODES_HELP, refuseOtherVersion } from '../exit';
import { printError } from '../output';
import { planFileOf, readPlan } from '../sweep/planFile';
import { SweepProgress } from '../sweep/progress';
import { runOne } from '../sweep/runOne';
import { isDone, rebuildTables } from '../sweep/store';
import { projectVersion } from '../sweep/version';

export const sweepRunCommand = defineCommand({
  name: 'sweep-run',
  summary: 'Run one run of a planned sweep (`sweep --plan-only`): one Slurm array task or Kubernetes Indexed Job pod.',
  flags: {
    plan: { kind: 'string', placeholder: 'DIR', required: true, help: 'The sweep directory holding plan.json (results go to DIR/runs/<id>/)' },
    index: { kind: 'int', placeholder: 'I', min: 0, required: true, help: 'Which run, from 0 (e.g. $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX)' },
  },
  details: () =>
    [
      'Trains the I-th run exactly as the local sweep does, unless it is already done, and rewrites',
      'DIR/options.csv and metrics.csv from every finished run (`report` rebuilds them too, so runs that finish',
      'at the same moment are never left out). Refuses a plan written by another project version.',
      '',
      EXIT_CODES_HELP,
    ].join('\n'),
  async run(flags) {
    const plan = await readPlan(flags.plan);
    refuseOtherVersion(projectVersion(), plan.version, planFileOf(flags.plan));
    const run = plan.runs[flags.index];
    if (!run) throw new UsageError(`--index ${flags.index} is past the plan's last run (${plan.runs.length} runs: indexes 0-${plan.runs.length - 1})`, false);
    const progress = new SweepProgress(1);
    let ok = true;
    if (isDone(flags.plan, run.id)) progress.skipped(run.label, run.id);
    else ok = await runOne(run, { out: flags.plan, ...plan.settings, progress });
    const finished = await rebuildTables(flags.plan);
    printError(`wrote ${flags.plan}/options.csv and metrics.csv: ${finished} finished runs of ${plan.runs.length}`);
    return ok ? 0 : 1;
  },
});
