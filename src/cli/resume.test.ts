/** End to end: long runs saved as they go, and continued where they stopped (train and sweep). */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, workDirectory } from './cliProcess.testing';
import { csvRecords } from './csv';

const work = workDirectory();

describe('train --checkpoint-every, then --resume', () => {
  /** The step lines without their timing: what must match between a resumed run and one that never stopped. */
  const stepsOf = (stdout: string) =>
    (jsonLines(stdout) as Record<string, unknown>[]).filter((line) => typeof line.step === 'number' && !line.heldOut).map(({ msPerStep: _ms, ...rest }) => rest);

  it.each([
    ['ACT with a ponder budget (τ moves)', 'task=parity&bits=4&hidden=6&batch=8&tau=0.01&ponderTarget=1.5&ponderRate=0.3&seed=2'],
    ['streaming (truncated BPTT: positions and carried state)', 'task=delaycopy&hidden=6&batch=4&tbptt=5&seed=3&lr=0.01'],
  ])('continues %s exactly as a run that never stopped', async (_what, config) => {
    const straight = join(work, `straight-${config.length}`);
    const stopped = join(work, `stopped-${config.length}`);
    const common = ['--json', '--log-every', '1', '--eval', '4', '--eval-every', '2'];
    const [whole, first] = await Promise.all([
      cli('train', '--config', config, '--steps', '6', '--save', straight, ...common),
      cli('train', '--config', config, '--steps', '3', '--save', stopped, '--checkpoint-every', '2', ...common),
    ]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(stopped, 'run', 'state.json'))).toBe(true);
    const rest = await cli('train', '--resume', '--steps', '6', '--save', stopped, ...common);
    expect(rest.code, rest.stderr).toBe(0);
    expect([...stepsOf(first.stdout), ...stepsOf(rest.stdout)]).toEqual(stepsOf(whole.stdout));
    expect(readFileSync(join(stopped, 'weights.bin')).equals(readFileSync(join(straight, 'weights.bin')))).toBe(true);
    const heldOut = (stdout: string) => (jsonLines(stdout) as { heldOut?: boolean; step: number; evaluation: unknown }[]).filter((line) => line.heldOut).map(({ step, evaluation }) => ({ step, evaluation }));
    expect([...heldOut(first.stdout), ...heldOut(rest.stdout)]).toEqual(heldOut(whole.stdout));
    const summary = jsonLines(rest.stdout).at(-1) as { resumedFrom: number; trainSeconds: number; evaluation: unknown };
    expect(summary.resumedFrom).toBe(3);
    expect(summary.evaluation).toEqual((jsonLines(whole.stdout).at(-1) as { evaluation: unknown }).evaluation);
    expect(summary.trainSeconds).toBeGreaterThan((jsonLines(first.stdout).at(-1) as { trainSeconds: number }).trainSeconds);
  }, 240_000);

  it('says what is wrong instead of starting over', async () => {
    const empty = join(work, 'no-run-state');
    const done = join(work, 'stopped-resume-done');
    const [missing, withPreset, noSave] = await Promise.all([
      cli('train', '--resume', '--steps', '4', '--save', empty),
      cli('train', '--resume', '--steps', '4', '--save', empty, '--preset', 'quick'),
      cli('train', '--config', 'task=parity', '--steps', '2', '--checkpoint-every', '1'),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/has no saved run state \(run\/state.json\): train with --save .* --checkpoint-every K first/);
    expect(withPreset.stderr).toMatch(/leave out --preset/);
    expect(noSave.stderr).toMatch(/need --save DIR/);
    const trained = await cli('train', '--config', 'task=parity&bits=4&hidden=4&batch=4', '--steps', '2', '--save', done, '--checkpoint-every', '5');
    expect(trained.code, trained.stderr).toBe(0);
    const [again, newModel] = await Promise.all([
      cli('train', '--resume', '--steps', '2', '--save', done),
      cli('train', '--resume', '--steps', '4', '--save', done, '--config', 'hidden=8&lr=0.0005'),
    ]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/is at step 2 already: ask for more --steps/);
    expect(newModel.code).not.toBe(0);
    expect(newModel.stderr).toMatch(/--resume can change only settings that apply while training \(.*\blr\b.*\); hidden would need a new model/);
    // Settings a running training takes may change: a learning-rate schedule by hand.
    const slower = await cli('train', '--resume', '--steps', '4', '--save', done, '--config', 'lr=0.0005&tau=0.02', '--json');
    expect(slower.code, slower.stderr).toBe(0);
    const summary = jsonLines(slower.stdout).at(-1) as { config: string; resumedFrom: number };
    expect(summary.resumedFrom).toBe(2);
    expect(summary.config).toMatch(/lr=0\.0005/);
    expect(summary.config).toMatch(/tau=0\.02/);
    expect(readFileSync(join(done, 'model.json'), 'utf8')).toMatch(/lr=0\.0005/);
  }, 240_000);
});

describe('sweep --checkpoint-every: an unfinished run continues where it was saved', () => {
  it('gives the same metrics as a sweep that never stopped', async () => {
    const whole = join(work, 'sweep-whole');
    const stopped = join(work, 'sweep-stopped');
    const args = (out: string) => ['sweep', '--config', 'task=parity&bits=4&hidden=4&batch=16&tau=0.01&ponderTarget=1.5&ponderRate=0.2', '--halting', 'act',
      '--tau', '0.01', '--seeds', '1', '--steps', '6', '--log-every', '1', '--eval', '20', '--workers', '1', '--checkpoint-every', '2', '--out', out];
    const first = await cli(...args(whole));
    expect(first.code, first.stderr).toBe(0);
    const [id] = readdirSync(join(whole, 'runs'));
    const run = JSON.parse(readFileSync(join(whole, 'runs', id, 'run.json'), 'utf8')) as { config: string; steps: number };
    // An attempt killed after step 4: the sweep's files as it left them, its state saved at step 4.
    cpSync(whole, stopped, { recursive: true });
    const killed = join(stopped, 'runs', id);
    rmSync(join(killed, 'done'));
    rmSync(join(killed, 'metrics.csv'));
    rmSync(join(killed, 'model', 'run'), { recursive: true });
    const partial = join(work, 'sweep-partial-run');
    const saved = await cli('train', '--config', run.config, '--steps', '4', '--save', partial, '--checkpoint-every', '4', '--json');
    expect(saved.code, saved.stderr).toBe(0);
    cpSync(join(partial, 'run'), join(killed, 'model', 'run'), { recursive: true });
    const again = await cli(...args(stopped));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`continue act tau=0.01 seed=1 \\(${id}\\) from step 4`));
    // Every metric the same (timings aside), the first four steps from the earlier attempt's lines.
    const timeless = (dir: string) => csvRecords(readFileSync(join(dir, 'metrics.csv'), 'utf8')).filter((r) => !/msPerStep|wallSeconds/.test(r.metric));
    expect(timeless(stopped)).toEqual(timeless(whole));
    expect(timeless(whole).filter((r) => r.metric === 'seqError').map((r) => r.step)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(readFileSync(join(killed, 'model', 'weights.bin')).equals(readFileSync(join(whole, 'runs', id, 'model', 'weights.bin')))).toBe(true);
  }, 240_000);
});
