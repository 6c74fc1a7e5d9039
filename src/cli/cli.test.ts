/** End to end: the CLI started as a user starts it, in its own Node process. */
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, workDirectory } from './cliProcess.testing';
import { csvRecords } from './csv';

const work = workDirectory();

interface SampleLine {
  input: number[][];
  target: number[][];
  mask: number[];
  difficulty: number;
}

describe('sample', () => {
  it('prints exact, reproducible sequences of the right shape', async () => {
    const config = 'task=parity&bits=6';
    const [first, again, other] = await Promise.all([
      cli('sample', '--config', config, '--n', '20', '--seed', '3'),
      cli('sample', '--config', config, '--n', '20', '--seed', '3'),
      cli('sample', '--config', config, '--n', '20', '--seed', '4'),
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    const lines = jsonLines(first.stdout) as SampleLine[];
    expect(lines).toHaveLength(20);
    for (const { input, target, mask, difficulty } of lines) {
      expect(input).toHaveLength(1);
      expect(input[0]).toHaveLength(6);
      expect(mask).toEqual([1]);
      expect(difficulty).toBe(input[0].filter((v) => v !== 0).length);
      expect(target).toEqual([[input[0].filter((v) => v === 1).length % 2]]);
    }
  });

  it('gives each sequence only its real steps', async () => {
    const result = await cli('sample', '--config', 'task=addition&addLength=4', '--n', '30');
    const lines = jsonLines(result.stdout) as SampleLine[];
    const lengths = new Set(lines.map((line) => line.input.length));
    expect(lengths.size).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line.target).toHaveLength(line.input.length);
      expect(line.mask).toHaveLength(line.input.length);
      expect(line.mask[0]).toBe(0);
      for (const step of line.input) expect(step).toHaveLength(50);
    }
  });

  it('reads the text of the wiki task from --data, held-out part', async () => {
    const text = `<mediawiki>${'[[ACT]] ponders at spaces. '.repeat(40)}`;
    const file = join(work, 'enwik8-prefix.xml');
    writeFileSync(file, text);
    const result = await cli('sample', '--config', 'task=wiki&window=12', '--n', '2', '--data', file);
    expect(result.code, result.stderr).toBe(0);
    for (const line of jsonLines(result.stdout) as SampleLine[]) {
      const bytes = line.input.map((step) => step.indexOf(1));
      expect(line.target.slice(0, -1).map(([byte]) => byte)).toEqual(bytes.slice(1));
      expect(text).toContain(String.fromCharCode(...bytes));
    }
  });
});

describe('refusing bad input', () => {
  it('exits with 2 and names the key of a bad config, the flag of a bad command line', async () => {
    const [badValue, badKey, badFlag, missing] = await Promise.all([
      cli('train', '--config', 'task=parity&bits=99', '--steps', '5'),
      cli('sample', '--config', 'task=parity&colour=blue'),
      cli('train', '--steps', '5', '--stesp', '3'),
      cli('eval'),
    ]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/bits=99: out of range/);
    expect(badValue.stdout).toBe('');
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/colour=blue: is not a known setting/);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/unknown flag --stesp/);
    expect(badFlag.stderr).toMatch(/Usage: .* train/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--model is required/);
  });

  it('refuses a model too big for the machine before building it, naming what to lower', async () => {
    const huge = 'task=parity&bits=64&cell=lstm&hidden=2048&layers=4&batch=1024&maxSteps=100';
    const [train, sweep] = await Promise.all([
      cli('train', '--config', huge, '--steps', '1'),
      cli('sweep', '--config', huge, '--steps', '1', '--out', join(work, 'huge-sweep'), '--tau', '0.01', '--seeds', '1'),
    ]);
    for (const result of [train, sweep]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/needs about \d+\.\d GB during a training step; .* Lower hidden \(Hidden units\) from 2048 to at most \d+/);
      expect(result.stderr).toMatch(/--ignore-resources builds it anyway/);
    }
  });
});

