import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMeasureFor, errorOf } from '../../charts/errorMeasure';
import { getTask } from '../../tasks/registry';
import { readsText } from '../../tasks/task';
import { defineCommand } from '../command';
import { printError, printLine } from '../output';
import { methodFigures, sweepFigures } from '../report/figures';
import { groupBySetting, groupRuns } from '../report/groups';
import { loadSweep } from '../report/load';
import { reportMarkdown } from '../report/markdown';
import { planFileOf } from '../sweep/planFile';
import { rebuildTables } from '../sweep/store';
import { renderChart } from '../svg';

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'Draw the paper-style figures of a sweep as SVG files, with a report.md index and numbers table.',
  flags: {
    in: { kind: 'string', placeholder: 'DIR', required: true, help: 'Sweep directory (with options.csv and metrics.csv)' },
    out: { kind: 'string', placeholder: 'DIR', required: true, help: 'Where to write the SVG files and report.md' },
  },
  details: () =>
    [
      'Error is sequence error, or for a task that reads text bits per character (eval_bitsPerTarget; then no error',
      'by difficulty, whose per-difficulty sequence error says nothing about text).',
      'Figures: error_vs_tau.svg and ponder_vs_tau.svg (log τ axis, each seed and the mean, the no-ACT mean as a',
      'dashed line), error_vs_ponder.svg (one point per run), error_vs_difficulty.svg and ponder_vs_difficulty.svg',
      '(one line per τ). With halting methods besides ACT and none: methods_error_vs_ponder.svg (coloured by method,',
      'the knob τ / λp / ρ as labels), methods_error_vs_difficulty.svg and methods_ponder_vs_difficulty.svg (one',
      'line per setting; the difficulties training never saw shaded), and report.md gains interpolation and',
      'extrapolation errors. All from the runs\' final evaluation metrics (eval_* in metrics.csv).',
    ].join('\n'),
  async run(flags) {
    // A batch-scheduler sweep's tables are rewritten by each run as it ends; build them once more from every run.
    if (existsSync(planFileOf(flags.in))) await rebuildTables(flags.in);
    const runs = await loadSweep(flags.in);
    if (runs.length === 0) throw new Error(`${flags.in} has no finished runs`);
    const tasks = [...new Set(runs.map((run) => run.task))];
    if (tasks.length > 1) throw new Error(`${flags.in} mixes tasks (${tasks.join(', ')}); report one task at a time`);
    const { baseline, byTau } = groupRuns(runs);
    const notes = byTau.some((g) => (g.tau ?? 0) <= 0) ? ['Runs with ACT and τ = 0 are left out of the log-τ figures.'] : [];
    const task = getTask(tasks[0]);
    const measure = errorMeasureFor(readsText(task));
    const unmeasured = runs.filter((run) => !Number.isFinite(errorOf(run, measure)));
    if (unmeasured.length > 0) throw new Error(`runs ${unmeasured.map((run) => run.id).join(', ')} have no eval_${measure.key} in ${join(flags.in, 'metrics.csv')}`);
    const methods = methodFigures(runs, task.difficultyLabel, measure);
    const figures = [...methods, ...sweepFigures(byTau, baseline, task.difficultyLabel, measure)];
    await mkdir(flags.out, { recursive: true });
    for (const figure of figures) await writeFile(join(flags.out, figure.file), renderChart(figure.chart));
    const groups = methods.length > 0 ? groupBySetting(runs) : [...(baseline ? [baseline] : []), ...byTau];
    await writeFile(join(flags.out, 'report.md'), reportMarkdown(flags.in, tasks[0], groups, figures, notes, measure));
    printError(`wrote ${figures.length} figures and report.md to ${flags.out}`);
    for (const figure of figures) printLine(join(flags.out, figure.file));
    printLine(join(flags.out, 'report.md'));
  },
});
