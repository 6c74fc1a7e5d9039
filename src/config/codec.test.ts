import { describe, expect, it } from 'vitest';
import { encodeConfig, keysNeedingReset, parseConfig, withValue } from './codec';
import { SCHEMA, SCHEMA_VERSION, defaultConfig, withPreset } from './schema';

describe('config codec', () => {
  it('reads a hash and a CLI string alike, and round-trips through encodeConfig', () => {
    const fromHash = parseConfig('#task=parity&bits=12&tau=0.001&act=1&cell=gru');
    const fromCli = parseConfig('task=parity&bits=12&tau=0.001&act=1&cell=gru');
    expect(fromHash).toEqual(fromCli);
    expect(fromHash.problems).toEqual([]);
    expect(fromHash.config).toMatchObject({ task: 'parity', bits: 12, tau: 0.001, halting: 'act', cell: 'gru' });
    const text = encodeConfig(fromHash.config);
    expect(text.startsWith(`v=${SCHEMA_VERSION}&task=parity&`)).toBe(true);
    expect(parseConfig(text)).toEqual({ config: fromHash.config, problems: [] });
  });

  it('names every unknown key and invalid value, applies the valid ones and defaults the rest', () => {
    const { config, problems } = parseConfig('bits=999&tau=abc&hidden=32&colour=red&cell=transformer&act=maybe&lr=NaN&seed=-1&v=99');
    expect(problems.map((p) => p.key).sort()).toEqual(['act', 'bits', 'cell', 'colour', 'hidden', 'lr', 'seed', 'tau', 'v'].filter((k) => k !== 'hidden').sort());
    const defaults = defaultConfig('parity');
    expect(config).toEqual({ ...defaults, hidden: 32 });
    expect(problems.find((p) => p.key === 'bits')?.message).toMatch(/out of range 2 to 64; using 10/);
    expect(problems.find((p) => p.key === 'colour')?.message).toMatch(/not a known setting/);
    expect(problems.find((p) => p.key === 'v')?.message).toMatch(/schema version/);
  });

  it('names a key of another task as not applying, and keeps the default', () => {
    const { config, problems } = parseConfig('task=parity&window=50&bits=6');
    expect(config.window).toBe(defaultConfig('parity').window);
    expect(config.bits).toBe(6);
    expect(problems).toEqual([
      expect.objectContaining({ key: 'window', value: '50', message: 'applies only to task=wiki (this config has task=parity); ignored' }),
    ]);
    expect(encodeConfig(config)).not.toMatch(/window=/);
  });

  it('survives malformed text without throwing', () => {
    for (const text of ['', '#', '&&&', '=', '%E0%A4%A=1', 'bits=%', 'task', 'bits==3', '\u0000=\u0000', 'tau=1e-400', 'bits=1e1']) {
      const { config, problems } = parseConfig(text);
      expect(config.task).toBe('parity');
      expect(Array.isArray(problems)).toBe(true);
    }
    expect(parseConfig('bits=1e1').problems[0].message).toMatch(/whole number/);
  });

  it('starts each task from its quick preset, and reports a repeated key', () => {
    const { config, problems } = parseConfig('task=parity&task=parity&seed=5');
    expect(config).toEqual({ ...withPreset(defaultConfig(), 'quick'), seed: 5 });
    expect(problems).toEqual([{ key: 'task', value: 'parity', reason: 'is given more than once', message: 'is given more than once; the last one applies' }]);
  });

  it('reads the old act key: act=1 is halting=act, act=0 is halting=none, and old strings stay valid', () => {
    // A config string as saved in model.json and written in links before halting methods existed.
    const old = 'v=1&task=parity&cell=rnn&hidden=64&layers=1&act=0&ponderMode=stack&tau=0.001&eps=0.01&maxSteps=20&lr=0.01&batch=128&clip=10&seed=1&backend=auto&bits=8&layout=random';
    const plain = parseConfig(old);
    expect(plain.problems).toEqual([]);
    expect(plain.config).toMatchObject({ halting: 'none', hidden: 64, lr: 0.01 });
    const act = parseConfig(old.replace('act=0', 'act=1').replace('tau=0.001', 'tau=0.02'));
    expect(act.problems).toEqual([]);
    expect(act.config).toMatchObject({ halting: 'act', tau: 0.02, haltBias: 1 });
    // An explicit halting wins; the new encoding names the method, not act.
    expect(parseConfig('act=1&halting=repeat&repeats=3').config).toMatchObject({ halting: 'repeat', repeats: 3 });
    expect(encodeConfig(act.config)).toMatch(/&halting=act&/);
    expect(encodeConfig(act.config)).not.toMatch(/&act=/);
  });

  it('reads a link of an earlier schema version on the quick preset of its time', () => {
    // A logic link written before the quick preset gained a ponder budget (version 1) carried every key of its
    // time but not ponderTarget: it still means "no budget", and a version-1 link naming only the task means the
    // old preset. Today's links (version 2) read missing keys from today's preset.
    const written = 'v=1&task=logic&cell=lstm&hidden=64&layers=1&halting=act&ponderMode=stack&tau=0.01&eps=0.01&maxSteps=20&haltBias=1&lr=0.001&batch=32&clip=10&seed=1&backend=auto&logicLength=3&maxGates=3';
    const old = parseConfig(written);
    expect(old.problems).toEqual([]);
    expect(old.config.ponderTarget).toBe(SCHEMA.ponderTarget.default);
    expect(parseConfig('v=1&task=logic').config).toMatchObject({ lr: 0.001, maxSteps: 20, ponderTarget: SCHEMA.ponderTarget.default });
    const today = defaultConfig('logic');
    expect(today.ponderTarget).not.toBe(SCHEMA.ponderTarget.default);
    expect(parseConfig(`v=${SCHEMA_VERSION}&task=logic`).config).toEqual(today);
    // Read back, it means the same (keys of other cells may take today's defaults: they do not apply).
    expect(encodeConfig(parseConfig(encodeConfig(old.config)).config)).toEqual(encodeConfig(old.config));
  });

  it('reads logic links of versions 2 to 11 with 3 vectors of up to 3 gates and a budget of 4, 12 and 13 with 10 of up to 6 and 5, today\'s with 10 of up to 10 and 5.5', () => {
    for (let version = 2; version <= 11; version++) {
      expect(parseConfig(`v=${version}&task=logic`).config).toMatchObject({ logicLength: 3, maxGates: 3, ponderTarget: 4, hidden: 64, lr: 0.003, maxSteps: 10 });
    }
    for (const version of [12, 13]) {
      expect(parseConfig(`v=${version}&task=logic`).config).toMatchObject({ logicLength: 10, maxGates: 6, ponderTarget: 5, hidden: 64, batch: 32, lr: 0.003, maxSteps: 10 });
    }
    expect(parseConfig('task=logic').config).toMatchObject({ logicLength: 10, maxGates: 10, ponderTarget: 5.5, hidden: 64, batch: 128, lr: 0.006, maxSteps: 10 });
    // Full version-11 and version-13 links carry every logic key and keep their meaning when read again today.
    for (const version of [11, 13]) {
      const written = encodeConfig(parseConfig(`v=${version}&task=logic`).config);
      expect(written).toMatch(version === 11 ? /&logicLength=3&maxGates=3/ : /&logicLength=10&maxGates=6/);
      expect(parseConfig(written).config).toEqual(parseConfig(`v=${version}&task=logic`).config);
    }
  });

  it('reads Wikipedia links of versions 1 and 2 without the halting-logit penalty and τ 0.01 that version 3 added', () => {
    const written = 'v=2&task=wiki&cell=lstm&hidden=128&layers=1&halting=act&ponderMode=stack&eps=0.01&maxSteps=10&haltBias=1&evalMaxSteps=0&lr=0.02&batch=16&clip=10&tbptt=0&tbpttDelta=0&seed=1&backend=auto&tau=0.001&ponderTarget=0&ponderRate=0.01&window=100';
    const old = parseConfig(written);
    expect(old.problems).toEqual([]);
    expect(old.config).toMatchObject({ haltPenalty: 0, tau: 0.001, lr: 0.02 });
    expect(parseConfig('v=2&task=wiki').config).toMatchObject({ haltPenalty: 0, tau: SCHEMA.tau.default, lr: 0.02 });
    expect(parseConfig('v=1&task=wiki').config).toMatchObject({ haltPenalty: 0, tau: SCHEMA.tau.default, lr: 0.003 });
    expect(parseConfig('task=wiki').config).toMatchObject({ haltPenalty: 0.001, tau: 0.01 });
    expect(parseConfig(encodeConfig(old.config)).config).toEqual(old.config);
  });

  it('reads links of versions 1 to 3 on the presets of their time: Wikipedia on an LSTM 128, addition at τ 0.1', () => {
    expect(parseConfig('v=3&task=wiki').config).toMatchObject({ hidden: 128, batch: 16, lr: 0.02, tau: 0.01, haltPenalty: 0.001 });
    expect(parseConfig('task=wiki').config).toMatchObject({ hidden: 256, batch: 32, lr: 0.01, tau: 0.01, haltPenalty: 0.001 });
    // Version 9: the learning rate halves every 5,000 steps, with output dropout 0.3; links of versions 4–8 keep neither.
    for (const version of [4, 5, 6, 7, 8]) expect(parseConfig(`v=${version}&task=wiki`).config).toMatchObject({ hidden: 256, lr: 0.01, lrHalfLife: 0, dropout: 0 });
    expect(parseConfig('task=wiki').config).toMatchObject({ hidden: 256, lr: 0.01, lrHalfLife: 5000, dropout: 0.3 });
    for (const version of [1, 2, 3]) expect(parseConfig(`v=${version}&task=addition`).config).toMatchObject({ tau: 0.1, hidden: 128, lr: 0.003 });
    expect(parseConfig('task=addition').config.tau).toBe(0.03);
    for (const task of ['wiki', 'addition']) expect(parseConfig(`v=${SCHEMA_VERSION}&task=${task}`).config).toEqual(parseConfig(`task=${task}`).config);
  });

  it('reads parity links of versions 1 to 4 with the halting bias +1 of their quick preset, later ones with −1.5', () => {
    for (const version of [1, 2, 3, 4]) expect(parseConfig(`v=${version}&task=parity`).config).toMatchObject({ haltBias: 1, hidden: 64, tau: 0.0001 });
    for (const version of [5, 6, 7, 12]) expect(parseConfig(`v=${version}&task=parity`).config).toMatchObject({ haltBias: -1.5, hidden: 64 });
    expect(parseConfig(`v=${SCHEMA_VERSION}&task=parity`).config).toEqual(parseConfig('task=parity').config);
    // A full version-4 link carries its halting bias and keeps it.
    const written = encodeConfig(parseConfig('v=4&task=parity').config);
    expect(written).toMatch(/&haltBias=1&/);
    expect(parseConfig(written).config.haltBias).toBe(1);
  });

  it('reads parity links of versions 1 to 5 with a constant learning rate, today\'s halving it every 2,000 steps', () => {
    for (const version of [1, 2, 3, 4, 5]) expect(parseConfig(`v=${version}&task=parity`).config.lrHalfLife).toBe(0);
    expect(parseConfig('v=5&task=parity').config).toMatchObject({ haltBias: -1.5, lr: 0.01 });
    expect(parseConfig('v=12&task=parity').config).toMatchObject({ haltBias: -1.5, lr: 0.01, lrHalfLife: 2000 });
    // A full link written today carries its half-life; one of version 5 without the key keeps the constant rate.
    expect(encodeConfig(parseConfig('task=parity').config)).toMatch(/&lrHalfLife=6000&/);
    expect(parseConfig('v=5&task=parity&lr=0.01').config.lrHalfLife).toBe(0);
  });

  it('reads parity links of versions 1 to 6 with τ 1e-4 from the first step, today\'s with 3e-3 after a warm-up', () => {
    for (const version of [1, 2, 3, 4, 5, 6]) expect(parseConfig(`v=${version}&task=parity`).config).toMatchObject({ tau: 0.0001, tauWarmup: 0 });
    expect(parseConfig('v=6&task=parity').config.lrHalfLife).toBe(2000);
    expect(parseConfig('v=12&task=parity').config).toMatchObject({ tau: 0.003, tauWarmup: 4000, lrHalfLife: 2000 });
    // A full version-6 link carries τ but could not carry the warm-up: it keeps training at τ from step 0.
    const written = 'v=6&task=parity&cell=rnn&hidden=64&layers=1&halting=act&ponderMode=stack&eps=0.01&maxSteps=20&haltBias=-1.5&evalMaxSteps=0&lr=0.01&lrHalfLife=2000&batch=128&clip=10&weightDecay=0&dropout=0&tbptt=0&tbpttDelta=0&seed=5&backend=auto&tau=0.0001&ponderTarget=0&ponderRate=0.01&haltPenalty=0&haltMargin=0&bits=8&layout=random&trainNonZero=0';
    expect(parseConfig(written)).toMatchObject({ problems: [], config: { tau: 0.0001, tauWarmup: 0 } });
    expect(encodeConfig(parseConfig('task=parity').config)).toMatch(/&tauWarmup=4000&/);
  });

  it('reads parity links of versions 7 to 12 with 8 bits and no curriculum, today\'s with 10 bits under one', () => {
    for (let version = 7; version <= 12; version++) {
      expect(parseConfig(`v=${version}&task=parity`).config).toMatchObject({ bits: 8, trainNonZero: 0, nonZeroEvery: 0, haltPenalty: 0, haltBias: -1.5, lrHalfLife: 2000, tau: 0.003, tauWarmup: 4000 });
    }
    expect(parseConfig('task=parity').config).toMatchObject({ bits: 10, trainNonZero: 1, nonZeroEvery: 1000, haltPenalty: 0.0001, haltBias: -2, lrHalfLife: 6000, tau: 0.003, tauWarmup: 4000, hidden: 64 });
    // A full version-12 link carries every parity key and keeps its meaning when read again today.
    const written = encodeConfig(parseConfig('v=12&task=parity').config);
    expect(written).toMatch(/&bits=8&layout=random&trainNonZero=0/);
    expect(parseConfig(written).config).toEqual(parseConfig('v=12&task=parity').config);
    // The paper preset does not keep the quick preset's curriculum (a task option, which presets otherwise leave).
    expect(withPreset(parseConfig('task=parity').config, 'paper')).toMatchObject({ bits: 64, trainNonZero: 0, nonZeroEvery: 0 });
  });

  it('reads sort links of versions 1 to 7 with τ 0.01 alone, of 8 and 9 at ε 0.01, of 10 at ε 0.2, today\'s with its snapshot\'s recipe', () => {
    for (const version of [1, 2, 3, 4, 5, 6, 7]) expect(parseConfig(`v=${version}&task=sort`).config).toMatchObject({ tau: 0.01, tauWarmup: 0, haltPenalty: 0, lrHalfLife: 0, hidden: 128 });
    expect(parseConfig('task=sort').config).toMatchObject({ tau: 0.003, tauWarmup: 5000, haltPenalty: 0.001, lrHalfLife: 5000, hidden: 128, eps: 0.25 });
    expect(parseConfig(`v=${SCHEMA_VERSION}&task=sort`).config).toEqual(parseConfig('task=sort').config);
    // Versions 8 and 9: the same recipe at ε 0.01; version 10 at ε 0.2; today's halts at ε 0.25.
    for (const version of [8, 9]) expect(parseConfig(`v=${version}&task=sort`).config).toMatchObject({ eps: 0.01, tau: 0.003, tauWarmup: 5000, haltPenalty: 0.001, lrHalfLife: 5000, hidden: 128 });
    expect(parseConfig('v=10&task=sort').config).toMatchObject({ eps: 0.2, tau: 0.003, tauWarmup: 5000, haltPenalty: 0.001, lrHalfLife: 5000, hidden: 128 });
    for (const version of [1, 7]) expect(parseConfig(`v=${version}&task=sort`).config.eps).toBe(0.01);
    // A key the link carries wins over its version's preset.
    expect(parseConfig('v=10&task=sort&eps=0.3').config.eps).toBe(0.3);
  });

  it('reads a version-1 aLSTM link as unthreaded (its layers did not pass z then), today\'s as threaded', () => {
    const old = parseConfig('v=1&task=parity&cell=alstm&layers=2&adaptSize=8');
    expect(old.problems).toEqual([]);
    expect(old.config.adaptThread).toBe(false);
    expect(encodeConfig(old.config)).toMatch(/adaptThread=0/);
    expect(parseConfig(encodeConfig(old.config)).config).toEqual(old.config);
    expect(parseConfig('task=parity&cell=alstm&layers=2').config.adaptThread).toBe(true);
    expect(parseConfig(`v=${SCHEMA_VERSION}&task=parity&cell=alstm&layers=2`).config.adaptThread).toBe(true);
  });

  it('shows and accepts each halting method\'s keys only with that method', () => {
    const ponderNet = parseConfig('halting=pondernet&beta=0.02&lambdaP=0.2&evalMaxSteps=40');
    expect(ponderNet.problems).toEqual([]);
    expect(encodeConfig(ponderNet.config)).toMatch(/halting=pondernet.*eps=.*maxSteps=20.*haltBias=-2.*evalMaxSteps=40.*beta=0.02&lambdaP=0.2/);
    expect(encodeConfig(ponderNet.config)).not.toMatch(/tau=|repeats=/);
    const repeat = parseConfig('halting=repeat&repeats=5&tau=0.01&beta=1');
    expect(repeat.config.repeats).toBe(5);
    expect(repeat.problems.map((p) => [p.key, p.reason])).toEqual([
      ['tau', 'applies only to halting=act (this config has halting=repeat)'],
      ['beta', 'applies only to halting=pondernet (this config has halting=repeat)'],
    ]);
    expect(encodeConfig(repeat.config)).not.toMatch(/eps=|maxSteps=|tau=/);
  });

  it('checks typed values and knows which changes need a new model', () => {
    const base = defaultConfig();
    expect(withValue(base, 'tau', -1)).toEqual({ error: expect.stringMatching(/Time penalty τ: out of range/) });
    const changed = withValue(base, 'tau', 0.01);
    if (!('config' in changed)) throw new Error('refused');
    expect(keysNeedingReset(base, changed.config)).toEqual([]);
    expect(keysNeedingReset(base, { ...base, hidden: 7, tau: 0.5 })).toEqual(['hidden']);
  });
});
