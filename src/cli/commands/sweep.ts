import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { HALTING_IDS } from '../../core/halting/registry';
import { UsageError } from '../args';
import { backendFlag, checkBackendChoice } from '../backend';
import { defineCommand } from '../command';
import { PRESET_FLAG, describeConfigKeys, resolveConfig } from '../config';
import { dataFlag } from '../data';
import { EXIT_CODES_HELP } from '../exit';
import { printError, printLine } from '../output';
import { queueFlag, queueNameFlag } from '../queue/connection';
import { runQueuedSweep } from '../queue/coordinator';
import { planSweep } from '../sweep/plan';
import { planFileOf, writePlan } from '../sweep/planFile';
import { SweepProgress } from '../sweep/progress';
import { METRICS_FORMAT } from '../sweep/rows';
import type { RunOptions, RunSettings } from '../sweep/runOne';
import { runOne } from '../sweep/runOne';
import { isDone, rebuildTables } from '../sweep/store';
import { guardResources, resourceCheckFlag } from '../resources';
import { projectVersion } from '../sweep/version';

export const sweepCommand = defineCommand({
  name: 'sweep',
  summary: 'Train every halting method over its grid (ACT: tau; PonderNet: lambdaP; repeat: repeats) and seed, in parallel processes or through a queue; resumable.',
  flags: {
    config: { kind: 'string', placeholder: 'CFG', default: '', help: 'Base config string (its seed is the first seed)' },
    preset: PRESET_FLAG,
    halting: { kind: 'string', placeholder: 'M1,M2,...', default: 'act,none', help: `Halting methods (${HALTING_IDS.join(', ')}), each over its grid` },
    tau: { kind: 'numbers', placeholder: 'T1,T2,...', default: [1e-4, 1e-3, 1e-2, 1e-1], help: 'ACT: time penalties τ' },
    lambdaP: { kind: 'numbers', placeholder: 'L1,L2,...', default: [0.1, 0.2, 0.5], help: 'PonderNet: prior halting probabilities λ_p' },
    repeats: { kind: 'numbers', placeholder: 'R1,R2,...', default: [1, 2, 3, 5], help: 'Fixed repetition: updates per input step ρ' },
    seeds: { kind: 'int', placeholder: 'K', min: 1, default: 5, help: 'Seeds per setting: the config\'s seed, seed+1, …' },
    steps: { kind: 'int', placeholder: 'N', min: 1, required: true, help: 'Training steps per run' },
    out: { kind: 'string', placeholder: 'DIR', required: true, help: 'Sweep directory (created; re-running resumes)' },
    eval: { kind: 'int', placeholder: 'N', min: 1, default: 1000, help: 'Evaluation sequences per finished run (evaluation seed 1)' },
    workers: { kind: 'int', placeholder: 'K', min: 1, default: availableParallelism(), help: 'Runs at once, each in its own process' },
    logEvery: { kind: 'int', placeholder: 'K', min: 1, default: 10, help: 'Training metrics every K steps' },
    backend: backendFlag,
    data: dataFlag,
    ignoreResources: resourceCheckFlag,
    checkpointEvery: { kind: 'int', placeholder: 'K', min: 1, help: 'Each run saves its whole state every K steps; re-running the sweep then continues an unfinished run from there (train --resume) instead of redoing it' },
    queue: { ...queueFlag, help: `${queueFlag.help}: enqueue the runs for \`worker\` processes anywhere instead of training here` },
    queueName: queueNameFlag,
    planOnly: { kind: 'bool', help: 'Only write DIR/plan.json, for `sweep-run --plan DIR --index I` under a batch scheduler' },
  },
  details: () =>
    [
      'Runs: for each seed and each method in --halting: act once per --tau, pondernet once per --lambda-p, repeat',
      'once per --repeats, none once (the baseline). Other keys come from --config. experiment_id is a short',
      'hash of the run\'s config, steps and evaluation size. Re-running the same command skips finished runs',
      '(DIR/runs/<id>/done) and redoes unfinished ones from scratch — or, with --checkpoint-every K, continues',
      'each from its last saved state, with the same numbers as a run that never stopped.',
      '',
      'Writes DIR/options.csv (experiment_id, steps, eval, then every config key of the task as a column) and',
      METRICS_FORMAT,
      'Both files are rebuilt from DIR/runs/<id>/ after every run. Progress goes to stderr.',
      '',
      'With --queue URL the runs go to a BullMQ queue on that Redis (job id exp-<experiment_id>) and `worker`',
      'processes on any machine train them; this command shows progress, writes the same files as results arrive',
      '(DIR/runs/<id>/live.csv holds a running run\'s curves) and resumes when run again. --workers does not apply.',
      'With --plan-only it writes DIR/plan.json; `sweep-run --plan DIR --index I` runs the I-th run (0-based).',
      '',
      EXIT_CODES_HELP,
      '',
      describeConfigKeys(),
    ].join('\n'),
  async run(flags) {
    const base = resolveConfig(flags.config, flags.preset);
    checkBackendChoice(flags.backend);
    const halting = flags.halting.split(',').map((method) => method.trim()).filter((method) => method !== '');
    const unknown = halting.filter((method) => !HALTING_IDS.includes(method));
    if (halting.length === 0 || unknown.length > 0) {
      throw new UsageError(`--halting: ${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : 'none given'}; expected some of ${HALTING_IDS.join(', ')}`);
    }
    const plan = planSweep(base, { halting, knobs: { tau: flags.tau, lambdaP: flags.lambdaP, repeats: flags.repeats } }, flags.seeds, flags.steps, flags.eval);
    // Every run of the plan has the base config's sizes: one check before any process starts.
    guardResources(base, flags.backend === 'cpu' ? 'cpu' : 'wasm', flags.ignoreResources);
    await mkdir(flags.out, { recursive: true });
    const settings: RunSettings = { logEvery: flags.logEvery, backend: flags.backend, data: flags.data, ignoreResources: flags.ignoreResources, checkpointEvery: flags.checkpointEvery };
    if (flags.planOnly) {
      await writePlan(flags.out, { version: projectVersion(), settings, runs: plan });
      printError(`wrote ${planFileOf(flags.out)}: ${plan.length} runs, indexes 0-${plan.length - 1}`);
      printLine(String(plan.length));
      return 0;
    }
    const progress = new SweepProgress(plan.length);
    const pending = plan.filter((run) => {
      if (!isDone(flags.out, run.id)) return true;
      progress.skipped(run.label, run.id);
      return false;
    });
    let failures = 0;
    if (flags.queue !== undefined) {
      printError(`sweep: ${plan.length} runs, ${plan.length - pending.length} already done, ${pending.length} to run through the queue`);
      failures = await runQueuedSweep({ url: flags.queue, queueName: flags.queueName, out: flags.out, runs: plan, settings, progress });
    } else {
      const workers = Math.min(flags.workers, pending.length);
      const toRun = pending.length > 0 ? `${pending.length} to run on ${workers} worker processes` : 'nothing to run';
      printError(`sweep: ${plan.length} runs, ${plan.length - pending.length} already done, ${toRun}`);
      const options: RunOptions = { out: flags.out, ...settings, progress };
      let tables = Promise.resolve(0);
      const work = async () => {
        for (let run = pending.shift(); run; run = pending.shift()) {
          if (!(await runOne(run, options))) failures++;
          // One rewrite at a time; a failed rewrite is reported, and the final one below throws.
          else tables = tables.then(() => rebuildTables(flags.out)).catch((error: Error) => (printError(`cannot rewrite the tables yet: ${error.message}`), 0));
        }
      };
      await Promise.all(Array.from({ length: workers }, work));
      await tables;
    }
    const finished = await rebuildTables(flags.out);
    printError(`wrote ${flags.out}/options.csv and metrics.csv: ${finished} finished runs${failures > 0 ? `; ${failures} failed (re-run to retry)` : ''}`);
    return failures > 0 ? 1 : 0;
  },
});