describe('train, then eval and trace the saved model', () => {
  const modelDir = join(work, 'model');

  it('with --eval-every, evaluates held-out sequences during training and times the training alone', async () => {
    const config = 'task=parity&bits=4&hidden=4&batch=8';
    const [result, refused] = await Promise.all([
      cli('train', '--config', config, '--steps', '6', '--json', '--log-every', '3', '--eval', '8', '--eval-every', '2'),
      cli('train', '--config', config, '--steps', '6', '--eval-every', '2'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = jsonLines(result.stdout) as { heldOut?: boolean; step?: number; trainSeconds?: number; evaluation?: { count: number }; wallSeconds?: number }[];
    const heldOut = lines.filter((line) => line.heldOut);
    // Steps 2 and 4; the last step's evaluation is the summary's.
    expect(heldOut.map((line) => line.step)).toEqual([2, 4]);
    expect(heldOut.every((line) => line.evaluation!.count === 8)).toBe(true);
    const summary = lines.at(-1)!;
    expect(heldOut[0].trainSeconds!).toBeLessThan(heldOut[1].trainSeconds!);
    expect(heldOut[1].trainSeconds!).toBeLessThan(summary.trainSeconds!);
    expect(summary.trainSeconds!).toBeLessThan(summary.wallSeconds!);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--eval-every needs --eval N/);
  });

  it('prints a JSON line per logged step and a summary, and saves the model', async () => {
    const config = 'task=addition&cell=lstm&hidden=8&batch=8&addLength=3&maxDigits=2';
    const result = await cli('train', '--config', config, '--steps', '20', '--json', '--save', modelDir, '--eval', '40');
    expect(result.code, result.stderr).toBe(0);
    const lines = jsonLines(result.stdout) as Record<string, unknown>[];
    expect(lines.slice(0, -1).map((line) => line.step)).toEqual([10, 20]);
    for (const line of lines.slice(0, -1)) {
      for (const key of ['loss', 'seqError', 'ponder', 'tau', 'msPerStep']) expect(typeof line[key], key).toBe('number');
    }
    const summary = lines.at(-1) as { summary: boolean; steps: number; config: string; final: { step: number }; evaluation: { count: number }; backend: string };
    expect(summary).toMatchObject({ summary: true, steps: 20, backend: 'wasm', final: { step: 20 }, evaluation: { count: 40 } });
    expect(summary.config).toContain('task=addition');
    expect(existsSync(join(modelDir, 'model.json')) && existsSync(join(modelDir, 'weights.bin'))).toBe(true);
  });

  it('evaluates and traces it', async () => {
    const svgFile = join(modelDir, 'by-step.svg');
    const [evaluation, trace, byStep, svgAlone, even] = await Promise.all([
      cli('eval', '--model', modelDir, '--n', '50', '--json'),
      cli('trace', '--model', modelDir, '--n', '3', '--seed', '2'),
      cli('trace', '--model', modelDir, '--n', '40', '--by-step', '--svg', svgFile),
      cli('trace', '--model', modelDir, '--n', '2', '--svg', svgFile),
      cli('eval', '--model', modelDir, '--n', '20', '--per-difficulty', '7'),
    ]);
    expect(even.code, even.stderr).toBe(0);
    expect(even.stdout).toMatch(/sequences 20, sequence error/);
    expect(even.stdout).toContain('by difficulty: 7 sequences drawn at each difficulty');
    expect(even.stdout).toMatch(/\n\s+1\s+7\s.*\n\s+2\s+7\s/);
    expect(byStep.code, byStep.stderr).toBe(0);
    // Addition scores every step but the first: one input step, so no end-of-input ratio.
    expect(byStep.stdout).toMatch(/Mean N at each step by digits[^\n]*:\n\s+1\s+\(\d+ sequences\)\s+\d\.\d\d · \d\.\d\d/);
    expect(byStep.stdout).not.toContain('End of the input');
    // The page's chart of the same summary: one line per difficulty, counted from the first step (every step answers but the first).
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*>/);
    expect(svg).toContain('digits per number: 1');
    expect(svg).toContain('>step</text>');
    expect(svgAlone.code).not.toBe(0);
    expect(svgAlone.stderr).toMatch(/--svg writes the --by-step figure/);
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const { evaluation: result } = JSON.parse(evaluation.stdout) as { evaluation: { count: number; seqError: number; ponder: number; byDifficulty: { count: number }[] } };
    expect(result.count).toBe(50);
    expect(result.ponder).toBeGreaterThanOrEqual(1);
    expect(result.byDifficulty.reduce((sum, d) => sum + d.count, 0)).toBe(50);

    expect(trace.code, trace.stderr).toBe(0);
    const { config, sequences } = JSON.parse(trace.stdout) as {
      config: string;
      sequences: { length: number; inputs: number[][]; ponder: { steps: number; probability: number[] }[][] }[];
    };
    expect(config).toContain('task=addition');
    expect(sequences).toHaveLength(3);
    for (const sequence of sequences) {
      expect(sequence.ponder).toHaveLength(sequence.length);
      expect(sequence.inputs).toHaveLength(sequence.length);
      for (const [unit] of sequence.ponder) {
        expect(unit.probability).toHaveLength(unit.steps);
        expect(unit.probability.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
      }
    }
  });

  it('traces an input made by hand, and refuses one the task cannot represent', async () => {
    const [probed, refused] = await Promise.all([
      cli('trace', '--model', modelDir, '--input', '07,45,3'),
      cli('trace', '--model', modelDir, '--input', '07,456'),
    ]);
    expect(probed.code, probed.stderr).toBe(0);
    const { sequences } = JSON.parse(probed.stdout) as { sequences: { length: number; targets: number[][]; targetMask: number[] }[] };
    expect(sequences).toHaveLength(1);
    expect(sequences[0].length).toBe(3);
    expect(sequences[0].targetMask).toEqual([0, 1, 1]);
    expect(sequences[0].targets[2]).toEqual([5, 5, 10, 10, 10, 10]); // 7 + 45 + 3 = 55
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--input: Number 2 \(456\) has 3 digits; numbers here have at most 2/);
  });
});

describe('sweep and report', () => {
  const out = join(work, 'sweep');
  const sweepArgs = ['sweep', '--config', 'task=parity&bits=4&hidden=4&batch=16', '--tau', '0.001,0.01', '--seeds', '1', '--steps', '10',
    '--log-every', '5', '--eval', '30', '--workers', '2', '--out', out];
  const metricKeys = () => csvRecords(readFileSync(join(out, 'metrics.csv'), 'utf8')).map((r) => `${r.experiment_id}|${r.step}|${r.metric}`);
  const doneTimes = () => readdirSync(join(out, 'runs')).map((id) => statSync(join(out, 'runs', id, 'done')).mtimeMs);

  it('runs every τ and a baseline in worker processes and writes options.csv and metrics.csv', async () => {
    const result = await cli(...sweepArgs);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/\[3\/3\] done/);
    const [optionsHeader] = readFileSync(join(out, 'options.csv'), 'utf8').split('\n');
    expect(optionsHeader).toMatch(/^experiment_id,steps,eval,task,.*\bhalting\b.*\bseed\b.*\btau\b.*\bbits\b/);
    const options = csvRecords(readFileSync(join(out, 'options.csv'), 'utf8'));
    expect(options.map((r) => [r.halting, r.tau]).sort()).toEqual([['act', '0.001'], ['act', '0.01'], ['none', '']]);
    expect(readFileSync(join(out, 'metrics.csv'), 'utf8').split('\n')[0]).toBe('experiment_id,step,metric,value');
    const metrics = csvRecords(readFileSync(join(out, 'metrics.csv'), 'utf8'));
    for (const { experiment_id: id } of options) {
      const own = metrics.filter((r) => r.experiment_id === id);
      expect(own.filter((r) => r.metric === 'seqError').map((r) => r.step)).toEqual(['5', '10']);
      expect(own.filter((r) => r.metric === 'eval_seqError')).toEqual([{ experiment_id: id, step: '10', metric: 'eval_seqError', value: expect.any(String) }]);
      expect(own.some((r) => /^eval_ponder_d\d+$/.test(r.metric))).toBe(true);
    }
    expect(new Set(metricKeys()).size).toBe(metricKeys().length);
  });

  it('skips finished runs when run again', async () => {
    const [rowsBefore, timesBefore] = [metricKeys(), doneTimes()];
    const result = await cli(...sweepArgs);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/skipped/g)).toHaveLength(3);
    expect(result.stderr).not.toMatch(/start /);
    expect(metricKeys()).toEqual(rowsBefore);
    expect(doneTimes()).toEqual(timesBefore);
  });

  it('redoes only a run whose completion is gone, without duplicate rows', async () => {
    const rowsBefore = metricKeys();
    const [victim] = readdirSync(join(out, 'runs'));
    rmSync(join(out, 'runs', victim, 'done'));
    const result = await cli(...sweepArgs);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/start .*/g)).toEqual([expect.stringContaining(`(${victim}), discarding an unfinished earlier attempt`)]);
    expect(result.stderr.match(/skipped/g)).toHaveLength(2);
    expect(metricKeys().sort()).toEqual([...rowsBefore].sort());
  });

  it('draws the figures as standalone SVG files with an index', async () => {
    const reportDir = join(work, 'report');
    const result = await cli('report', '--in', out, '--out', reportDir);
    expect(result.code, result.stderr).toBe(0);
    const files = ['error_vs_tau.svg', 'ponder_vs_tau.svg', 'error_vs_ponder.svg', 'error_vs_difficulty.svg', 'ponder_vs_difficulty.svg'];
    for (const file of files) {
      const svg = readFileSync(join(reportDir, file), 'utf8');
      expect(svg, file).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<\/svg>\n$/);
      expect(svg, file).toMatch(/<circle /);
      expect(svg.match(/<svg/g), file).toHaveLength(1);
    }
    const index = readFileSync(join(reportDir, 'report.md'), 'utf8');
    expect(index).toMatch(/\| no ACT \| 1 \|/);
    expect(index).toMatch(/\| τ = 0\.01 \| 1 \|/);
    for (const file of files) expect(index).toContain(`](${file})`);
  });

  it('sweeps halting methods over their grids and reports them side by side, extrapolation included', async () => {
    const methodsOut = join(work, 'methods');
    const sweep = await cli('sweep', '--config', 'task=parity&bits=4&trainNonZero=2&nonZeroEvery=0&hidden=4&batch=16&maxSteps=4', '--halting', 'act,pondernet,repeat,none',
      '--tau', '0.01', '--lambda-p', '0.5', '--repeats', '2,3', '--seeds', '1', '--steps', '4', '--log-every', '4', '--eval', '40', '--workers', '2', '--out', methodsOut);
    expect(sweep.code, sweep.stderr).toBe(0);
    const options = csvRecords(readFileSync(join(methodsOut, 'options.csv'), 'utf8'));
    expect(options.map((r) => [r.halting, r.tau, r.lambdaP, r.repeats]).sort()).toEqual([
      ['act', '0.01', '', ''], ['none', '', '', ''], ['pondernet', '', '0.5', ''], ['repeat', '', '', '2'], ['repeat', '', '', '3'],
    ]);
    const metrics = csvRecords(readFileSync(join(methodsOut, 'metrics.csv'), 'utf8'));
    expect(metrics.filter((r) => r.metric === 'eval_count_extrapolation').length).toBe(5);
    const reportDir = join(work, 'methods-report');
    const report = await cli('report', '--in', methodsOut, '--out', reportDir);
    expect(report.code, report.stderr).toBe(0);
    const scatter = readFileSync(join(reportDir, 'methods_error_vs_ponder.svg'), 'utf8');
    for (const label of ['ACT', 'PonderNet', 'repeat', 'no pondering', 'τ=0.01', 'λp=0.5', 'ρ=3']) expect(scatter).toContain(label);
    expect(readFileSync(join(reportDir, 'methods_error_vs_difficulty.svg'), 'utf8')).toContain('extrapolation (never trained on)');
    const index = readFileSync(join(reportDir, 'report.md'), 'utf8');
    expect(index).toMatch(/\| setting \| runs \| sequence error \| ponder \| interpolation error \| extrapolation error \| wall s \|/);
    expect(index).toMatch(/\| PonderNet λp=0\.5 \| 1 \|/);
  }, 180_000);
});

