/** End to end: `train` on several threads — WASM's own threads, and each batch split among worker threads. */
import { describe, expect, it } from 'vitest';
import { cli, jsonLines } from './cliProcess.testing';

describe('train on several threads', () => {
  it('with --threads 2, trains on two WASM threads to the same numbers as on one, and exits', async () => {
    const config = 'task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=16&batch=8&maxSteps=4';
    const [one, two, shown] = await Promise.all([
      cli('train', '--config', config, '--steps', '4', '--json', '--log-every', '2'),
      cli('train', '--config', config, '--steps', '4', '--json', '--log-every', '2', '--threads', '2'),
      cli('train', '--config', config, '--steps', '1', '--threads', '2'),
    ]);
    for (const result of [one, two, shown]) expect(result.code, result.stderr).toBe(0);
    const numbers = (stdout: string) => (jsonLines(stdout) as { step?: number; loss?: number; gradNorm?: number }[]).filter((line) => line.step).map(({ step, loss, gradNorm }) => [step, loss, gradNorm]);
    expect(numbers(two.stdout)).toEqual(numbers(one.stdout));
    expect(shown.stdout).toMatch(/backend wasm \(WebAssembly, 2 threads, SIMD\)/);
  });

  it('with --split-batch 3, splits each batch among two worker threads and itself: the same run to float rounding, and exits', async () => {
    const config = 'task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=16&batch=9&maxSteps=4';
    const [one, three, refused] = await Promise.all([
      cli('train', '--config', config, '--steps', '4', '--json', '--log-every', '2'),
      cli('train', '--config', config, '--steps', '4', '--json', '--log-every', '2', '--split-batch', '3'),
      cli('train', '--config', `${config}&dropout=0.1`, '--steps', '1', '--split-batch', '2'),
    ]);
    for (const result of [one, three]) expect(result.code, result.stderr).toBe(0);
    const numbers = (stdout: string) => (jsonLines(stdout) as { step?: number; loss?: number; ponder?: number }[]).filter((line) => line.step).map(({ loss, ponder }) => [loss!, ponder!]);
    const [alone, split] = [numbers(one.stdout), numbers(three.stdout)];
    expect(split).toHaveLength(alone.length);
    split.flat().forEach((value, i) => expect(value).toBeCloseTo(alone.flat()[i], 4));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/training on 2 threads splits each batch by rows; dropout/);
  });
});
