/** The report's index: what the sweep was, the numbers per τ, and the figures. */
import { formatNumber } from '../table';
import type { Figure } from './figures';
import type { RunGroup, Stats } from './groups';

const meanSd = (s: Stats) => `${formatNumber(s.mean)} ± ${formatNumber(s.sd)}`;

export function reportMarkdown(source: string, task: string, groups: readonly RunGroup[], figures: readonly Figure[], notes: readonly string[]): string {
  const runs = groups.reduce((sum, g) => sum + g.runs.length, 0);
  return [
    `# ACT sweep report: ${task}`,
    '',
    `From \`${source}\`: ${runs} runs. Evaluation metrics on fresh sequences; mean ± standard deviation over seeds.`,
    '',
    '| setting | runs | sequence error | ponder |',
    '| --- | ---: | ---: | ---: |',
    ...groups.map((g) => `| ${g.label} | ${g.runs.length} | ${meanSd(g.seqError)} | ${meanSd(g.ponder)} |`),
    '',
    ...notes.map((note) => `> ${note}\n`),
    ...figures.flatMap((f) => [`## ${f.caption}`, '', `![${f.caption}](${f.file})`, '']),
  ].join('\n');
}
