/** The report's index: what the sweep was, the numbers per τ, and the figures. */
import { formatNumber } from '../table';
import type { ErrorMeasure } from '../../charts/errorMeasure';
import type { Figure } from './figures';
import type { RunGroup, Stats } from './groups';
import { stats } from './groups';

const meanSd = (s: Stats) => `${formatNumber(s.mean)} ± ${formatNumber(s.sd)}`;

const optionalMeanSd = (values: (number | undefined)[]) =>
  values.every((value) => value !== undefined) ? meanSd(stats(values as number[])) : '–';

export function reportMarkdown(source: string, task: string, groups: readonly RunGroup[], figures: readonly Figure[], notes: readonly string[], measure: ErrorMeasure): string {
  const runs = groups.reduce((sum, g) => sum + g.runs.length, 0);
  const regions = groups.some((g) => g.runs.some((r) => r.extrapolationError !== undefined));
  const regionHeader = regions ? ' interpolation error | extrapolation error |' : '';
  const regionCells = (g: RunGroup) =>
    regions ? ` ${optionalMeanSd(g.runs.map((r) => r.interpolationError))} | ${optionalMeanSd(g.runs.map((r) => r.extrapolationError))} |` : '';
  return [
    `# ACT sweep report: ${task}`,
    '',
    `From \`${source}\`: ${runs} runs. Evaluation metrics on fresh sequences; mean ± standard deviation over seeds.`,
    '',
    `| setting | runs | ${measure.title.toLowerCase()} | ponder |${regionHeader} wall s |`,
    `| --- | ---: | ---: | ---: |${regions ? ' ---: | ---: |' : ''} ---: |`,
    ...groups.map((g) => `| ${g.label} | ${g.runs.length} | ${meanSd(g[measure.key])} | ${meanSd(g.ponder)} |${regionCells(g)} ${optionalMeanSd(g.runs.map((r) => r.wallSeconds))} |`),
    '',
    ...notes.map((note) => `> ${note}\n`),
    ...figures.flatMap((f) => [`## ${f.caption}`, '', `![${f.caption}](${f.file})`, '']),
  ].join('\n');
}
