import { describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import { modelSpecOf, saveModel } from '../run/engine';
import { EVALUATION_EVERY_STEPS } from './protocol';
import { SMALL_RUN, serviceHarness } from './serviceHarness';
import { TaskSnapshots, type ShippedSnapshot } from './taskSnapshots';
import { describeTraining, snapshotStart, type SnapshotFiles } from './wikiSnapshot';

const BASE = new URL('http://localhost/');

const RECORDED = { steps: 1234, final: { tau: 0.0042 }, evaluation: { count: 1000, seqError: 0.004, ponder: 2.5 } };

async function snapshotFilesOf(text: string, metadata: Record<string, unknown> = RECORDED): Promise<SnapshotFiles> {
  const config = configOf(text);
  const model = new ActModel(modelSpecOf(config), new Rng(5));
  const { json, weights } = await saveModel(model, config, metadata);
  model.dispose();
  return { json, weights };
}

async function snapshotOf(text: string, folder = 'parity-act') {
  const { json, weights } = await snapshotFilesOf(text);
  return { [`models/${folder}/model.json`]: JSON.stringify(json), [`models/${folder}/weights.bin`]: new Uint8Array(weights) };
}

function snapshots(served: Record<string, string | Uint8Array<ArrayBuffer>>, shipped: readonly ShippedSnapshot[] = [{ task: 'parity', preset: 'quick' }]): TaskSnapshots {
  return new TaskSnapshots(async (url) => {
    const body = served[url.pathname.slice(1)];
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
  }, BASE, shipped);
}

describe('pretrained snapshots of the algorithmic tasks', () => {
  it('name τ only for a model that ponders with ACT', () => {
    const metadata = { steps: 2000 };
    expect(describeTraining(metadata, configOf('task=copy&halting=none&lr=0.01'))).toBe('trained 2,000 steps with the CLI (lr 0.01, seed 1)');
    expect(describeTraining(metadata, configOf('task=copy&halting=act&tau=0.01&lr=0.01'))).toBe('trained 2,000 steps with the CLI (τ 0.01, lr 0.01, seed 1)');
    expect(describeTraining(metadata, configOf('task=copy&halting=act&tau=0.01&haltPenalty=0.001&lr=0.01'))).toBe('trained 2,000 steps with the CLI (τ 0.01, halting-logit penalty 0.001, lr 0.01, seed 1)');
    expect(describeTraining(metadata, configOf('task=copy&halting=act&tau=0.01&haltPenalty=0.001&haltMargin=3&lr=0.01'))).toBe('trained 2,000 steps with the CLI (τ 0.01, halting-logit penalty 0.001 beyond |z| 3, lr 0.01, seed 1)');
    expect(describeTraining(metadata, configOf('task=copy&halting=act&tau=0.01&haltPenalty=0.001&eps=0.2&lr=0.01'))).toBe('trained 2,000 steps with the CLI (τ 0.01, halting-logit penalty 0.001, ε 0.2, lr 0.01, seed 1)');
    expect(describeTraining(metadata, configOf('task=copy&halting=act&tau=0.01&lr=0.003&dropout=0.3&weightDecay=0.1'))).toBe('trained 2,000 steps with the CLI (τ 0.01, lr 0.003, weight decay 0.1, output dropout 0.3, seed 1)');
    expect(describeTraining(metadata, configOf('task=copy&halting=none&lr=0.01&lrHalfLife=2000'))).toBe('trained 2,000 steps with the CLI (lr 0.01 halving every 2,000 steps, seed 1)');
    expect(describeTraining(metadata, configOf('task=copy&halting=act&tau=0.003&tauWarmup=1500&lr=0.01'))).toBe('trained 2,000 steps with the CLI (τ 0.003 reached over 1,500 steps, lr 0.01, seed 1)');
  });

  it('name what a curriculum had raised by the snapshot\'s last step', () => {
    const metadata = { steps: 2000 };
    expect(describeTraining(metadata, configOf('task=parity&halting=none&lr=0.01&lrHalfLife=0&trainNonZero=1&nonZeroEvery=500'))).toBe('trained 2,000 steps with the CLI (lr 0.01, seed 1); a curriculum: training non-zero at most 1 → 5');
    expect(describeTraining(metadata, configOf('task=copy&halting=none&lr=0.01&copyMaxLength=5&copyIncrement=2&copyEvery=1000'))).toBe('trained 2,000 steps with the CLI (lr 0.01, seed 1); a curriculum: vectors to copy (max) 5 → 9');
    expect(describeTraining(metadata, configOf('task=copy&halting=none&lr=0.01&copyMaxLength=5'))).toBe('trained 2,000 steps with the CLI (lr 0.01, seed 1)');
  });

  it('start a pretrained run from the task\'s snapshot, saying how it was trained; a fresh run says it could load it', async () => {
    const files = await snapshotOf('task=parity&bits=6&hidden=8&tau=0.0001&seed=4');
    const { service, nth, trainers } = serviceHarness({ snapshots: snapshots(files) });
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [], pretrained: true });
    const { origin } = await nth('origin');
    expect(origin).toMatchObject({ available: true, problem: null, step: 1234 });
    // The settings it was trained with, which the page compares with its own (src/ui/snapshotSettings.ts).
    expect(origin.trainedWith).toMatchObject({ tau: 0.0001, lr: configOf('task=parity').lr, dropout: 0 });
    // The run continues the snapshot's training: its step (learning-rate schedule, curriculum) goes on from there.
    expect((await nth('ready')).step).toBe(1234);
    await service.receive({ type: 'stats' });
    expect((await nth('stats')).stats.step).toBe(1234);
    await service.receive({ type: 'step' });
    await service.receive({ type: 'stats' });
    expect((await nth('stats', 2)).stats.step).toBe(1234 + 1);
    expect(origin.pretrained).toBe(
      'the pretrained snapshot (RNN, 8 units, 1 layer, with ACT, halting bias −2), trained 1,234 steps with the CLI (τ 0.0001 reached over 4,000 steps, halting-logit penalty 0.0001, lr 0.01 halving every 6,000 steps, seed 4); a curriculum: training non-zero at most 1 → 2; then 0.4% sequence error, ponder 2.50 on 1,000 held-out sequences',
    );
    expect(trainers).toHaveLength(0); // resumed from the snapshot, not created fresh
    await service.receive({ type: 'init', runId: 2, config: SMALL_RUN, avoid: [], pretrained: false });
    expect((await nth('origin', 2)).origin).toEqual({ pretrained: null, step: 0, problem: null, available: true, trainedWith: null });
    expect((await nth('ready', 2)).step).toBe(0);
    expect(trainers).toHaveLength(1);
  });

  it('evaluate a pretrained run at the snapshot\'s step before it trains, then every few hundred steps from there', async () => {
    const { service, nth, all, runDelayed } = serviceHarness({ snapshots: snapshots(await snapshotOf('task=parity&bits=6&hidden=8')) });
    await service.receive({ type: 'init', runId: 1, config: SMALL_RUN, avoid: [], pretrained: true });
    runDelayed();
    expect((await nth('evaluation')).snapshot.step).toBe(1234);
    // Replaced before it trained: nothing new to evaluate.
    await service.receive({ type: 'init', runId: 2, config: SMALL_RUN, avoid: [], pretrained: true });
    await nth('ready', 2);
    expect(all('evaluation')).toHaveLength(1);
    await service.receive({ type: 'start' });
    const periodic = await nth('evaluation', 2, 60_000);
    await service.receive({ type: 'pause' });
    expect([periodic.runId, periodic.snapshot.step]).toEqual([2, 1234 + EVALUATION_EVERY_STEPS]);
  }, 90_000);

  it('continue at the snapshot\'s step, and at the τ its ponder budget reached when the run keeps that budget and τ', async () => {
    const budgeted = await snapshotFilesOf('task=parity&bits=6&hidden=8&tau=0.01&ponderTarget=3');
    const start = (text: string, files = budgeted) => {
      const { resume } = snapshotStart(files, configOf(text));
      resume.model.dispose();
      return { step: resume.step, tau: resume.tau };
    };
    expect(start('task=parity&bits=6&hidden=8&tau=0.01&ponderTarget=3')).toEqual({ step: 1234, tau: 0.0042 });
    // Another budget, another starting τ or no budget: τ starts where the run's settings say.
    expect(start('task=parity&bits=6&hidden=8&tau=0.01&ponderTarget=2')).toEqual({ step: 1234, tau: undefined });
    expect(start('task=parity&bits=6&hidden=8&tau=0.001&ponderTarget=3')).toEqual({ step: 1234, tau: undefined });
    expect(start('task=parity&bits=6&hidden=8&tau=0.01')).toEqual({ step: 1234, tau: undefined });
    // A snapshot that does not record its steps (or records nonsense) starts at step 0.
    expect(start('task=parity&bits=6&hidden=8', await snapshotFilesOf('task=parity&bits=6&hidden=8', { steps: -3 }))).toEqual({ step: 0, tau: undefined });
  });

  it('fall back to a fresh model, saying why, when the snapshot has another shape or other task settings, or is missing', async () => {
    const wider = await snapshotOf('task=parity&bits=6&hidden=9');
    const other = await snapshotOf('task=parity&bits=6&hidden=8&layout=prefix');
    const config = SMALL_RUN;
    expect((await snapshots(wider).start(config, true)).origin.problem).toMatch(/it is RNN, 9 units, 1 layer, with ACT, halting bias −2; these settings ask for RNN, 8 units/);
    expect((await snapshots(other).start(config, true)).origin.problem).toMatch(/it was trained with layout=prefix; these settings have layout=random/);
    // The halting unit's starting bias is part of the model's description: a mismatch names it.
    const paperBias = await snapshotOf('task=parity&bits=6&hidden=8&haltBias=1');
    expect((await snapshots(paperBias).start(config, true)).origin.problem).toMatch(/it is RNN, 8 units, 1 layer, with ACT; these settings ask for RNN, 8 units, 1 layer, with ACT, halting bias −2/);
    expect((await snapshots({}).start(config, true)).origin.problem).toMatch(/could not be used .*fresh model/);
    expect((await snapshots({}).start(configOf('task=sort'), true)).origin).toEqual({ pretrained: null, step: 0, problem: null, available: false, trainedWith: null });
  });

  it('start from whichever of the task\'s snapshots fits, and say why each does not when none does', async () => {
    const served = { ...(await snapshotOf('task=parity&bits=6&hidden=8')), ...(await snapshotOf('task=parity&bits=6&hidden=9&lr=0.003', 'parity-act-paper')) };
    const both = snapshots(served, [{ task: 'parity', preset: 'quick' }, { task: 'parity', preset: 'paper' }]);
    const quick = await both.start(SMALL_RUN, true);
    expect(quick.origin.pretrained).toMatch(/^the pretrained snapshot \(RNN, 8 units.*lr 0\.01/);
    const paper = await both.start(configOf('task=parity&bits=6&hidden=9'), true);
    expect(paper.origin.pretrained).toMatch(/^the pretrained snapshot \(RNN, 9 units.*lr 0\.003/);
    const neither = await both.start(configOf('task=parity&bits=6&hidden=10'), true);
    expect(neither.resume).toBeUndefined();
    expect(neither.origin).toEqual({
      pretrained: null,
      step: 0,
      available: true,
      trainedWith: null,
      problem: 'No pretrained snapshot fits (the quick preset\'s: it is RNN, 8 units, 1 layer, with ACT, halting bias −2; these settings ask for RNN, 10 units, 1 layer, with ACT, halting bias −2; '
        + 'the paper preset\'s: it is RNN, 9 units, 1 layer, with ACT, halting bias −2; these settings ask for RNN, 10 units, 1 layer, with ACT, halting bias −2): this run starts from a fresh model.',
    });
    [quick, paper].forEach(({ resume }) => resume?.model.dispose());
  });
});