describe('read and ponder-by-class (a character model reading text)', () => {
  const text = `<mediawiki>${'[[ACT]] ponders at spaces, and at commas. '.repeat(30)}`;
  const corpus = join(work, 'read-corpus.xml');
  const modelDir = join(work, 'wiki-tiny');
  const parityDir = join(work, 'parity-for-read');

  it('prints one JSON object per byte of any file, and the table by class without --json', async () => {
    writeFileSync(corpus, text);
    const [trained, parity] = await Promise.all([
      cli('train', '--config', 'task=wiki&hidden=8&window=16&batch=4', '--steps', '2', '--data', corpus, '--save', modelDir, '--eval-whole'),
      cli('train', '--config', 'task=parity&bits=4&hidden=4', '--steps', '1', '--save', parityDir),
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(parity.code, parity.stderr).toBe(0);
    const page = join(work, 'page.txt');
    writeFileSync(page, 'Markov, A. A.\n<b>x</b> é');
    const [json, table, byClass, refused, missing] = await Promise.all([
      cli('read', '--model', modelDir, '--text', page, '--json'),
      cli('read', '--model', modelDir, '--text', page),
      cli('ponder-by-class', '--model', modelDir, '--data', corpus, '--n', '8'),
      cli('read', '--model', parityDir, '--text', page),
      cli('read', '--model', modelDir, '--text', join(work, 'no-such-file.txt')),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const lines = jsonLines(json.stdout) as { byte: number; ponder: number; loss: number | null; entropy: number }[];
    const bytes = readFileSync(page);
    expect(lines.map((line) => line.byte)).toEqual(Array.from(bytes));
    for (const [i, line] of lines.entries()) {
      expect(Object.keys(line)).toEqual(['byte', 'ponder', 'loss', 'entropy']);
      expect(line.ponder).toBeGreaterThanOrEqual(1);
      expect(line.entropy).toBeGreaterThan(0);
      expect(line.entropy).toBeLessThanOrEqual(8);
      if (i < lines.length - 1) expect(line.loss).toBeGreaterThan(0);
    }
    expect(lines[lines.length - 1].loss).toBeNull(); // the last byte has no next byte to predict
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${bytes.length} bytes: [\\d.]+ bits per character, mean ponder [\\d.]+`));
    expect(table.stdout).toMatch(/\nmean ponder at spaces and punctuation [\d.]+, at letters inside words [\d.]+: [\d.]+×\n/);
    expect(table.stdout).toMatch(/\| space or tab \| 3 \|/);
    expect(table.stdout).toMatch(/\| non-ASCII \(bytes of é, Д…\) \| 2 \|/);
    expect(byClass.code, byClass.stderr).toBe(0);
    expect(byClass.stdout).toMatch(/^8 held-out windows of 16 bytes/);
    expect(byClass.stdout).toMatch(/128 bytes: /);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/model of the Parity task; reading text needs a model of the character task/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read --text/);
  });

  it('evaluates on the whole held-out text, the same whatever the seed, and only for a model that reads text', async () => {
    const [one, other, parity] = await Promise.all([
      cli('eval', '--model', modelDir, '--data', corpus, '--whole', '--json'),
      cli('eval', '--model', modelDir, '--data', corpus, '--whole', '--json', '--seed', '5', '--n', '3'),
      cli('eval', '--model', parityDir, '--whole'),
    ]);
    expect(one.code, one.stderr).toBe(0);
    const [first, second] = [one, other].map((result) => JSON.parse(result.stdout) as { whole?: boolean; seed?: number; evaluation: { count: number; bitsPerTarget: number } });
    expect(first).toMatchObject({ whole: true });
    expect(first.seed).toBeUndefined();
    expect(first.evaluation.count).toBeGreaterThan(0);
    expect(second.evaluation).toEqual(first.evaluation);
    // train --eval-whole recorded the same evaluation in the saved model (shippedSnapshots.test.ts reads it back).
    const { userDefinedMetadata } = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as { userDefinedMetadata: { evalWhole?: boolean; evalSeed?: number; evaluation: unknown } };
    expect(userDefinedMetadata).toMatchObject({ evalWhole: true, evaluation: first.evaluation });
    expect(userDefinedMetadata.evalSeed).toBeUndefined();
    expect(parity.code).not.toBe(0);
    expect(parity.stderr).toMatch(/whole-text evaluation is for tasks that read text/);
  });
});

describe('streaming training and the truncation probe', () => {
  it('trains delaycopy with adaptive truncation (K per step) and probes the saved model', async () => {
    const modelDir = join(work, 'delaycopy');
    const config = 'task=delaycopy&cell=alstm&adaptSize=4&hidden=6&layers=1&batch=4&tbpttDelta=0.5';
    const trained = await cli('train', '--config', config, '--steps', '3', '--json', '--log-every', '1', '--save', modelDir);
    expect(trained.code, trained.stderr).toBe(0);
    const line = jsonLines(trained.stdout)[0] as { truncation: number };
    expect(line.truncation).toBeGreaterThanOrEqual(2);
    expect(line.truncation).toBeLessThanOrEqual(100);
    const probe = await cli('tbptt-probe', '--model', modelDir, '--delta', '0.2');
    expect(probe.code, probe.stderr).toBe(0);
    const result = JSON.parse(probe.stdout) as { phi: number[]; beta: number; K: number; delta: number; probeK: number[] };
    expect(result.phi.length).toBe(100);
    expect(result.phi.every((value) => value >= 0)).toBe(true);
    expect(result.beta).toBeGreaterThan(0);
    expect(result.delta).toBe(0.2);
    expect(result.probeK.length).toBe(1);
    expect(result.K).toBe(Math.min(100, Math.max(2, result.probeK[0])));
    const parityDir = join(work, 'parity-for-probe');
    await cli('train', '--config', 'task=parity&bits=4&hidden=4&batch=4', '--steps', '1', '--save', parityDir);
    const refused = await cli('tbptt-probe', '--model', parityDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/separate sequences/);
  }, 240_000);
});
