import { describe, expect, it } from 'vitest';
import { COMPILE_ALLOWANCE_MS, CompileAllowance } from './compileAllowance';

function recorded() {
  const gaps: number[] = [];
  return { gaps, allowance: new CompileAllowance((ms) => gaps.push(ms)) };
}

describe('CompileAllowance', () => {
  it('announces the first run of each kind of work on a GPU backend, and withdraws it after', async () => {
    const { gaps, allowance } = recorded();
    const seen: number[][] = [];
    await allowance.around('webgl', 'step', async () => void seen.push([...gaps]));
    expect(seen).toEqual([[COMPILE_ALLOWANCE_MS]]);
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS, 0]);
    await allowance.around('webgl', 'step', async () => undefined);
    expect(gaps).toHaveLength(2);
    await allowance.around('webgpu', 'evaluate', async () => undefined);
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS, 0, COMPILE_ALLOWANCE_MS, 0]);
  });

  it('announces nothing on WASM or the CPU, which compile nothing', async () => {
    const { gaps, allowance } = recorded();
    await allowance.around('wasm', 'step', async () => undefined);
    await allowance.around('cpu', 'step', async () => undefined);
    await allowance.around(undefined, 'step', async () => undefined);
    expect(gaps).toEqual([]);
  });

  it('keeps the gap while overlapping first runs last, and announces again after forget or a failed run', async () => {
    const { gaps, allowance } = recorded();
    let finishTrace!: () => void;
    const trace = allowance.around('webgl', 'trace', () => new Promise<void>((resolve) => (finishTrace = resolve)));
    await allowance.around('webgl', 'evaluate', async () => undefined);
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS]);
    finishTrace();
    await trace;
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS, 0]);
    await expect(allowance.around('webgl', 'step', async () => Promise.reject(new Error('lost')))).rejects.toThrow('lost');
    await allowance.around('webgl', 'step', async () => undefined);
    allowance.forget();
    await allowance.around('webgl', 'trace', async () => undefined);
    expect(gaps).toEqual([COMPILE_ALLOWANCE_MS, 0, COMPILE_ALLOWANCE_MS, 0, COMPILE_ALLOWANCE_MS, 0, COMPILE_ALLOWANCE_MS, 0]);
  });
});
